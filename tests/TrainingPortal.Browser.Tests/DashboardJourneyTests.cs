using Microsoft.Playwright;
using TrainingPortal.Tests;

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
        await BrowserFixture.ArrivedAsync(page, "**/dashboard?sort=completion");

        var completions = await page.Locator("[data-testid=branches] td[data-completion]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.completion)");
        var values = completions.Where(v => v.Length > 0).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Order(), values);
        var weakest = page.Locator("[data-testid=branches] tbody tr").First.Locator("th a");
        var branchName = await weakest.InnerTextAsync();

        await weakest.ClickAsync();

        await BrowserFixture.ArrivedAsync(page, "**/dashboard/branches/*");
        Assert.StartsWith(branchName, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await page.Locator("svg#chart-branch-trend").CountAsync());
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task Every_chart_label_stays_inside_its_chart(string locale)
    {
        var branch = TestData.Query(browser.Factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).First());
        var page = await browser.SignedInPageAsync("exec@demo.bank", locale: locale);
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in new[] { "/dashboard", $"/dashboard/branches/{branch}" })
            {
                await page.GotoAsync(path);
                Assert.True(await page.Locator("svg.chart").CountAsync() > 0, $"no chart on {path}");
                var clipped = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
                        const box = svg.getBoundingClientRect();
                        return [...svg.querySelectorAll('text')].filter(text => {
                            const r = text.getBoundingClientRect();
                            return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
                        }).map(text => `${svg.id}: ${text.textContent}`);
                    })
                    """);
                Assert.True(clipped.Length == 0, $"{path} at {width} px in {locale}: {string.Join("; ", clipped)}");
            }
        }
    }
}
