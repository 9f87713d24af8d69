using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Tests.Content;

/// <summary>A small valid content folder in a temp directory; tests break one thing and load it.</summary>
public sealed class CourseFolder : IDisposable
{
    public const string Slug = "sample-course";

    public const string CourseMd = """
        ---
        title: Sample course
        summary: A course for tests.
        category: Testing
        order: 1
        estimated_minutes: 20
        pass_mark: 80
        max_attempts: 3
        questions_per_attempt: 2
        certificate_validity_months: 12
        ---
        Welcome to the **sample** course.
        """;

    public const string QuizYml = """
        questions:
          - id: q-single
            type: single
            prompt: Which is right?
            options:
              - id: a
                text: Wrong
              - id: b
                text: Right
                correct: true
            explanation: B is right.
            lesson: first-steps
            principle: Think about what is right.
          - id: q-multiple
            type: multiple
            prompt: Which two?
            options:
              - { id: a, text: One, correct: true }
              - { id: b, text: Two, correct: true }
              - { id: c, text: Three }
            explanation: One and two.
            lesson: first-steps
            principle: Count carefully.
          - id: q-truefalse
            type: truefalse
            prompt: The sky is blue.
            answer: true
            explanation: It is.
            lesson: first-steps
            principle: Look up.
        """;

    public CourseFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "tp-content-" + Guid.NewGuid().ToString("N"));
        Write("course.md", CourseMd);
        Write("01-first-steps.md", Lesson("First steps"));
        Write("02-next-steps.md", Lesson("Next steps"));
        Write("quiz.yml", QuizYml);
    }

    public string Root { get; }

    public string CourseDir => Path.Combine(Root, "courses", Slug);

    public static string Lesson(string title, string body = "Some text to read.\n\n::: takeaways\n- One point\n:::\n") =>
        $"---\ntitle: {title}\nestimated_minutes: 5\n---\n{body}";

    public CourseFolder Write(string relativePath, string text)
    {
        var path = Path.Combine(CourseDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return this;
    }

    public CourseFolder Replace(string relativePath, string oldText, string newText)
    {
        var path = Path.Combine(CourseDir, relativePath);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text);
        File.WriteAllText(path, text.Replace(oldText, newText));
        return this;
    }

    public CourseFolder Delete(string relativePath)
    {
        File.Delete(Path.Combine(CourseDir, relativePath));
        return this;
    }

    public ContentLoadResult Load() => ContentLoader.Load(Root);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
