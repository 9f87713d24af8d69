using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Tests.Content;

public class ChecklistAndPulseContentTests : IDisposable
{
    private readonly CourseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Behaviours(int count, string prefix = "Does thing") =>
        "behaviours:\n" + string.Concat(Enumerable.Range(1, count).Select(i => $"  - id: b{i}\n    text: {prefix} {i}.\n"));

    private string Hash(string relativePath) => ContentLoader.SourceHash(Path.Combine(_folder.CourseDir, relativePath));

    private void WritePulse(string text, string name = "statements.yml")
    {
        var path = Path.Combine(_folder.Root, "pulse", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Statements(int count) =>
        "statements:\n" + string.Concat(Enumerable.Range(1, count).Select(i => $"  - id: s{i}\n    text: Statement {i}.\n"));

    [Fact]
    public void A_checklist_gives_the_course_its_behaviours_in_order()
    {
        _folder.Write("checklist.yml", Behaviours(6));

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var checklist = result.Catalog.Find(CourseFolder.Slug)!.Checklist!;
        Assert.Equal(["b1", "b2", "b3", "b4", "b5", "b6"], checklist.Behaviours.Select(b => b.Id));
        Assert.Equal("Does thing 3.", checklist.Find("b3")!.Text);
        Assert.Single(result.Catalog.ObservableCourses);
    }

    [Fact]
    public void A_course_without_a_checklist_cannot_be_observed()
    {
        var result = _folder.Load();

        Assert.True(result.IsValid);
        Assert.Null(result.Catalog.Find(CourseFolder.Slug)!.Checklist);
        Assert.Empty(result.Catalog.ObservableCourses);
    }

    [Theory]
    [InlineData(4, "'behaviours' has 4 item(s); it must have between 5 and 8")]
    [InlineData(9, "'behaviours' has 9 item(s); it must have between 5 and 8")]
    public void A_checklist_has_five_to_eight_behaviours(int count, string expected)
    {
        _folder.Write("checklist.yml", Behaviours(count));

        var problem = Assert.Single(_folder.Load().Problems);

        Assert.Equal($"courses/{CourseFolder.Slug}/checklist.yml", problem.File);
        Assert.Contains(expected, problem.Message);
    }

    [Fact]
    public void A_checklist_with_a_duplicate_id_a_bad_id_or_an_unknown_key_is_refused_at_the_line()
    {
        _folder.Write("checklist.yml", Behaviours(5) + "  - id: b2\n    text: Again.\n  - id: Bad_Id\n    text: Bad.\n  - id: b9\n    text: Fine.\n    weight: 2\n");

        var problems = _folder.Load().Problems.Select(p => (p.Line, p.Message)).ToList();

        Assert.Contains(problems, p => p.Line == 12 && p.Message.Contains("duplicate id 'b2' (first used at line 4)"));
        Assert.Contains(problems, p => p.Line == 14 && p.Message.Contains("id 'Bad_Id' is not valid"));
        Assert.Contains(problems, p => p.Line == 18 && p.Message.Contains("unknown key 'weight'"));
    }

    [Fact]
    public void A_translated_checklist_replaces_the_texts_and_keeps_the_ids()
    {
        _folder.Write("checklist.yml", Behaviours(5));
        _folder.Write("checklist.zh-Hant.yml", $"translated_from: \"{Hash("checklist.yml")}\"\n" + Behaviours(5, "做到").Replace("behaviours:\n", "behaviours:\n"));

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Empty(result.Warnings);
        var hant = result.Library.For("zh-Hant").Find(CourseFolder.Slug)!.Checklist!;
        Assert.True(hant.IsTranslated);
        Assert.Equal("做到 2.", hant.Find("b2")!.Text);
        var hans = result.Library.For("zh-Hans").Find(CourseFolder.Slug)!.Checklist!;
        Assert.False(hans.IsTranslated); // no zh-Hans file: English, and it says so
        Assert.Equal("Does thing 2.", hans.Find("b2")!.Text);
    }

    [Fact]
    public void A_checklist_translation_missing_a_behaviour_or_adding_one_is_refused()
    {
        _folder.Write("checklist.yml", Behaviours(5));
        _folder.Write("checklist.zh-Hans.yml", $"translated_from: \"{Hash("checklist.yml")}\"\nbehaviours:\n" +
            string.Concat(new[] { 1, 2, 3, 4, 7 }.Select(i => $"  - id: b{i}\n    text: 行为 {i}\n")));

        var messages = _folder.Load().Problems.Select(p => p.Message).ToList();

        Assert.Contains(messages, m => m.Contains("'b7' is not in checklist.yml"));
        Assert.Contains(messages, m => m.Contains("'b5' of checklist.yml has no translation here"));
    }

    [Fact]
    public void A_checklist_translation_older_than_its_base_is_a_warning()
    {
        _folder.Write("checklist.yml", Behaviours(5));
        _folder.Write("checklist.zh-Hans.yml", "translated_from: \"000000000000\"\n" + Behaviours(5, "行为"));

        var result = _folder.Load();

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.File.EndsWith("checklist.zh-Hans.yml", StringComparison.Ordinal) && w.Message.Contains("stale translation"));
    }

    [Fact]
    public void Pulse_statements_load_with_their_translations()
    {
        WritePulse(Statements(6));
        WritePulse($"translated_from: \"{ContentLoader.SourceHash(Path.Combine(_folder.Root, "pulse", "statements.yml"))}\"\nstatements:\n" +
            string.Concat(Enumerable.Range(1, 6).Select(i => $"  - id: s{i}\n    text: 陈述 {i}\n")), "statements.zh-Hans.yml");

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(6, result.Catalog.PulseStatements.Count);
        Assert.Equal("陈述 4", result.Library.For("zh-Hans").FindPulseStatement("s4")!.Text);
        Assert.Equal("Statement 4.", result.Library.For("zh-Hant").FindPulseStatement("s4")!.Text);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    public void The_pulse_has_five_to_eight_statements(int count)
    {
        WritePulse(Statements(count));

        var problem = Assert.Single(_folder.Load().Problems);

        Assert.Equal("pulse/statements.yml", problem.File);
        Assert.Contains("between 5 and 8", problem.Message);
    }

    [Fact]
    public void A_pulse_translation_in_a_language_the_portal_does_not_speak_is_refused()
    {
        WritePulse(Statements(5));
        WritePulse(Statements(5), "statements.fr.yml");

        Assert.Contains(_folder.Load().Problems, p => p.File == "pulse/statements.fr.yml" && p.Message.Contains("'fr' is not a language of the portal"));
    }
}
