namespace TrainingPortal.Core.Content;

/// <summary>The ids content gives courses, lessons and behaviours, which the database keeps beside learners' progress.</summary>
public static class ContentIds
{
    public const int MaxLength = 100;
}

public sealed record Course(
    string Slug,
    string Title,
    string Summary,
    string Category,
    int Order,
    int EstimatedMinutes,
    int PassMark,
    int MaxAttempts,
    int QuestionsPerAttempt,
    int CertificateValidityMonths,
    string IntroductionHtml,
    IReadOnlyList<Lesson> Lessons,
    IReadOnlyList<QuizQuestion> QuestionPool,
    string ContentVersion,
    string FolderPath,
    string Language = ContentVocabulary.English,
    bool IsTranslated = true,
    bool QuizIsTranslated = true,
    Checklist? Checklist = null,
    ReviewPolicy Review = ReviewPolicy.AfterLastAttempt,
    ComplianceSignOff? SignOff = null,
    Practice? Practice = null,
    ContentPage? PracticeCard = null)
{
    /// <summary>The longest title a course may have in any language: a certificate keeps its course's title as issued.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>True when the course page, every lesson, the quiz, the practice, the card and the checklist are all in <see cref="Language"/>.</summary>
    public bool IsFullyTranslated => IsTranslated && QuizIsTranslated && Lessons.All(l => l.IsTranslated) && (Checklist?.IsTranslated ?? true)
        && (Practice?.IsTranslated ?? true) && (PracticeCard?.IsTranslated ?? true);

    /// <summary>The "try it" decisions at the end of <paramref name="lesson"/>, in the order of practice.yml.</summary>
    public IEnumerable<PracticeDecision> DecisionsFor(Lesson lesson) =>
        Practice?.Decisions.Where(d => string.Equals(d.LessonSlug, lesson.Slug, StringComparison.OrdinalIgnoreCase)) ?? [];

    public Lesson? FindLesson(string slug) =>
        Lessons.FirstOrDefault(l => string.Equals(l.Slug, slug, StringComparison.OrdinalIgnoreCase));

    public QuizQuestion? FindQuestion(string id) =>
        QuestionPool.FirstOrDefault(q => q.Id == id);

    public Lesson? LessonAfter(Lesson lesson) =>
        lesson.Number < Lessons.Count ? Lessons[lesson.Number] : null;

    public Lesson? LessonBefore(Lesson lesson) =>
        lesson.Number > 1 ? Lessons[lesson.Number - 2] : null;
}

/// <param name="IsTranslated">False when the catalog's language has no translation of this lesson and it is shown in English.</param>
public sealed record Lesson(int Number, string Slug, string Title, int EstimatedMinutes, string Html, int WordCount, bool IsTranslated = true)
{
    public string FileName => $"{Number:00}-{Slug}.md";
}

public enum QuestionType
{
    Single,
    Multiple,
    TrueFalse,
}

public sealed record QuizOption(string Id, string TextHtml, bool IsCorrect);

/// <param name="LessonSlug">The lesson the question tests, so a learner who got it wrong knows where to read again.</param>
/// <param name="PrincipleHtml">The idea behind the question, shown after a wrong answer without giving the keyed options away.</param>
public sealed record QuizQuestion(
    string Id,
    QuestionType Type,
    string PromptHtml,
    IReadOnlyList<QuizOption> Options,
    string ExplanationHtml,
    string LessonSlug,
    string PrincipleHtml)
{
    public IReadOnlySet<string> CorrectOptionIds { get; } =
        Options.Where(o => o.IsCorrect).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);

    public QuizOption? FindOption(string id) => Options.FirstOrDefault(o => o.Id == id);
}

/// <summary>When a learner sees a quiz's keyed options and explanations (course.md's <c>review</c>).</summary>
public enum ReviewPolicy
{
    /// <summary>Once the learner has passed.</summary>
    AfterPass,

    /// <summary>Once the learner has passed or has used the last attempt they are allowed.</summary>
    AfterLastAttempt,

    /// <summary>Never: the questions stay usable for the next cycle of a course renewed every year.</summary>
    Never,
}

/// <summary>A compliance officer's sign-off of a course's legal content (course.md's <c>reviewed_by</c> and <c>reviewed_on</c>).</summary>
public sealed record ComplianceSignOff(string ReviewedBy, DateOnly ReviewedOn);

/// <summary>One choice of a "try it" decision, with what the page says once the learner has picked.</summary>
public sealed record PracticeChoice(string Id, string TextHtml, string FeedbackHtml, bool IsBest);

/// <summary>A short scenario at the end of a lesson: the learner picks what they would do and reads why each choice works or not. Not graded.</summary>
public sealed record PracticeDecision(string Id, string LessonSlug, string ScenarioHtml, IReadOnlyList<PracticeChoice> Choices)
{
    public PracticeChoice? FindChoice(string id) => Choices.FirstOrDefault(c => c.Id == id);
}

/// <summary>A course's "try it" decisions (<c>practice.yml</c>).</summary>
public sealed record Practice(IReadOnlyList<PracticeDecision> Decisions, bool IsTranslated = true)
{
    public const int MinChoices = 3;
    public const int MaxChoices = 4;

    public PracticeDecision? Find(string id) => Decisions.FirstOrDefault(d => d.Id == id);
}

/// <summary>One behaviour a manager can see a person do, from a course's observation checklist.</summary>
public sealed record ObservedBehaviour(string Id, string Text);

/// <summary>
/// What a branch manager looks for when observing someone against a course (<c>checklist.yml</c>): the behaviours the
/// course teaches that can be seen at the counter, on the phone or in the team.
/// </summary>
public sealed record Checklist(IReadOnlyList<ObservedBehaviour> Behaviours, bool IsTranslated = true)
{
    public const int MinBehaviours = 5;
    public const int MaxBehaviours = 8;

    public ObservedBehaviour? Find(string id) => Behaviours.FirstOrDefault(b => b.Id == id);
}

/// <summary>One statement of the anonymous pulse (<c>content/pulse/statements.yml</c>), answered on a 1–5 scale.</summary>
public sealed record PulseStatement(string Id, string Text);

public sealed record ContentPage(string Title, string Html, bool IsTranslated = true);

public sealed class CourseCatalog
{
    private readonly Dictionary<string, Course> _bySlug;

    public CourseCatalog(IEnumerable<Course> courses, ContentPage? glossary = null, string language = ContentVocabulary.English,
        IReadOnlyList<PulseStatement>? pulseStatements = null)
    {
        Language = language;
        PulseStatements = pulseStatements ?? [];
        Courses = courses.OrderBy(c => c.Order).ThenBy(c => c.Title, StringComparer.Ordinal).ToList();
        _bySlug = Courses.ToDictionary(c => c.Slug, StringComparer.OrdinalIgnoreCase);
        Glossary = glossary;
    }

    public IReadOnlyList<Course> Courses { get; }

    /// <summary>The language this catalog's texts are in, where a translation exists (en, zh-Hans, zh-Hant).</summary>
    public string Language { get; }

    public ContentPage? Glossary { get; }

    /// <summary>Every statement HR may put into a pulse period, in the content's order.</summary>
    public IReadOnlyList<PulseStatement> PulseStatements { get; }

    public PulseStatement? FindPulseStatement(string id) => PulseStatements.FirstOrDefault(s => s.Id == id);

    /// <summary>The courses with an observation checklist, in catalogue order.</summary>
    public IEnumerable<Course> ObservableCourses => Courses.Where(c => c.Checklist is not null);

    public Course? Find(string slug) => _bySlug.GetValueOrDefault(slug);
}

/// <summary>
/// The same courses in every language the portal speaks. Ids, order, settings and correct answers are the base
/// (English) files' in every catalog, so progress, attempts and certificates are one per course whatever the language.
/// </summary>
public sealed class ContentLibrary(IReadOnlyDictionary<string, CourseCatalog> catalogs)
{
    public CourseCatalog Base => catalogs[ContentVocabulary.English];

    public IReadOnlyCollection<string> Languages => catalogs.Keys.ToList();

    /// <summary>The catalog in <paramref name="language"/>, or the base one for a language without translations.</summary>
    public CourseCatalog For(string? language) =>
        language is not null && catalogs.TryGetValue(language, out var catalog) ? catalog : Base;
}

public sealed record ContentProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

public sealed class ContentValidationException(IReadOnlyList<ContentProblem> problems)
    : Exception($"The course content has {problems.Count} problem(s):{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<ContentProblem> Problems { get; } = problems;
}
