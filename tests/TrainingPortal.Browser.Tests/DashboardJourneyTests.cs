using Microsoft.Playwright;

namespace TrainingPortal.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class DashboardJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_executive_opens_the_dashboard_sorts_by_completion_and_drills_into_a_branch()
    {
        var page = await browser.SignedInPageAsync("exec@demo.bank");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        Assert.Equal("Adoption of the customer-first programme", await page.Locator("h1").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Completion", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard?sort=completion");

        var completions = await page.Locator("[data-testid=branches] td[data-completion]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.completion)");
        var values = completions.Where(v => v.Length > 0).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Order(), values);
        var weakest = page.Locator("[data-testid=branches] tbody tr").First.Locator("th a");
        var branchName = await weakest.InnerTextAsync();

        await weakest.ClickAsync();

        await page.WaitForURLAsync("**/dashboard/branches/*");
        Assert.StartsWith(branchName, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await page.Locator("svg#chart-branch-trend").CountAsync());
    }
}
