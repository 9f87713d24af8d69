using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Core.Tests.Content;

/// <summary>The real content/ folder, as shipped: it must load, and it must meet the curriculum's quality bar.</summary>
public class CurriculumTests
{
    private static readonly Lazy<ContentLoadResult> Loaded = new(() => ContentLoader.Load(FindContentFolder()));

    public static string FindContentFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (Directory.Exists(Path.Combine(candidate, "courses")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("content/ not found above the test folder");
    }

    public static TheoryData<string> CourseSlugs() => new(Loaded.Value.Catalog.Courses.Select(c => c.Slug));

    [Fact]
    public void The_real_content_folder_loads_without_problems_or_stale_translations()
    {
        var result = Loaded.Value;

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.True(result.Warnings.Count == 0, string.Join("\n", result.Warnings));
        Assert.NotEmpty(result.Catalog.Courses);
        Assert.NotNull(result.Catalog.Glossary);
    }

    /// <summary>The authoring rules of content/README.md, read from the courses themselves: a new course needs no code change.</summary>
    [Fact]
    public void Every_course_meets_the_curriculum_standards_in_every_language()
    {
        var problems = CurriculumStandards.Review(Loaded.Value.Library);

        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_language_the_portal_speaks_has_every_course()
    {
        var library = Loaded.Value.Library;

        Assert.Equal(["en", .. ContentVocabulary.TranslationLanguages], library.Languages.Order(StringComparer.Ordinal));
        Assert.All(library.Languages, language => Assert.All(library.For(language).Courses, course => Assert.True(course.IsFullyTranslated, $"{course.Slug} in {language}")));
    }

    /// <summary>
    /// Someone who has read nothing and guesses every answer: a single choice at random, a true/false by coin, a
    /// random non-empty set for a multiple-answer question. Simulated on the course's own pool and pass mark.
    /// </summary>
    [Theory]
    [MemberData(nameof(CourseSlugs))]
    public void A_learner_who_guesses_passes_less_than_one_attempt_in_a_hundred(string slug)
    {
        var course = Loaded.Value.Catalog.Find(slug)!;
        var random = new Random(20261203);
        const int trials = 20_000;

        var passes = Enumerable.Range(0, trials).Count(_ =>
        {
            var paper = QuizPaper.Draw(course, random);
            var right = paper.Questions.Count(drawn =>
            {
                var question = course.FindQuestion(drawn.QuestionId)!;
                var guess = question.Type == QuestionType.Multiple
                    ? RandomNonEmptySubset(question.Options.Select(o => o.Id).ToList(), random)
                    : new HashSet<string> { question.Options[random.Next(question.Options.Count)].Id };
                return guess.SetEquals(question.CorrectOptionIds);
            });
            return right * 100 >= course.PassMark * paper.Questions.Count;
        });

        Assert.True(passes < trials / 100, $"{slug}: guessing passed {passes} of {trials} attempts");
    }

    [Fact]
    public void No_file_in_content_names_uk_or_eu_law()
    {
        var hits = Directory.EnumerateFiles(FindContentFolder(), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .SelectMany(f => CurriculumStandards.ForeignLawTerms
                .Where(term => File.ReadAllText(f).Contains(term, StringComparison.OrdinalIgnoreCase))
                .Select(term => $"{Path.GetRelativePath(FindContentFolder(), f)}: {term}"))
            .ToList();

        Assert.True(hits.Count == 0, string.Join("\n", hits));
    }

    private static HashSet<string> RandomNonEmptySubset(List<string> ids, Random random)
    {
        HashSet<string> subset;
        do
        {
            subset = ids.Where(_ => random.Next(2) == 0).ToHashSet();
        }
        while (subset.Count == 0);

        return subset;
    }

    [Fact]
    public void The_pulse_statements_are_written_in_every_language()
    {
        var english = Loaded.Value.Catalog.PulseStatements;

        Assert.InRange(english.Count, ContentLoader.MinPulseStatements, ContentLoader.MaxPulseStatements);
        foreach (var language in Loaded.Value.Library.Languages.Where(l => l != "en"))
        {
            var translated = Loaded.Value.Library.For(language).PulseStatements;
            Assert.Equal(english.Select(s => s.Id), translated.Select(s => s.Id));
            Assert.All(translated.Zip(english), pair => Assert.NotEqual(pair.Second.Text, pair.First.Text));
        }
    }
}
