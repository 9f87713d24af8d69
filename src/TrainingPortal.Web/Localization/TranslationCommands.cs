using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CsvHelper;
using CsvHelper.Configuration;

namespace TrainingPortal.Web.Localization;

/// <summary>
/// The translators' round trip: <c>translations export strings.csv</c> writes every string of Shared*.resx to one CSV
/// (key, en, zh-Hans, zh-Hant, comment) that opens in Excel; <c>translations import strings.csv</c> reads it back and
/// rewrites the resx files. An import is all or nothing: a row whose placeholders differ from the English, an empty
/// translation or a repeated key is reported with its row, and no file is touched.
/// </summary>
public static partial class TranslationCommands
{
    private static readonly string[] Columns = ["key", "en", "zh-Hans", "zh-Hant", "comment"];
    private static readonly (string Language, string File)[] Files = [("en", "Shared.resx"), ("zh-Hans", "Shared.zh-Hans.resx"), ("zh-Hant", "Shared.zh-Hant.resx")];

    [GeneratedRegex(@"\{(\d+)(?:[:,][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*$")]
    private static partial Regex KeyPattern();

    public sealed record Entry(string Key, string English, string Simplified, string Traditional, string? Comment);

    public static int Run(string[] args, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        var rest = args.SkipWhile(a => a != "translations").Skip(1).ToList();
        var resources = rest.SkipWhile(a => a != "--resources").Skip(1).FirstOrDefault() ?? FindResources();
        var positional = rest.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || rest[i - 1] != "--resources")).ToList();
        if (positional.Count != 2 || positional[0] is not ("export" or "import") || resources is null)
        {
            errors.WriteLine("usage: translations export|import <file.csv> [--resources <folder with Shared.resx>]");
            return 2;
        }

        var csvPath = Path.GetFullPath(positional[1]);
        if (positional[0] == "export")
        {
            var entries = Read(resources);
            Export(entries, csvPath);
            output.WriteLine($"{entries.Count} strings written to {csvPath}");
            return 0;
        }

        var (imported, problems) = Import(csvPath);
        if (problems.Count > 0)
        {
            errors.WriteLine($"{csvPath}: {problems.Count} problem(s); nothing was changed");
            problems.ForEach(p => errors.WriteLine("  " + p));
            return 1;
        }

        var merged = Read(resources).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var changed = imported.Count(e => !merged.TryGetValue(e.Key, out var old) || old != e);
        foreach (var entry in imported)
        {
            merged[entry.Key] = entry;
        }

        Write(resources, merged.Values);
        output.WriteLine($"{imported.Count} rows read, {changed} strings added or changed in {resources}");
        return 0;
    }

    public static List<Entry> Read(string resources)
    {
        var byLanguage = Files.ToDictionary(f => f.Language, f => XDocument.Load(Path.Combine(resources, f.File)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => (Value: d.Element("value")?.Value ?? "", Comment: d.Element("comment")?.Value)));
        return byLanguage["en"].OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase).Select(e => new Entry(e.Key, e.Value.Value,
                byLanguage["zh-Hans"].GetValueOrDefault(e.Key).Value ?? "", byLanguage["zh-Hant"].GetValueOrDefault(e.Key).Value ?? "", e.Value.Comment))
            .ToList();
    }

    public static void Export(IEnumerable<Entry> entries, string csvPath)
    {
        using var writer = new StreamWriter(csvPath, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)); // Excel needs the BOM for Chinese
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var entry in entries)
        {
            csv.WriteField(entry.Key);
            csv.WriteField(entry.English);
            csv.WriteField(entry.Simplified);
            csv.WriteField(entry.Traditional);
            csv.WriteField(entry.Comment ?? "");
            csv.NextRecord();
        }
    }

    public static (List<Entry> Entries, List<string> Problems) Import(string csvPath)
    {
        var entries = new List<Entry>();
        var problems = new List<string>();
        using var reader = new StreamReader(csvPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header || !Columns.SequenceEqual(header.Select(h => h.Trim())))
        {
            problems.Add($"row 1: the header must be {string.Join(",", Columns)}");
            return (entries, problems);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var row = csv.Parser.Row;
            var entry = new Entry(Field(csv, 0).Trim(), Field(csv, 1), Field(csv, 2), Field(csv, 3), Field(csv, 4) is { Length: > 0 } c ? c : null);
            var before = problems.Count;
            if (!KeyPattern().IsMatch(entry.Key))
            {
                problems.Add($"row {row}: key '{entry.Key}' must start with a letter and hold only letters, digits, '.', '_' and '-'");
            }
            else if (seen.TryGetValue(entry.Key, out var first))
            {
                problems.Add($"row {row} ({entry.Key}): the key is already on row {first}");
            }

            seen.TryAdd(entry.Key, row);
            foreach (var (language, text) in new[] { ("en", entry.English), ("zh-Hans", entry.Simplified), ("zh-Hant", entry.Traditional) })
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    problems.Add($"row {row} ({entry.Key}): {language} is empty");
                }
                else if (language != "en" && Placeholders(text) != Placeholders(entry.English))
                {
                    problems.Add($"row {row} ({entry.Key}): {language} has placeholders {{{Placeholders(text)}}} but en has {{{Placeholders(entry.English)}}}");
                }
            }

            if (problems.Count == before)
            {
                entries.Add(entry);
            }
        }

        return (entries, problems);
    }

    public static void Write(string resources, IEnumerable<Entry> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var (language, file) in Files)
        {
            var root = new XElement("root",
                Header("resmimetype", "text/microsoft-resx"),
                Header("version", "2.0"),
                Header("reader", "System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"),
                Header("writer", "System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"),
                sorted.Select(e => new XElement("data",
                    new XAttribute("name", e.Key),
                    new XAttribute(XNamespace.Xml + "space", "preserve"),
                    new XElement("value", language switch { "en" => e.English, "zh-Hans" => e.Simplified, _ => e.Traditional }),
                    language == "en" && e.Comment is not null ? new XElement("comment", e.Comment) : null)));
            var path = Path.Combine(resources, file);
            var temporary = path + ".tmp";
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(temporary);
            File.Move(temporary, path, overwrite: true);
        }
    }

    private static XElement Header(string name, string value) => new("resheader", new XAttribute("name", name), new XElement("value", value));

    private static string Field(CsvReader csv, int index) => csv.TryGetField<string>(index, out var value) && value is not null ? value : "";

    private static string Placeholders(string text) =>
        string.Join(",", Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order());

    /// <summary>The source Resources folder: run from the repository root or from the project folder.</summary>
    private static string? FindResources() =>
        new[] { Path.Combine("src", "TrainingPortal.Web", "Resources"), "Resources" }
            .Select(Path.GetFullPath)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "Shared.resx")));
}
