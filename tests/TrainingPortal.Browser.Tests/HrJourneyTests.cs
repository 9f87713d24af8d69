using Microsoft.Playwright;
using TrainingPortal.Tests;

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
        await BrowserFixture.ArrivedAsync(page, "**/reports/completion?status=Overdue");
        Assert.Equal(overdue, int.Parse(await page.GetByTestId("total-overdue").InnerTextAsync()));

        await page.GetByLabel("Name or employee number").FillAsync("李娜");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await BrowserFixture.ArrivedAsync(page, "**q=*");
        var person = page.GetByTestId("completion-rows").Locator("tbody tr a").First;
        Assert.Contains("李娜", await person.InnerTextAsync());
        await person.ClickAsync();

        await BrowserFixture.ArrivedAsync(page, "**/hr/employees/*");
        Assert.Contains("李娜", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Hr_fills_in_the_downloaded_template_checks_the_preview_and_applies_the_import()
    {
        var page = await browser.SignedInPageAsync("hr@demo.bank");
        await page.GotoAsync("/hr/import");

        var template = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-template").ClickAsync());
        var number = "E9" + Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var filledIn = (await File.ReadAllTextAsync(await template.PathAsync()))
            .Replace("E900001", number, StringComparison.Ordinal).Replace("chan.meiling@", $"{number.ToLowerInvariant()}@", StringComparison.Ordinal);
        Assert.False(await page.GetByLabel("Deactivate branch staff who are not in this file").IsCheckedAsync());
        await page.Locator("input#file").SetInputFilesAsync(new FilePayload
        {
            Name = "new-joiners.csv", MimeType = "text/csv", Buffer = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(filledIn.TrimStart('\uFEFF'))],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        Assert.Equal("1", await page.GetByTestId("import-plan").GetAttributeAsync("data-created"));
        Assert.Contains("陈美玲 Chan Mei-ling", await page.GetByTestId("import-plan-creates").InnerTextAsync());
        Assert.Equal(0, TestData.Query(browser.Factory.Services, db => db.Users.Count(u => u.EmployeeNumber == number)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply import (1 rows)" }).ClickAsync();

        Assert.Contains("1 created, 0 updated, 0 unchanged, 0 deactivated.", await page.GetByTestId("import-summary").InnerTextAsync());
        Assert.Equal(1, TestData.Query(browser.Factory.Services, db => db.Users.Count(u => u.EmployeeNumber == number && u.DisplayName == "陈美玲 Chan Mei-ling")));
    }

    [Fact]
    public async Task An_upload_that_fails_is_announced_and_the_check_button_gets_the_focus_back()
    {
        var page = await browser.SignedInPageAsync("hr@demo.bank");
        await page.GotoAsync("/hr/import");
        await page.RouteAsync("**/hr/import", route => route.Request.Method == "POST" ? route.AbortAsync() : route.ContinueAsync());

        await page.Locator("input#file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = "employee_number\n"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The upload failed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Check file" })).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Check file" })).ToBeEnabledAsync();
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
