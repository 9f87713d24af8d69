using AngleSharp.Dom;
using Microsoft.AspNetCore.Hosting;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>The curriculum with one course whose Simplified Chinese course page, first lesson and practice are missing: shown in English.</summary>
public sealed class HalfTranslatedContentFactory : PortalFactory
{
    public const string Course = "customers-at-the-centre";
    public const string Lesson = "why-relationships-drive-growth";

    private readonly string _content = Path.Combine(Path.GetTempPath(), $"trainingportal-content-{Guid.NewGuid():N}");

    public HalfTranslatedContentFactory()
    {
        var source = Path.Combine(ResourceFilesTests.RepositoryRoot(), "content");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(_content, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        foreach (var missing in new[] { "course.zh-Hans.md", "01-why-relationships-drive-growth.zh-Hans.md", "practice.zh-Hans.yml" })
        {
            File.Delete(Path.Combine(_content, "courses", Course, missing));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Content:Path", _content);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_content))
        {
            Directory.Delete(_content, recursive: true);
        }
    }
}

/// <summary>
/// English shown on a Chinese page for want of a translation carries lang="en", so a screen reader reads it in an English
/// voice (WCAG 3.1.2), and only it: the portal's own words around it (a card's heading, its buttons) stay Chinese.
/// </summary>
public class UntranslatedMarkupTests(HalfTranslatedContentFactory factory) : IClassFixture<HalfTranslatedContentFactory>
{
    private const string Course = HalfTranslatedContentFactory.Course;

    private async Task<PortalClient> ChineseReaderAsync()
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        return client;
    }

    /// <summary>The language a screen reader reads the element in: its own lang, or its nearest ancestor's.</summary>
    private static string? LanguageOf(IElement element) => element.Closest("[lang]")?.GetAttribute("lang");

    [Fact]
    public async Task An_untranslated_course_title_is_english_wherever_the_course_is_listed_or_named()
    {
        var reader = await ChineseReaderAsync();

        var courses = await reader.GetPageAsync("/courses");
        var card = courses.QuerySelectorAll("article.card").Single(c => c.QuerySelector($"a[href='/courses/{Course}']") is not null);
        Assert.Equal("en", LanguageOf(card.QuerySelector("h3 a")!));
        Assert.Equal("en", LanguageOf(card.QuerySelector(".card-text")!));
        var translated = courses.QuerySelectorAll("article.card").First(c => c.QuerySelector($"a[href='/courses/{Course}']") is null);
        Assert.Equal("zh-Hans", LanguageOf(translated.QuerySelector("h3 a")!));

        var course = await reader.GetPageAsync($"/courses/{Course}");
        Assert.Equal("en", LanguageOf(course.QuerySelector("h1")!));
        Assert.Equal("en", LanguageOf(course.QuerySelector(".breadcrumb-item.active")!));
        var lessons = course.QuerySelectorAll(".lesson-list a").ToList();
        Assert.Equal("en", LanguageOf(lessons[0]));
        Assert.Equal("zh-Hans", LanguageOf(lessons[1]));
    }

    [Fact]
    public async Task An_untranslated_lesson_and_its_practice_are_english_but_the_try_it_card_speaks_the_readers_language()
    {
        var reader = await ChineseReaderAsync();

        var lesson = await reader.GetPageAsync($"/courses/{Course}/{HalfTranslatedContentFactory.Lesson}");

        Assert.Equal("en", LanguageOf(lesson.QuerySelector("h1")!));
        Assert.Equal("en", LanguageOf(lesson.QuerySelector(".breadcrumb a[href='/courses/" + Course + "']")!));
        var card = lesson.QuerySelector("[data-testid=try-it]")!;
        Assert.Equal("zh-Hans", LanguageOf(card.QuerySelector("h2")!));
        Assert.Equal("zh-Hans", LanguageOf(card.QuerySelector("button[type=submit]")!));
        Assert.All(card.QuerySelectorAll(".course-text"), text => Assert.Equal("en", LanguageOf(text)));
        Assert.NotEmpty(card.QuerySelectorAll(".course-text"));
    }
}
