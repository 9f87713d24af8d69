using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Courses;

/// <summary>The "try it" decisions at the end of each lesson and the printable huddle card of each course.</summary>
public class PracticeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private CourseCatalog Catalog => factory.Services.GetRequiredService<CourseCatalog>();

    /// <summary>Every course folder of the real content, read from the folder so that a new course is tested without a code change.</summary>
    public static TheoryData<string> CourseSlugs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var courses = Path.Combine(dir.FullName, "content", "courses");
            if (Directory.Exists(courses))
            {
                return new(Directory.GetDirectories(courses).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);
            }
        }

        throw new DirectoryNotFoundException("content/courses not found above the test folder");
    }

    [Fact]
    public async Task A_lesson_offers_its_decision_without_the_feedback_and_explains_every_choice_once_one_is_picked()
    {
        var course = Catalog.Courses.First(c => c.Practice is not null);
        var lesson = course.Lessons[0];
        var decision = course.DecisionsFor(lesson).First();
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var page = await client.GetPageAsync($"/courses/{course.Slug}/{lesson.Slug}");
        var section = page.QuerySelector($"#try-{decision.Id}")!;
        Assert.Equal(decision.Choices.Count, section.QuerySelectorAll("input[type=radio][name=choice]").Length);
        var text = Plain(page.QuerySelector("main")!.TextContent);
        Assert.All(decision.Choices, choice => Assert.DoesNotContain(Opening(choice.FeedbackHtml), text));

        var worst = decision.Choices.First(c => !c.IsBest);
        var answered = await client.ParseAsync(await client.SubmitAsync(page, $"#try-{decision.Id} form", new Dictionary<string, string> { ["choice"] = worst.Id }));

        var feedback = answered.QuerySelector($"#try-{decision.Id} [data-testid=try-feedback]")!;
        Assert.Equal(decision.Choices.Count, feedback.QuerySelectorAll("li").Length);
        Assert.All(decision.Choices, choice => Assert.Contains(Opening(choice.FeedbackHtml), Plain(feedback.TextContent)));
        Assert.Contains(worst.Id == decision.Choices[0].Id ? "try-mine" : "try-best", feedback.QuerySelector("li")!.ClassName);
        Assert.Single(feedback.QuerySelectorAll("li.try-mine"));
        Assert.Single(feedback.QuerySelectorAll("li.try-best"));
        Assert.Equal(0, TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Summary.Contains(decision.Id))));
    }

    [Fact]
    public async Task Posting_no_choice_asks_for_one_and_a_foreign_decision_is_ignored()
    {
        var course = Catalog.Courses.First(c => c.Practice is not null);
        var lesson = course.Lessons[0];
        var decision = course.DecisionsFor(lesson).First();
        var other = course.Practice!.Decisions.First(d => d.LessonSlug != lesson.Slug);
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var page = await client.GetPageAsync($"/courses/{course.Slug}/{lesson.Slug}");

        var empty = await client.SubmitAsync(page, $"#try-{decision.Id} form", new Dictionary<string, string>());
        var foreign = await client.SubmitAsync(page, $"#try-{decision.Id} form", new Dictionary<string, string> { ["decision"] = other.Id, ["choice"] = other.Choices[0].Id });

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Pick one of the choices first.", PortalClient.Text((await client.ParseAsync(empty)).QuerySelector($"#try-{decision.Id} [role=alert]")));
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Null((await client.ParseAsync(foreign)).QuerySelector("[data-testid=try-feedback]"));
    }

    [Theory]
    [MemberData(nameof(CourseSlugs))]
    public async Task Every_course_has_a_printable_huddle_card_linked_from_its_page(string slug)
    {
        var course = Catalog.Find(slug)!;
        var client = await PortalClient.SignedInAsync(factory, "manager@demo.bank");

        var coursePage = await client.GetPageAsync($"/courses/{slug}");
        var card = await client.GetPageAsync(coursePage.QuerySelector("[data-testid=practice-card-link]")!.GetAttribute("href")!);

        Assert.Equal(course.PracticeCard!.Title, PortalClient.Text(card.QuerySelector("h1")));
        Assert.Equal(course.Checklist!.Behaviours.Count, card.QuerySelectorAll(".practice-card-checklist li").Length);
        Assert.Contains("not yet signed off", PortalClient.Text(coursePage.QuerySelector("[data-testid=sign-off]")));
    }

    [Fact]
    public async Task A_course_without_a_card_or_an_unknown_course_gives_404()
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var response = await client.Http.GetAsync("/courses/no-such-course/practice-card");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Opening(string html)
    {
        var text = Plain(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")));
        return text[..Math.Min(30, text.Length)];
    }

    private static string Plain(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
