using System.Text.RegularExpressions;
using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Tests.Content;

/// <summary>The real content/ folder, as shipped: it must load, and it must meet the curriculum's quality bar.</summary>
public partial class CurriculumTests
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
    public void The_real_content_folder_loads_without_problems()
    {
        var result = Loaded.Value;

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(
            ["customers-at-the-centre", "customer-communication", "working-in-the-new-organisation", "customer-information-and-segmentation"],
            result.Catalog.Courses.Select(c => c.Slug));
        Assert.NotNull(result.Catalog.Glossary);
    }

    [Theory]
    [MemberData(nameof(CourseSlugs))]
    public void Each_course_has_five_lessons_of_400_to_900_words_with_takeaways(string slug)
    {
        var course = Loaded.Value.Catalog.Find(slug)!;

        Assert.InRange(course.Lessons.Count, 5, 8);
        Assert.All(course.Lessons, lesson =>
        {
            Assert.InRange(lesson.WordCount, 400, 900);
            Assert.Contains("callout-takeaways", lesson.Html);
            Assert.Contains("callout-example", lesson.Html);
            Assert.Contains("you will be able to", lesson.Html, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [MemberData(nameof(CourseSlugs))]
    public void Each_quiz_pool_has_twelve_explained_questions_of_every_type(string slug)
    {
        var course = Loaded.Value.Catalog.Find(slug)!;

        Assert.True(course.QuestionPool.Count >= 12, $"{slug} has {course.QuestionPool.Count} questions");
        Assert.All(course.QuestionPool, q => Assert.True(WordCount(q.ExplanationHtml) >= 12, $"{q.Id} explanation is too thin"));
        Assert.Equal(
            [QuestionType.Single, QuestionType.Multiple, QuestionType.TrueFalse],
            course.QuestionPool.Select(q => q.Type).Distinct().Order());
        Assert.Equal(80, course.PassMark);
        Assert.Equal(3, course.MaxAttempts);
        Assert.Equal(10, course.QuestionsPerAttempt);
    }

    [Theory]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hant")]
    public void The_first_course_and_the_glossary_are_wholly_translated_and_up_to_date(string language)
    {
        var catalog = Loaded.Value.Library.For(language);
        var course = catalog.Find("customers-at-the-centre")!;

        Assert.True(course.IsFullyTranslated, $"customers-at-the-centre is not wholly translated into {language}");
        Assert.True(catalog.Glossary!.IsTranslated);
        Assert.Empty(Loaded.Value.Warnings); // no translation is older than its base file
        Assert.All(course.Lessons, lesson =>
        {
            Assert.InRange(lesson.WordCount, 700, 2_500); // characters, for Chinese
            Assert.Contains("callout-takeaways", lesson.Html);
        });
    }

    [Theory]
    [MemberData(nameof(CourseSlugs))]
    public void Each_course_has_an_observation_checklist_in_every_language(string slug)
    {
        foreach (var language in Loaded.Value.Library.Languages)
        {
            var checklist = Loaded.Value.Library.For(language).Find(slug)!.Checklist;
            Assert.NotNull(checklist);
            Assert.True(checklist.IsTranslated, $"the checklist of {slug} is not translated into {language}");
            Assert.InRange(checklist.Behaviours.Count, Checklist.MinBehaviours, Checklist.MaxBehaviours);
        }
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

    [Fact]
    public void Only_the_customer_information_course_must_be_renewed_yearly()
    {
        var validity = Loaded.Value.Catalog.Courses.ToDictionary(c => c.Slug, c => c.CertificateValidityMonths);

        Assert.Equal(12, validity["customer-information-and-segmentation"]);
        Assert.All(validity.Where(v => v.Key != "customer-information-and-segmentation"), v => Assert.Equal(0, v.Value));
    }

    private static int WordCount(string html) => TagPattern().Replace(html, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
