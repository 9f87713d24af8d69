using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace TrainingPortal.Core.Content;

/// <summary>
/// The learning team's editorial rules for a course, on top of what the loader needs to run it: lesson lengths and
/// shape, a practice decision per lesson, a quiz pool large enough for retakes and free of the tells that let
/// someone pass without reading, and every file in every language. <c>validate-content</c> reports these, and the
/// curriculum tests apply them to every course in content/, so a new course needs no code change.
/// </summary>
public static partial class CurriculumStandards
{
    public const int MinLessonWords = 400;
    public const int MaxLessonWords = 1_100;
    public const int MinLessonCharacters = 700;
    public const int MaxLessonCharacters = 3_000;
    public const string ObjectivesPhrase = "you will be able to";
    public const int MinExplanationWords = 12;

    public const int MinPoolSize = 24;
    public const int MinQuestionsPerLesson = 3;
    public const double MaxLongestKeyShare = 0.40;
    public const double MinTrueShare = 0.40;
    public const double MaxTrueShare = 0.60;
    public const int MinMultipleKeys = 1;
    public const int MaxMultipleKeys = 4;
    public const double MaxSameKeyCountShare = 0.60;

    /// <summary>Terms of UK and EU law that have no place in a course for staff in Hong Kong and mainland China.</summary>
    public static readonly IReadOnlyList<string> ForeignLawTerms =
        ["GDPR", "ombudsman", "nominated officer", "legitimate business need", "protected characteristic"];

    public static IReadOnlyList<ContentProblem> Review(ContentLibrary library)
    {
        var problems = new List<ContentProblem>();
        foreach (var language in library.Languages.Order(StringComparer.Ordinal))
        {
            var catalog = library.For(language);
            foreach (var course in catalog.Courses)
            {
                ReviewCourse(course, language, problems);
            }

            if (catalog.Glossary is { } glossary)
            {
                var file = FileName("glossary.md", language);
                if (!glossary.IsTranslated)
                {
                    problems.Add(new ContentProblem(file, 0, $"the glossary is not translated into {language}"));
                }

                ReportForeignLaw(file, glossary.Html, problems);
            }
        }

        return problems;
    }

    private static void ReviewCourse(Course course, string language, List<ContentProblem> problems)
    {
        var folder = $"courses/{course.Slug}/";
        var english = language == ContentVocabulary.English;
        foreach (var untranslated in UntranslatedFiles(course))
        {
            problems.Add(new ContentProblem(FileName(folder + untranslated, language), 0, $"missing or refused: {untranslated} is not translated into {language}"));
        }

        ReportForeignLaw(FileName(folder + "course.md", language), course.IntroductionHtml, problems);
        foreach (var lesson in course.Lessons)
        {
            var file = FileName(folder + lesson.FileName, language);
            ReportForeignLaw(file, lesson.Html, problems);
            var (min, max, unit) = english ? (MinLessonWords, MaxLessonWords, "words") : (MinLessonCharacters, MaxLessonCharacters, "characters");
            if (lesson.WordCount < min || lesson.WordCount > max)
            {
                problems.Add(new ContentProblem(file, 0, $"the lesson has {lesson.WordCount} {unit}; keep it between {min} and {max}"));
            }

            if (!lesson.Html.Contains("callout-takeaways", StringComparison.Ordinal))
            {
                problems.Add(new ContentProblem(file, 0, "the lesson does not end with a '::: takeaways' block"));
            }

            if (english && !lesson.Html.Contains("callout-example", StringComparison.Ordinal))
            {
                problems.Add(new ContentProblem(file, 0, "the lesson has no '::: example' block"));
            }

            if (english && !lesson.Html.Contains(ObjectivesPhrase, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ContentProblem(file, 0, $"the lesson states no objectives (a sentence with '{ObjectivesPhrase}')"));
            }

            if (english && !course.DecisionsFor(lesson).Any())
            {
                problems.Add(new ContentProblem(FileName(folder + PracticeLoader.FileName, language), 0, $"lesson '{lesson.Slug}' has no 'try it' decision"));
            }
        }

        if (english && course.PracticeCard is null)
        {
            problems.Add(new ContentProblem(folder + ContentLoader.PracticeCardFile, 0, "the course has no practice card for a team huddle"));
        }

        if (english && course.Checklist is null)
        {
            problems.Add(new ContentProblem(folder + "checklist.yml", 0, "the course has no manager observation checklist"));
        }

        ReviewPool(course, FileName(folder + "quiz.yml", language), english, problems);
    }

    private static IEnumerable<string> UntranslatedFiles(Course course)
    {
        if (!course.IsTranslated)
        {
            yield return "course.md";
        }

        foreach (var lesson in course.Lessons.Where(l => !l.IsTranslated))
        {
            yield return lesson.FileName;
        }

        if (!course.QuizIsTranslated)
        {
            yield return "quiz.yml";
        }

        if (course.Practice is { IsTranslated: false })
        {
            yield return PracticeLoader.FileName;
        }

        if (course.PracticeCard is { IsTranslated: false })
        {
            yield return ContentLoader.PracticeCardFile;
        }

        if (course.Checklist is { IsTranslated: false })
        {
            yield return "checklist.yml";
        }
    }

    private static void ReviewPool(Course course, string file, bool english, List<ContentProblem> problems)
    {
        var pool = course.QuestionPool;
        foreach (var question in pool)
        {
            ReportForeignLaw(file, question.PromptHtml + question.ExplanationHtml + question.PrincipleHtml + string.Concat(question.Options.Select(o => o.TextHtml)), problems);
            if (english && WordCount(question.ExplanationHtml) < MinExplanationWords)
            {
                problems.Add(new ContentProblem(file, 0, $"question '{question.Id}': the explanation is too thin (under {MinExplanationWords} words)"));
            }
        }

        // Translations share the base file's questions and keys; only option lengths, and so the longest-key tell, differ.
        var tells = QuizTells.Measure(pool);
        if (tells.LongestKeyShare > MaxLongestKeyShare)
        {
            problems.Add(new ContentProblem(file, 0,
                $"the keyed option is the longest in {tells.LongestKey.Count} of {tells.SinglesWithUnequalOptions} single-answer questions ({Percent(tells.LongestKeyShare)}; at most {Percent(MaxLongestKeyShare)}): {string.Join(", ", tells.LongestKey)}"));
        }

        if (!english)
        {
            return;
        }

        if (pool.Count < Math.Max(MinPoolSize, 2 * course.QuestionsPerAttempt))
        {
            problems.Add(new ContentProblem(file, 0,
                $"the pool has {pool.Count} questions; give at least {Math.Max(MinPoolSize, 2 * course.QuestionsPerAttempt)} so that a retake draws questions not seen before"));
        }

        foreach (var lesson in course.Lessons.Where(l => pool.Count(q => string.Equals(q.LessonSlug, l.Slug, StringComparison.OrdinalIgnoreCase)) < MinQuestionsPerLesson))
        {
            problems.Add(new ContentProblem(file, 0, $"lesson '{lesson.Slug}' is tested by fewer than {MinQuestionsPerLesson} questions"));
        }

        var missingTypes = Enum.GetValues<QuestionType>().Where(t => pool.All(q => q.Type != t)).ToList();
        if (missingTypes.Count > 0)
        {
            problems.Add(new ContentProblem(file, 0, $"the pool has no question of type {string.Join(", ", missingTypes)}"));
        }

        if (tells.TrueFalse > 0 && (tells.TrueShare < MinTrueShare || tells.TrueShare > MaxTrueShare))
        {
            problems.Add(new ContentProblem(file, 0,
                $"{Percent(tells.TrueShare)} of the {tells.TrueFalse} true/false questions are keyed true; keep it between {Percent(MinTrueShare)} and {Percent(MaxTrueShare)}"));
        }

        foreach (var (id, keys, options) in tells.MultipleKeyCounts.Where(m => m.Keys < MinMultipleKeys || m.Keys > MaxMultipleKeys || m.Keys >= m.Options))
        {
            problems.Add(new ContentProblem(file, 0, $"question '{id}' has {keys} keyed options of {options}; give {MinMultipleKeys} to {MaxMultipleKeys} and at least one wrong option"));
        }

        if (tells.MultipleKeyCounts.Count >= 3 && tells.SameKeyCountShare > MaxSameKeyCountShare)
        {
            problems.Add(new ContentProblem(file, 0,
                $"{Percent(tells.SameKeyCountShare)} of the multiple-answer questions have the same number of keys; mix them (at most {Percent(MaxSameKeyCountShare)})"));
        }
    }

    private static void ReportForeignLaw(string file, string html, List<ContentProblem> problems)
    {
        foreach (var term in ForeignLawTerms.Where(t => html.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new ContentProblem(file, 0, $"'{term}' is UK or EU law; teach the rule where the staff work (Hong Kong, mainland China)"));
        }
    }

    private static string FileName(string baseFile, string language)
    {
        if (language == ContentVocabulary.English)
        {
            return baseFile;
        }

        var extension = Path.GetExtension(baseFile);
        return $"{baseFile[..^extension.Length]}.{language}{extension}";
    }

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    internal static int WordCount(string html) => PlainText(html).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    internal static string PlainText(string html) => WebUtility.HtmlDecode(Whitespace().Replace(Tag().Replace(html, " "), " ")).Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>What gives a quiz's key away without reading: the longest option, a lopsided true/false split, one number of keys.</summary>
public sealed record QuizTells(
    int SinglesWithUnequalOptions,
    IReadOnlyList<string> LongestKey,
    int TrueFalse,
    int KeyedTrue,
    IReadOnlyList<(string Id, int Keys, int Options)> MultipleKeyCounts)
{
    public double LongestKeyShare => SinglesWithUnequalOptions == 0 ? 0 : (double)LongestKey.Count / SinglesWithUnequalOptions;

    public double TrueShare => TrueFalse == 0 ? 0 : (double)KeyedTrue / TrueFalse;

    public double SameKeyCountShare => MultipleKeyCounts.Count == 0 ? 0
        : (double)MultipleKeyCounts.GroupBy(m => m.Keys).Max(g => g.Count()) / MultipleKeyCounts.Count;

    /// <summary>Lengths are of the text a learner reads (tags removed), so Chinese counts characters.</summary>
    public static QuizTells Measure(IReadOnlyList<QuizQuestion> pool)
    {
        var singles = pool.Where(q => q.Type == QuestionType.Single)
            .Select(q => (q.Id, Lengths: q.Options.Select(o => (o.IsCorrect, Length: CurriculumStandards.PlainText(o.TextHtml).Length)).ToList()))
            .Where(q => q.Lengths.Select(l => l.Length).Distinct().Count() > 1)
            .ToList();
        var longest = singles.Where(q => q.Lengths.Single(l => l.IsCorrect).Length >= q.Lengths.Max(l => l.Length)).Select(q => q.Id).ToList();
        var trueFalse = pool.Where(q => q.Type == QuestionType.TrueFalse).ToList();
        var multiple = pool.Where(q => q.Type == QuestionType.Multiple).Select(q => (q.Id, q.CorrectOptionIds.Count, q.Options.Count)).ToList();
        return new QuizTells(singles.Count, longest, trueFalse.Count, trueFalse.Count(q => q.CorrectOptionIds.Contains("true")), multiple);
    }
}
