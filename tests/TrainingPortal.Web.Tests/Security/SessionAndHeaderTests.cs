using System.Net;
using Microsoft.Net.Http.Headers;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Security;

public class SessionAndHeaderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private HttpClient RawClient() => factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static string AuthCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Select(c => SetCookieHeaderValue.Parse(c)).Single(c => c.Name == "TrainingPortal.Auth").Value.ToString();

    [Theory]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/courses")]
    [InlineData("/verify/ABCDEFGHJKLMNPQRSTUV")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var response = await client.Http.GetAsync(url);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task No_page_loads_a_script_or_stylesheet_from_another_site()
    {
        var client = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        foreach (var url in new[] { "/", "/Identity/Account/Manage/ChangePassword", "/admin/users/new", "/hr/import", "/dashboard" })
        {
            var page = await client.GetPageAsync(url);
            var sources = page.QuerySelectorAll("script[src], link[href]").Select(e => e.GetAttribute("src") ?? e.GetAttribute("href")).ToList();
            Assert.All(sources, s => Assert.StartsWith("/", s));
            Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site()
    {
        var client = new PortalClient(factory);

        var response = await client.SignInAsync("exec@demo.bank", PortalClient.DemoPassword);

        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => SetCookieHeaderValue.Parse(c)).Single(c => c.Name == "TrainingPortal.Auth");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
    }

    [Fact]
    public async Task A_copied_session_cookie_stops_working_after_sign_out()
    {
        var client = new PortalClient(factory);
        var cookie = AuthCookie(await client.SignInAsync("manager@demo.bank", PortalClient.DemoPassword));
        var thief = RawClient();
        thief.DefaultRequestHeaders.Add("Cookie", $"TrainingPortal.Auth={cookie}");
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/courses")).StatusCode);

        var home = await client.GetPageAsync("/");
        var signOut = await client.SubmitAsync(home, "form[action^='/Identity/Account/Logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await thief.GetAsync("/courses");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Identity/Account/Login", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_accounts_other_sessions()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Session Person");
        var laptop = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var phone = new PortalClient(factory);
        var phoneCookie = AuthCookie(await phone.SignInAsync(learner.Email!, TestData.LearnerPassword));
        var other = RawClient();
        other.DefaultRequestHeaders.Add("Cookie", $"TrainingPortal.Auth={phoneCookie}");

        var form = await laptop.GetPageAsync("/Identity/Account/Manage/ChangePassword");
        var changed = await laptop.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = TestData.LearnerPassword,
            ["Input.NewPassword"] = "another long passphrase 7",
            ["Input.ConfirmPassword"] = "another long passphrase 7",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/courses")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync("/courses")).StatusCode);
        // The change is on the audit trail, by the person, in a sentence in the reader's language.
        var audited = Assert.Single(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == AuditActions.PasswordChanged && a.TargetId == learner.Id).ToList()));
        Assert.Equal(learner.Id, audited.ActorUserId);
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var trail = await hr.GetPageAsync($"/hr/audit?action={AuditActions.PasswordChanged}&subject={learner.EmployeeNumber}");
        Assert.Equal("Session Person 更改了自己的登录密码。", PortalClient.Text(trail.QuerySelector("[data-testid=audit-sentence]")));
    }

    [Fact]
    public async Task Sign_out_pressed_on_a_page_left_open_past_the_sessions_end_leads_to_the_sign_in_page_not_an_error()
    {
        using var local = new PortalFactory();
        var client = await PortalClient.SignedInAsync(local, "exec@demo.bank");
        var page = await client.GetPageAsync("/courses");

        local.Clock.Advance(TimeSpan.FromMinutes(31)); // past the idle limit
        var response = await client.SubmitAsync(page, "form[action^='/Identity/Account/Logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.OriginalString);

        // A live session is not signed out by a post without its token.
        var live = await PortalClient.SignedInAsync(local, "exec@demo.bank");
        var forged = await live.Http.PostAsync("/Identity/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await live.Http.GetAsync("/courses")).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_the_absolute_limit_even_when_in_use()
    {
        using var local = new PortalFactory();
        var client = await PortalClient.SignedInAsync(local, "exec@demo.bank");
        for (var i = 0; i < 24; i++)
        {
            local.Clock.Advance(TimeSpan.FromMinutes(25)); // always active within the idle limit
            var response = await client.Http.GetAsync("/courses");
            if (i < 23)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"after {(i + 1) * 25} minutes: {(int)response.StatusCode}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // 10 hours 0 minutes
            }
        }
    }

    [Theory]
    [InlineData("password123456")]
    [InlineData("qwertyuiop")]
    [InlineData("1234567890")]
    public async Task Common_passwords_are_refused(string password)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(factory.Services);
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<TrainingPortal.Data.PortalUser>>(scope.ServiceProvider);

        var result = await users.CreateAsync(new TrainingPortal.Data.PortalUser { UserName = $"c{password}@demo.bank", Email = $"c{password}@demo.bank", EmployeeNumber = "C-" + password, DisplayName = "Common Test" }, password);

        Assert.Contains(result.Errors, e => e.Code == "CommonPassword");
    }
}
