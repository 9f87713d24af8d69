using Microsoft.Playwright;

namespace TrainingPortal.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class HrJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Hr_lands_on_todays_work_follows_the_overdue_count_finds_a_person_by_chinese_name_and_opens_their_record()
    {
        var page = await browser.SignedInPageAsync("hr@demo.bank");

        Assert.EndsWith("/hr", page.Url);
        Assert.Equal("HR home", await page.Locator("h1").InnerTextAsync());
        var overdue = int.Parse((await page.GetByTestId("hr-overdue").Locator(".display-6").InnerTextAsync()).Trim());
        await page.GetByTestId("hr-overdue").ClickAsync();
        await page.WaitForURLAsync("**/reports/completion?status=Overdue");
        Assert.Equal(overdue, int.Parse(await page.GetByTestId("total-overdue").InnerTextAsync()));

        await page.GetByLabel("Name or employee number").FillAsync("李娜");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync("**q=*");
        var person = page.GetByTestId("completion-rows").Locator("tbody tr a").First;
        Assert.Contains("李娜", await person.InnerTextAsync());
        await person.ClickAsync();

        await page.WaitForURLAsync("**/hr/employees/*");
        Assert.Contains("李娜", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Hr_previews_an_assignments_reach_before_saving_it()
    {
        var page = await browser.SignedInPageAsync("hr@demo.bank");
        await page.GotoAsync("/hr/assignments");

        await page.GetByLabel("Course", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Customer communication skills" });
        await page.GetByLabel("Number of days", new() { Exact = true }).FillAsync("30");
        await page.GetByTestId("preview-assignment").ClickAsync();

        var preview = await page.GetByTestId("assignment-preview").InnerTextAsync();
        Assert.Matches(@"This assignment would cover \d+ people today\. Nothing has been saved yet\.", preview);
    }
}
