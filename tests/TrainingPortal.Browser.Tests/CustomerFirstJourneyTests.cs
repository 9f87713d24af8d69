using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainingPortal.Data;

namespace TrainingPortal.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class CustomerFirstJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_observes_a_teller_who_reads_and_acknowledges_it_and_the_index_shows_on_the_branch_page()
    {
        var teller = Query(db => db.Users.Where(u => u.Email == "employee@demo.bank").Select(u => u.Id).Single());
        var manager = await browser.SignedInPageAsync("manager@demo.bank");
        var errors = new List<string>();
        manager.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };

        await manager.GetByRole(AriaRole.Link, new() { Name = "Observations", Exact = true }).ClickAsync();
        await BrowserFixture.ArrivedAsync(manager, "**/branch/observations");
        await manager.GetByRole(AriaRole.Link, new() { Name = "Record an observation" }).First.ClickAsync();
        await BrowserFixture.ArrivedAsync(manager, "**/branch/observations/new");
        await manager.GetByLabel("Person observed", new() { Exact = true }).SelectOptionAsync(teller);
        await manager.GetByLabel("Checklist", new() { Exact = true }).SelectOptionAsync("customer-information-and-segmentation");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Open the checklist" }).ClickAsync();
        var behaviours = manager.Locator("[data-testid=observation-form] fieldset[data-behaviour]");
        await behaviours.Nth(0).GetByLabel("Seen", new() { Exact = true }).CheckAsync();
        await behaviours.Nth(1).GetByLabel("Partly").CheckAsync();
        await behaviours.Nth(1).GetByLabel("Note (optional)").FillAsync("Checked the phone number, but did not say why.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Save the observation" }).ClickAsync();
        await BrowserFixture.ArrivedAsync(manager, "**/observations/*?saved=True");
        Assert.Contains("The observation is saved", await manager.Locator("[role=status]").InnerTextAsync());
        var url = manager.Url;

        var employee = await browser.SignedInPageAsync("employee@demo.bank");
        await employee.GotoAsync(browser.BaseUrl + "/");
        var row = employee.Locator("[data-testid=my-observations] tbody tr", new() { HasText = "Customer information and segmentation" }).First;
        await row.GetByRole(AriaRole.Link, new() { Name = "Read and acknowledge" }).ClickAsync();
        Assert.Contains("did not say why", await employee.Locator("[data-testid=ratings]").InnerTextAsync());
        await employee.GetByRole(AriaRole.Button, new() { Name = "I have read this observation" }).ClickAsync();
        Assert.StartsWith("Acknowledged on", await employee.Locator("[data-testid=acknowledgement]").InnerTextAsync());

        await manager.GotoAsync(url);
        Assert.StartsWith("Acknowledged on", await manager.Locator("[data-testid=acknowledgement]").InnerTextAsync());
        await manager.GetByRole(AriaRole.Link, new() { Name = "My branch", Exact = true }).First.ClickAsync();
        await BrowserFixture.ArrivedAsync(manager, "**/branch");
        await manager.Locator("main a[href^='/dashboard/branches/']").First.ClickAsync();
        await BrowserFixture.ArrivedAsync(manager, "**/dashboard/branches/*");
        var panel = manager.Locator("[data-testid=customer-first]");
        // The demo's branches are small: what the page shows is what the board lets through for groups of their size.
        var code = manager.Url[(manager.Url.LastIndexOf('/') + 1)..];
        var board = await BranchBoardAsync(code);
        Assert.True(board.Scope.PeopleObserved > 0);
        Assert.Equal(board.Scope.Components.Behaviour is { } shown ? shown.ToString("0.0") : "Too few people observed",
            await panel.Locator("[data-testid=culture-scope] [data-component=Behaviour]").InnerTextAsync());
        await Assertions.Expect(panel.Locator("[data-testid=culture-trend] tbody tr")).ToHaveCountAsync(4);
        // The branch's own manager reads every behaviour observed in it (they may read each observation recorded there).
        Assert.NotEmpty(board.Behaviours);
        await Assertions.Expect(panel.Locator("[data-testid=lagging-behaviours] tbody tr")).ToHaveCountAsync(board.Behaviours.Count);
        Assert.Empty(errors);
    }

    private async Task<TrainingPortal.Web.CustomerFirst.CultureBoard> BranchBoardAsync(string code)
    {
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var branch = await TrainingPortal.Web.Reporting.DashboardQuery.BranchAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), code, CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.CustomerFirst.CustomerFirstQuery>().BranchAsync(branch!, CancellationToken.None);
    }

    private T Query<T>(Func<PortalDbContext, T> query)
    {
        using var scope = browser.Factory.Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
