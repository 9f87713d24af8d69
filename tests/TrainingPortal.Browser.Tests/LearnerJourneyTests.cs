using Microsoft.Playwright;

namespace TrainingPortal.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class LearnerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Signing_in_through_the_page_shows_the_users_name()
    {
        var page = await browser.SignedInPageAsync("employee@demo.bank");

        var userBox = page.GetByTestId("signed-in-user");

        Assert.Contains("Li Na 李娜", await userBox.InnerTextAsync());
        Assert.Equal("My learning", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task An_employee_reads_lesson_one_marks_it_complete_and_lands_on_lesson_two()
    {
        var page = await browser.SignedInPageAsync("exec@demo.bank");

        await page.GetByRole(AriaRole.Link, new() { Name = "Courses", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Putting customers at the centre" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Start the course" }).ClickAsync();
        Assert.Equal("Why relationships drive growth", await page.Locator("h1").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as complete and continue" }).ClickAsync();

        await BrowserFixture.ArrivedAsync(page, "**/courses/customers-at-the-centre/customers-are-the-banks-assets");
        Assert.Equal("Customers are the bank's assets", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("1 of 5 lessons", await page.Locator("label[for=course-progress]").InnerTextAsync());
    }
}
