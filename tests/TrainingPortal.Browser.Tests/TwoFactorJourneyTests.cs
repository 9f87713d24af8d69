using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// With Security:RequireTwoFactorFor=Admin an administrator sets up an authenticator app before reaching any page,
/// then signs in with its code. Its own app, in the browser collection so that one Chromium runs at a time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorJourneyTests : IAsyncLifetime
{
    private sealed class AdminsNeedTwoFactorFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(SecondFactorPolicy.Setting, "Admin");
        }
    }

    private readonly BrowserFixture _browser = new(new AdminsNeedTwoFactorFactory());

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Work email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PortalClient.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task An_admin_sets_up_an_authenticator_app_before_any_page_and_signs_in_with_its_code_next_time()
    {
        var page = await _browser.NewPageAsync();
        await SignInAsync(page, "admin@demo.bank");
        await BrowserFixture.ArrivedAsync(page, "**/Identity/Account/Manage/EnableAuthenticator**");
        await page.GotoAsync("/hr/audit");
        await BrowserFixture.ArrivedAsync(page, "**/Identity/Account/Manage/EnableAuthenticator**");

        Assert.True(await page.GetByRole(AriaRole.Img, new() { Name = "QR code that adds TrainingPortal to an authenticator app" }).IsVisibleAsync());
        var axe = await page.RunAxe(Axe.Wcag21AA);
        Assert.Empty(axe.Violations.Select(v => v.Id));
        var key = await page.GetByTestId("authenticator-key").InnerTextAsync();
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await BrowserFixture.ArrivedAsync(page, "**/Identity/Account/Manage/ShowRecoveryCodes**");
        Assert.Equal(10, await page.GetByTestId("recovery-codes").Locator("code").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them: continue" }).ClickAsync();
        await BrowserFixture.ArrivedAsync(page, _browser.BaseUrl + "/hr/audit");
        Assert.Equal("Audit trail", await page.Locator("h1").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInAsync(page, "admin@demo.bank");
        await BrowserFixture.ArrivedAsync(page, "**/Identity/Account/LoginWith2fa**");
        Assert.Equal(0, await page.GetByRole(AriaRole.Checkbox).CountAsync());
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await BrowserFixture.ArrivedAsync(page, _browser.BaseUrl + "/hr"); // an administrator lands on the HR home
        Assert.Contains("Priya Nair", await page.GetByTestId("signed-in-user").InnerTextAsync());
    }
}
