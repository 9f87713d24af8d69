using System.Text.RegularExpressions;
using System.Xml.Linq;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>
/// A key missing from one language silently shows English, and a placeholder missing from a translation silently
/// drops a value: both are caught here, before a reader sees them.
/// </summary>
public partial class ResourceFilesTests
{
    public static readonly string[] Languages = ["", "zh-Hans", "zh-Hant"];

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrainingPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TrainingPortal.sln not found above the test folder");
    }

    public static Dictionary<string, string> Strings(string language)
    {
        var name = language.Length == 0 ? "Shared.resx" : $"Shared.{language}.resx";
        var path = Path.Combine(RepositoryRoot(), "src", "TrainingPortal.Web", "Resources", name);
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");
    }

    [GeneratedRegex(@"\{(\d+)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();

    private static string Placeholders(string text) =>
        string.Join(",", Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order());

    [Fact]
    public void Every_key_is_in_every_language_with_the_same_placeholders_and_a_value()
    {
        var english = Strings("");
        var problems = new List<string>();
        foreach (var language in Languages.Skip(1))
        {
            var translated = Strings(language);
            problems.AddRange(english.Keys.Except(translated.Keys).Select(k => $"{k}: missing in {language}"));
            problems.AddRange(translated.Keys.Except(english.Keys).Select(k => $"{k}: only in {language}"));
            problems.AddRange(english.Keys.Intersect(translated.Keys)
                .Where(k => Placeholders(english[k]) != Placeholders(translated[k]))
                .Select(k => $"{k}: placeholders {{{Placeholders(english[k])}}} in English but {{{Placeholders(translated[k])}}} in {language}"));
            problems.AddRange(translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{t.Key}: empty in {language}"));
        }

        Assert.True(english.Count > 300, $"only {english.Count} strings");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [GeneratedRegex(@"(?:\bL|\btext|\bT)\[\s*""(?<key>[A-Za-z][A-Za-z0-9_.\-]*)""|ErrorMessage\s*=\s*""(?<key>[^""]+)""|Display\(\s*Name\s*=\s*""(?<key>[^""]+)""")]
    private static partial Regex KeyUse();

    [Fact]
    public void Every_key_the_code_uses_exists()
    {
        var keys = Strings("").Keys.ToHashSet(StringComparer.Ordinal);
        var source = Path.Combine(RepositoryRoot(), "src", "TrainingPortal.Web");
        var missing = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(source, f), Key: m.Groups["key"].Value)))
            .Where(use => !keys.Contains(use.Key))
            .Select(use => $"{use.File}: {use.Key}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "Keys used but not in Shared.resx:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_status_role_and_mail_state_has_a_name_in_every_language()
    {
        var expected = Enum.GetNames<TrainingStatus>().Select(n => $"TrainingStatus.{n}")
            .Concat(Enum.GetNames<Core.Certificates.CertificateStatus>().Select(n => $"CertificateStatus.{n}"))
            .Concat(Enum.GetNames<AccountState>().Select(n => $"AccountState.{n}"))
            .Concat(Enum.GetNames<OutboxState>().Select(n => $"OutboxState.{n}"))
            .Concat(Enum.GetNames<MailWithdrawal>().Select(n => $"MailWithdrawal.{n}"))
            .Concat(Roles.All.Select(r => $"Role.{r}"))
            .ToList();
        foreach (var language in Languages)
        {
            var strings = Strings(language);
            Assert.All(expected, key => Assert.True(strings.ContainsKey(key), $"{key} missing in '{language}'"));
        }
    }
}
