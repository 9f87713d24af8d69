using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>
/// A second factor (an authenticator app) for the roles that require it, here Admin; codes come from <see cref="Totp"/>.
/// </summary>
public class TwoFactorTests(TwoFactorTests.AdminsNeedTwoFactorFactory factory) : IClassFixture<TwoFactorTests.AdminsNeedTwoFactorFactory>
{
    public sealed class AdminsNeedTwoFactorFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(SecondFactorPolicy.Setting, "Admin");
        }
    }

    private const string EnrolmentPath = "/Identity/Account/Manage/EnableAuthenticator";
    private const string CodePath = "/Identity/Account/LoginWith2fa";

    [Fact]
    public async Task An_admin_must_set_up_an_authenticator_app_before_any_page_and_then_signs_in_with_its_code()
    {
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        foreach (var url in new[] { "/hr/audit", "/", "/admin/users", "/Identity/Account/Manage/ChangePassword" })
        {
            var response = await admin.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(EnrolmentPath, response.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/favicon.ico")).StatusCode);

        var enrolment = await admin.GetPageAsync((await admin.Http.GetAsync("/hr/audit")).Headers.Location!.OriginalString);
        var key = PortalClient.Text(enrolment.QuerySelector("[data-testid=authenticator-key]"));
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", key);
        var qrCode = enrolment.QuerySelector("main svg");
        Assert.NotNull(qrCode);
        Assert.Empty(enrolment.QuerySelectorAll("main svg [style], main svg[style], script:not([src])"));
        Assert.Contains("Your role needs a second step", PortalClient.Text(enrolment.QuerySelector("main .alert-info")));

        var refused = await admin.SubmitAsync(enrolment, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("does not match", PortalClient.Text((await admin.ParseAsync(refused)).QuerySelector("#code-error")));
        Assert.StartsWith(EnrolmentPath, (await admin.Http.GetAsync("/hr/audit")).Headers.Location!.OriginalString);

        var confirmed = await admin.SubmitAsync(enrolment, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var codesPage = await admin.ParseAsync(await admin.FollowAsync(confirmed));
        var recoveryCodes = codesPage.QuerySelectorAll("[data-testid=recovery-codes] code").Select(PortalClient.Text).ToList();
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        var continueUrl = codesPage.QuerySelector("main a.btn-primary")!.GetAttribute("href")!;
        Assert.Equal("/hr/audit", continueUrl);

        // Enrolment changed the security stamp; the sign-in was refreshed, not ended.
        var audit = await admin.GetPageAsync(continueUrl);
        Assert.NotNull(audit.QuerySelector($"[data-action='{AuditActions.TwoFactorEnabled}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Http.GetAsync("/Identity/Account/Manage/ShowRecoveryCodes")).StatusCode); // shown once

        var signOut = await admin.SubmitAsync(audit, "form[action^='/Identity/Account/Logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Http.GetAsync("/hr/audit")).StatusCode);

        var again = await admin.SignInAsync("admin@demo.bank", PortalClient.DemoPassword);
        Assert.StartsWith(CodePath, again.Headers.Location!.OriginalString);
        var codeForm = await admin.GetPageAsync(again.Headers.Location!.OriginalString);
        Assert.Null(codeForm.QuerySelector("input[name='Input.RememberBrowser']"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Http.GetAsync("/hr/audit")).StatusCode); // the password alone is not a sign-in

        var wrong = await admin.SubmitAsync(codeForm, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("not right", PortalClient.Text((await admin.ParseAsync(wrong)).QuerySelector(".alert-danger")));

        var right = await admin.SubmitAsync(codeForm, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/home", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/hr/audit")).StatusCode);
    }

    [Fact]
    public async Task Remember_this_browser_is_neither_offered_to_a_required_role_nor_honoured_when_posted()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Remember Admin", Roles.Admin);
        var key = (await EnrolAsync(person)).Key;
        var client = new PortalClient(factory);
        var codeForm = await client.GetPageAsync((await client.SignInAsync(person.Email!, TestData.LearnerPassword)).Headers.Location!.OriginalString);

        Assert.Null(codeForm.QuerySelector("input[name='Input.RememberBrowser']"));
        var signedIn = await client.SubmitAsync(codeForm, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.Code"] = Totp.Code(key),
            ["Input.RememberBrowser"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("Identity.TwoFactorRememberMe", StringComparison.Ordinal));
        var next = await new PortalClient(factory).SignInAsync(person.Email!, TestData.LearnerPassword);
        Assert.StartsWith(CodePath, next.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_refused_the_second_time()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Recovery Admin", Roles.Admin);
        var codes = (await EnrolAsync(person)).RecoveryCodes;

        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithRecoveryCodeAsync(person, codes[3])).StatusCode);

        var second = await SignInWithRecoveryCodeAsync(person, codes[3]);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("already been used", PortalClient.Text((await new PortalClient(factory).ParseAsync(second)).QuerySelector(".alert-danger")));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithRecoveryCodeAsync(person, codes[4])).StatusCode);
    }

    [Fact]
    public async Task An_employee_whose_role_needs_no_second_factor_is_never_sent_to_enrolment()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        foreach (var url in new[] { "/", "/courses", "/certificates", "/Identity/Account/Manage" })
        {
            Assert.Equal(HttpStatusCode.OK, (await employee.Http.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task An_employee_may_turn_on_two_step_sign_in_and_may_then_have_this_browser_remembered()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Careful Employee");
        var client = await PortalClient.SignedInAsync(factory, person.Email!, TestData.LearnerPassword);

        var status = await client.GetPageAsync("/Identity/Account/Manage/TwoFactorAuthentication");
        Assert.Contains("password only", PortalClient.Text(status.QuerySelector("[data-testid=two-factor-status]")));
        var setUp = status.QuerySelector("main a[href^='" + EnrolmentPath + "']")!.GetAttribute("href")!;
        var enrolment = await client.GetPageAsync(setUp);
        Assert.Null(enrolment.QuerySelector("main .alert-info"));
        var key = PortalClient.Text(enrolment.QuerySelector("[data-testid=authenticator-key]"));
        var confirmed = await client.SubmitAsync(enrolment, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        await client.FollowAsync(confirmed);
        var after = await client.GetPageAsync("/Identity/Account/Manage/TwoFactorAuthentication");
        Assert.Contains("authenticator app", PortalClient.Text(after.QuerySelector("[data-testid=two-factor-status]")));

        var next = new PortalClient(factory);
        var codeForm = await next.GetPageAsync((await next.SignInAsync(person.Email!, TestData.LearnerPassword)).Headers.Location!.OriginalString);
        Assert.NotNull(codeForm.QuerySelector("input[name='Input.RememberBrowser']"));
    }

    [Fact]
    public async Task A_browser_remembered_before_promotion_to_a_role_that_requires_a_second_factor_no_longer_skips_it()
    {
        // The test client's cookie jar judges expiry by the real clock: keep the app's clock from lagging behind it.
        using var local = new AdminsNeedTwoFactorFactory();
        if (DateTimeOffset.UtcNow > local.Clock.GetUtcNow())
        {
            local.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }

        var person = await TestData.CreateLearnerAsync(local.Services, "Promoted Employee");
        var client = await PortalClient.SignedInAsync(local, person.Email!, TestData.LearnerPassword);
        var enrolment = await client.GetPageAsync(EnrolmentPath);
        var key = PortalClient.Text(enrolment.QuerySelector("[data-testid=authenticator-key]"));
        await client.FollowAsync(await client.SubmitAsync(enrolment, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) }));
        await client.SubmitAsync(await client.GetPageAsync("/"), "form[action^='/Identity/Account/Logout']", new Dictionary<string, string>());
        var codeForm = await client.GetPageAsync((await client.SignInAsync(person.Email!, TestData.LearnerPassword)).Headers.Location!.OriginalString);
        await client.SubmitAsync(codeForm, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key), ["Input.RememberBrowser"] = "true" });

        // Signing out changes the security stamp, which a remembered browser carries too: sign in again without doing so.
        Assert.Equal("/home", (await client.SignInAsync(person.Email!, TestData.LearnerPassword)).Headers.Location!.OriginalString);

        using (var scope = local.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(person.Id))!;
            await users.RemoveFromRoleAsync(user, Roles.Employee);
            await users.AddToRoleAsync(user, Roles.Admin);
        }

        var promoted = await client.SignInAsync(person.Email!, TestData.LearnerPassword);
        Assert.StartsWith(CodePath, promoted.Headers.Location!.OriginalString);
    }

    [Fact]
    public void The_code_pages_share_the_sign_in_rate_limit()
    {
        var limits = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is "Identity/Account/LoginWith2fa" or "Identity/Account/LoginWithRecoveryCode")
            .Select(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName)
            .ToList();

        Assert.Equal([RateLimits.SignIn, RateLimits.SignIn], limits);
    }

    [Fact]
    public async Task An_admin_resets_another_admins_authenticator_with_an_audit_entry_and_that_admin_must_enrol_again()
    {
        var resetter = await TestData.CreateLearnerAsync(factory.Services, "Resetting Admin", Roles.Admin);
        var resetterKey = (await EnrolAsync(resetter)).Key;
        var other = await TestData.CreateLearnerAsync(factory.Services, "Phone-losing Admin", Roles.Admin);
        var (otherKey, _, otherSession) = await EnrolAsync(other);
        var admin = await SignInWithCodeAsync(resetter, resetterKey);

        var list = await admin.GetPageAsync("/admin/users?q=" + Uri.EscapeDataString(other.EmployeeNumber));
        var page = await admin.GetPageAsync(list.QuerySelector("a[href$='/authenticator']")!.GetAttribute("href")!);
        Assert.Contains("authenticator app", PortalClient.Text(page.QuerySelector("[data-testid=two-factor-status]")));
        var reset = await admin.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var done = await admin.ParseAsync(await admin.FollowAsync(reset));
        Assert.Contains("is reset", PortalClient.Text(done.QuerySelector("[data-testid=reset-message]")));
        var (twoFactor, recoveryCodes) = TestData.Query(factory.Services, db => (
            db.Users.Single(u => u.Id == other.Id).TwoFactorEnabled,
            db.UserTokens.Where(t => t.UserId == other.Id && t.Name == "RecoveryCodes").Select(t => t.Value).SingleOrDefault()));
        Assert.False(twoFactor);
        Assert.True(string.IsNullOrEmpty(recoveryCodes));
        var entry = TestData.Query(factory.Services, db => db.AuditEntries.Single(a => a.Action == AuditActions.AuthenticatorReset && a.TargetId == other.Id));
        Assert.Equal(resetter.Id, entry.ActorUserId);

        // Their session ended; the old app's codes are worthless; the next sign-in leads to enrolment with a new key.
        Assert.Equal(HttpStatusCode.Redirect, (await otherSession.Http.GetAsync("/")).StatusCode);
        Assert.Contains("/Identity/Account/Login", (await otherSession.Http.GetAsync("/")).Headers.Location!.OriginalString);
        var again = await PortalClient.SignedInAsync(factory, other.Email!, TestData.LearnerPassword);
        var toEnrolment = await again.Http.GetAsync("/");
        Assert.StartsWith(EnrolmentPath, toEnrolment.Headers.Location!.OriginalString);
        var newKey = PortalClient.Text((await again.GetPageAsync(toEnrolment.Headers.Location!.OriginalString)).QuerySelector("[data-testid=authenticator-key]"));
        Assert.NotEqual(otherKey, newKey);
    }

    [Fact]
    public async Task Only_an_administrator_resets_an_authenticator_and_never_their_own()
    {
        var admin = await TestData.CreateLearnerAsync(factory.Services, "Self Admin", Roles.Admin);
        var target = await TestData.CreateLearnerAsync(factory.Services, "Target Employee");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        Assert.Equal(HttpStatusCode.Forbidden, (await hr.Http.GetAsync($"/admin/users/{target.Id}/authenticator")).StatusCode);
        var hrActor = new Actor("hr", "HR person", [Roles.HR]);
        var adminActor = new Actor(admin.Id, admin.DisplayName, [Roles.Admin]);
        Assert.Contains("Only an administrator", Assert.Single((await ResetAsync(target.Id, hrActor)).Refusals).Message);
        Assert.Contains("your own", Assert.Single((await ResetAsync(admin.Id, adminActor)).Refusals).Message);
        Assert.True((await ResetAsync("no-such-person", adminActor)).NotFound);
        Assert.False(TestData.Query(factory.Services, db => db.AuditEntries.Any(a => a.Action == AuditActions.AuthenticatorReset && (a.TargetId == target.Id || a.TargetId == admin.Id))));
    }

    [Fact]
    public void A_providers_token_that_asked_for_a_second_factor_is_recognised()
    {
        ClaimsPrincipal Token(params string[] methods) => new(new ClaimsIdentity(methods.Select(m => new Claim("amr", m)), "oidc"));

        Assert.True(SecondFactorPolicy.ProviderAskedForSecondFactor(Token("pwd", "mfa")));
        Assert.False(SecondFactorPolicy.ProviderAskedForSecondFactor(Token("pwd")));
        Assert.False(SecondFactorPolicy.ProviderAskedForSecondFactor(Token()));
    }

    private async Task<Outcome<string>> ResetAsync(string userId, Actor actor)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ResetAuthenticator>().ExecuteAsync(userId, actor, CancellationToken.None);
    }

    /// <summary>Signs in (sent to enrolment, as the role requires), sets up the app and returns its key, the recovery codes and the session.</summary>
    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes, PortalClient Session)> EnrolAsync(PortalUser person)
    {
        var client = await PortalClient.SignedInAsync(factory, person.Email!, TestData.LearnerPassword);
        var enrolment = await client.GetPageAsync((await client.Http.GetAsync("/")).Headers.Location!.OriginalString);
        var key = PortalClient.Text(enrolment.QuerySelector("[data-testid=authenticator-key]"));
        var confirmed = await client.SubmitAsync(enrolment, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        var codes = (await client.ParseAsync(await client.FollowAsync(confirmed))).QuerySelectorAll("[data-testid=recovery-codes] code").Select(PortalClient.Text).ToList();
        Assert.Equal(EnrolAuthenticator.RecoveryCodeCount, codes.Count);
        return (key, codes, client);
    }

    private async Task<PortalClient> SignInWithCodeAsync(PortalUser person, string key)
    {
        var client = new PortalClient(factory);
        var codeForm = await client.GetPageAsync((await client.SignInAsync(person.Email!, TestData.LearnerPassword)).Headers.Location!.OriginalString);
        var signedIn = await client.SubmitAsync(codeForm, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private async Task<HttpResponseMessage> SignInWithRecoveryCodeAsync(PortalUser person, string recoveryCode)
    {
        var client = new PortalClient(factory);
        var codeForm = await client.GetPageAsync((await client.SignInAsync(person.Email!, TestData.LearnerPassword)).Headers.Location!.OriginalString);
        var recoveryForm = await client.GetPageAsync(codeForm.QuerySelector("main a[href*='LoginWithRecoveryCode']")!.GetAttribute("href")!);
        return await client.SubmitAsync(recoveryForm, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = recoveryCode });
    }
}
