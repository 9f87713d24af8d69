using TrainingPortal.Web.Tests.Robustness;

namespace TrainingPortal.Web.Tests.Courses;

/// <summary>The content checks as authors and operators meet them: the validate-content command and a refused start.</summary>
public class ContentCommandTests : IDisposable
{
    private readonly string _content = Path.Combine(Path.GetTempPath(), "tp-bad-content-" + Guid.NewGuid().ToString("N"));

    public ContentCommandTests()
    {
        var course = Path.Combine(_content, "courses", "broken-course");
        Directory.CreateDirectory(course);
        File.WriteAllText(Path.Combine(course, "course.md"), "---\ntitle: Broken\nsummary: s\ncategory: c\norder: 1\nestimated_minutes: 5\npass_mark: 150\nmax_attempts: 3\nquestions_per_attempt: 1\ncertificate_validity_months: 0\n---\nIntro\n");
        File.WriteAllText(Path.Combine(course, "01-quiz.md"), "---\ntitle: Named like a route\nestimated_minutes: 5\n---\nText\n");
        File.WriteAllText(Path.Combine(course, "quiz.yml"), "questions:\n  - id: q1\n    type: single\n    prompt: P\n    options:\n      - { id: a, text: A }\n      - { id: b, text: B }\n    explanation: E\n");
    }

    public void Dispose() => Directory.Delete(_content, recursive: true);

    [Fact]
    public async Task Validate_content_lists_every_problem_with_file_and_line_and_exits_non_zero()
    {
        var (exitCode, output) = await PortalProcess.RunAsync(["validate-content", _content]);

        Assert.Equal(1, exitCode);
        Assert.Contains("courses/broken-course/course.md:7: 'pass_mark' is 150; it must be between 1 and 100", output);
        Assert.Contains("courses/broken-course/01-quiz.md: lesson slug 'quiz' collides with the portal's route", output);
        Assert.Contains("courses/broken-course/quiz.yml:6: question 'q1' has no correct option", output);
    }

    [Fact]
    public async Task Validate_content_passes_the_real_content_folder()
    {
        var (exitCode, output) = await PortalProcess.RunAsync(["validate-content"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK, 5 course(s)", output);
    }

    [Fact]
    public async Task The_app_refuses_to_start_on_invalid_content_and_says_why()
    {
        var (exitCode, output) = await PortalProcess.RunAsync(["--urls", "http://127.0.0.1:0"], new()
        {
            ["Content__Path"] = _content,
            ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(_content, "unused.db")}",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("will not start", output);
        Assert.Contains("'pass_mark' is 150", output);
    }
}
