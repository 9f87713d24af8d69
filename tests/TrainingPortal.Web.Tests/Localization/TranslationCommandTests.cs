using System.Text;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>The translators' CSV round trip, on a copy of the real resource files.</summary>
public sealed class TranslationCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tp-strings-" + Guid.NewGuid().ToString("N"));

    public TranslationCommandTests()
    {
        Directory.CreateDirectory(_folder);
        foreach (var file in Directory.GetFiles(Path.Combine(ResourceFilesTests.RepositoryRoot(), "src", "TrainingPortal.Web", "Resources"), "Shared*.resx"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv => Path.Combine(_folder, "strings.csv");

    private int Run(string verb, TextWriter? errors = null) => TranslationCommands.Run(["translations", verb, Csv, "--resources", _folder], TextWriter.Null, errors);

    private void EditCsv(string from, string to)
    {
        var text = File.ReadAllText(Csv, Encoding.UTF8);
        Assert.Contains(from, text);
        File.WriteAllText(Csv, text.Replace(from, to, StringComparison.Ordinal), new UTF8Encoding(true));
    }

    [Fact]
    public void Export_then_import_unchanged_keeps_every_string()
    {
        var before = TranslationCommands.Read(_folder);

        Assert.Equal(0, Run("export"));
        Assert.Equal(0, Run("import"));

        Assert.Equal(before, TranslationCommands.Read(_folder));
        Assert.StartsWith("key,en,zh-Hans,zh-Hant,comment", File.ReadAllText(Csv, Encoding.UTF8));
    }

    [Fact]
    public void An_edited_translation_reaches_its_resx_file()
    {
        Run("export");
        EditCsv("Nav.Courses,Courses,课程,課程", "Nav.Courses,Courses,全部课程,全部課程");

        Assert.Equal(0, Run("import"));

        var entry = TranslationCommands.Read(_folder).Single(e => e.Key == "Nav.Courses");
        Assert.Equal(("全部课程", "全部課程"), (entry.Simplified, entry.Traditional));
    }

    [Fact]
    public void A_translation_with_a_wrong_placeholder_is_refused_with_its_row_and_nothing_changes()
    {
        Run("export");
        var row = File.ReadAllLines(Csv, Encoding.UTF8).ToList().FindIndex(l => l.StartsWith("Common.Page,", StringComparison.Ordinal)) + 1;
        EditCsv("第{0}页，共{1}页", "第{0}页，共{2}页");
        var before = File.ReadAllText(Path.Combine(_folder, "Shared.zh-Hans.resx"));
        var error = new StringWriter();

        Assert.Equal(1, Run("import", error));

        Assert.Contains($"row {row} (Common.Page): zh-Hans has placeholders {{0,2}} but en has {{0,1}}", error.ToString());
        Assert.Equal(before, File.ReadAllText(Path.Combine(_folder, "Shared.zh-Hans.resx")));
    }
}
