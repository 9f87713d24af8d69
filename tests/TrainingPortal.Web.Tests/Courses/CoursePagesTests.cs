using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Courses;

public class CoursePagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Course = "customers-at-the-centre";

    [Fact]
    public async Task The_catalogue_groups_courses_by_category_with_lessons_minutes_and_status()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var page = await employee.GetPageAsync("/courses");

        var categories = page.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Customer-first foundations", "Customer skills", "Ways of working", "Customer information"], categories);
        var card = page.QuerySelectorAll("article.card").First(a => a.QuerySelector("a")!.GetAttribute("href") == "/courses/customer-communication");
        Assert.Contains("6 lessons", card.TextContent);
        Assert.Contains("In progress: 3 of 6 lessons", PortalClient.Text(card.QuerySelector("[data-testid=course-status]")));
        Assert.Equal("Completed", PortalClient.Text(page.QuerySelectorAll("article.card").First().QuerySelector("[data-testid=course-status]")));
    }

    [Fact]
    public async Task A_course_page_shows_the_introduction_the_lessons_and_a_way_to_start()
    {
        var employee = await PortalClient.SignedInAsync(factory, "exec@demo.bank");

        var page = await employee.GetPageAsync($"/courses/{Course}");

        Assert.Equal("Putting customers at the centre", PortalClient.Text(page.QuerySelector("h1")));
        Assert.Equal(5, page.QuerySelectorAll(".lesson-list li").Length);
        var start = page.QuerySelector("a.btn-primary")!;
        Assert.Equal("Start the course", start.TextContent.Trim());
        Assert.Equal($"/courses/{Course}/why-relationships-drive-growth", start.GetAttribute("href"));
    }

    [Fact]
    public async Task A_lesson_renders_its_markdown_with_callouts_and_images()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var page = await employee.GetPageAsync($"/courses/{Course}/why-relationships-drive-growth");

        Assert.Equal("Why relationships drive growth", PortalClient.Text(page.QuerySelector("h1")));
        Assert.NotNull(page.QuerySelector(".lesson-body table"));
        Assert.NotNull(page.QuerySelector(".lesson-body .callout-takeaways[role=note]"));
        var image = page.QuerySelector(".lesson-body img")!;
        Assert.Equal($"/courses/{Course}/assets/images/share-of-wallet.svg", image.GetAttribute("src"));
        var asset = await employee.Http.GetAsync(image.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("image/svg+xml", asset.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Marking_a_lesson_complete_twice_stores_one_completion_and_moves_on()
    {
        var client = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var lesson = await client.GetPageAsync($"/courses/{Course}/customers-are-the-banks-assets");

        var first = await client.SubmitAsync(lesson, ".lesson-nav form", new Dictionary<string, string>());
        var second = await client.SubmitAsync(lesson, ".lesson-nav form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"/courses/{Course}/culture-from-the-top", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var hrId = await db.Users.Where(u => u.Email == "hr@demo.bank").Select(u => u.Id).SingleAsync();
        Assert.Equal(1, await db.LessonCompletions.CountAsync(c => c.UserId == hrId && c.LessonSlug == "customers-are-the-banks-assets"));
        var again = await client.GetPageAsync($"/courses/{Course}/customers-are-the-banks-assets");
        Assert.NotNull(again.QuerySelector("[data-testid=lesson-completed]"));
    }

    [Fact]
    public async Task Marking_a_lesson_complete_without_the_antiforgery_token_is_refused()
    {
        var client = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        var response = await client.Http.PostAsync($"/courses/{Course}/culture-from-the-top?handler=Complete", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/courses/no-such-course")]
    [InlineData("/courses/customers-at-the-centre/no-such-lesson")]
    public async Task An_unknown_slug_gives_a_friendly_404(string url)
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/courses/customers-at-the-centre/assets/..%2F..%2F..%2Fsrc%2FTrainingPortal.Web%2Fappsettings.json")]
    [InlineData("/courses/customers-at-the-centre/assets/images/..%2F..%2Fcustomer-communication%2Fcourse.md")]
    [InlineData("/courses/customers-at-the-centre/assets/quiz.yml")]
    [InlineData("/courses/customers-at-the-centre/assets/course.md")]
    public async Task Asset_requests_outside_the_course_folder_or_for_sources_are_refused(string url)
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("correct:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_glossary_is_available_to_signed_in_staff()
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var page = await client.GetPageAsync("/glossary");

        Assert.Contains("Share of wallet", page.QuerySelector(".lesson-body")!.TextContent, StringComparison.OrdinalIgnoreCase);
    }
}
