using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Tests;

namespace TrainingPortal.Browser.Tests;

/// <summary>The journeys of the roles' walk-through, walked again in the browser after what it found was built.</summary>
[Collection(BrowserCollection.Name)]
public class PersonaJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_branch_manager_lands_on_their_branch_with_my_learning_one_click_away()
    {
        var page = await browser.SignedInPageAsync("manager@demo.bank");

        Assert.EndsWith("/branch", page.Url);
        var branch = TestData.Query(browser.Factory.Services, db => db.Users.Where(u => u.Email == "manager@demo.bank").Select(u => u.Branch!.Name).Single());
        Assert.Equal($"My branch: {branch}", await page.Locator("h1").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "My learning", Exact = true }).ClickAsync();
        await BrowserFixture.ArrivedAsync(page, url => new Uri(url).AbsolutePath == "/");
    }

    [Fact]
    public async Task An_admin_moves_a_person_to_another_branch_disables_the_account_ending_their_session_and_finds_it_in_the_audit_trail()
    {
        var person = await TestData.CreateLearnerAsync(browser.Factory.Services, "钱伟 Qian Wei");
        var learner = await browser.SignedInPageAsync(person.Email!, TestData.LearnerPassword);
        var admin = await browser.SignedInPageAsync("admin@demo.bank");
        await admin.SetViewportSizeAsync(1280, 800);

        await admin.GotoAsync("/admin/users");
        await admin.GetByPlaceholder("Name, email or employee number").FillAsync(person.EmployeeNumber);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Edit 钱伟 Qian Wei" }).ClickAsync();
        var otherBranch = TestData.Query(browser.Factory.Services, db => db.Branches.Where(b => b.Id != person.BranchId).OrderBy(b => b.Id).Select(b => new { b.Id, b.Name }).First());
        await admin.GetByLabel("Branch (empty for head office)").SelectOptionAsync(otherBranch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        Assert.Equal("Saved the account of 钱伟 Qian Wei.", await admin.GetByTestId("account-saved").InnerTextAsync());
        Assert.Equal(otherBranch.Id, TestData.Query(browser.Factory.Services, db => db.Users.Single(u => u.Id == person.Id).BranchId));

        await admin.GetByTestId("disable-account").ClickAsync();
        // The page before the click carries the same elements, so these wait for the text rather than the element.
        await Assertions.Expect(admin.GetByTestId("account-saved")).ToHaveTextAsync("Disabled the account of 钱伟 Qian Wei. Any session they had open has ended.");
        await Assertions.Expect(admin.GetByTestId("account-active")).ToHaveTextAsync("disabled");
        await learner.ReloadAsync();
        Assert.Contains("/Identity/Account/Login", learner.Url);

        await admin.GotoAsync("/hr/audit");
        await admin.GetByLabel("By", new() { Exact = true }).FillAsync("Priya");
        await admin.GetByLabel("About", new() { Exact = true }).FillAsync(person.EmployeeNumber);
        var services = browser.Factory.Services;
        var today = services.GetRequiredService<BankCalendar>().MomentAt(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).Today
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await admin.GetByLabel("From", new() { Exact = true }).FillAsync(today);
        await admin.GetByLabel("To", new() { Exact = true }).FillAsync(today);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync("**/hr/audit?*");
        var sentences = await admin.GetByTestId("audit-sentence").AllInnerTextsAsync();
        Assert.Contains("Priya Nair disabled the account of 钱伟 Qian Wei.", sentences);
        Assert.All(sentences, sentence => Assert.Matches("^Priya Nair .*钱伟 Qian Wei", sentence));
        Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the audit trail scrolls sideways in a 1,280-pixel window");
    }
}
