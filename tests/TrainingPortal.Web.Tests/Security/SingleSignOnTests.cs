using System.Net;
using System.Security.Claims;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>The portal configured for the test provider. Started on Kestrel by the fixture, in memory where no provider round trip is needed.</summary>
public sealed class SingleSignOnPortal : PortalFactory
{
    public const string DisplayName = "Harbourline Sign-in";
    public const string TraditionalDisplayName = "海港銀行職員通行證";

    private readonly Uri? _authority;
    private readonly bool _localPasswords;

    public SingleSignOnPortal(Uri? authority, bool localPasswords = true)
    {
        _authority = authority;
        _localPasswords = localPasswords;

        // The provider dates its tokens by the real clock, and the cookie jar drops cookies that expired by it.
        var now = DateTimeOffset.UtcNow;
        if (now > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(now);
        }
    }

    public string ClientId { get; } = $"portal-{Guid.NewGuid():N}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Authentication:LocalPasswords", _localPasswords ? "true" : "false");
        if (_authority is not null)
        {
            builder.UseSetting("Authentication:OpenIdConnect:Authority", _authority.ToString());
            builder.UseSetting("Authentication:OpenIdConnect:ClientId", ClientId);
            builder.UseSetting("Authentication:OpenIdConnect:ClientSecret", TestIdentityProvider.ClientSecret);
            builder.UseSetting("Authentication:OpenIdConnect:DisplayName", DisplayName);
            builder.UseSetting("Authentication:OpenIdConnect:DisplayNames:zh-HK", TraditionalDisplayName);
        }
    }
}

public sealed class SingleSignOnFixture : IAsyncLifetime
{
    public TestIdentityProvider Provider { get; private set; } = null!;
    public SingleSignOnPortal Portal { get; private set; } = null!;
    public Uri PortalUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Portal = new SingleSignOnPortal(Provider.Authority);
        Portal.UseKestrel(0);
        Portal.StartServer();
        PortalUrl = new Uri(Portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await Provider.RegisterClientAsync(Portal.ClientId, new Uri(PortalUrl, "/signin-oidc"), new Uri(PortalUrl, "/signout-callback-oidc"));
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public class SingleSignOnTests(SingleSignOnFixture fixture) : IClassFixture<SingleSignOnFixture>
{
    private const string AuthCookie = "TrainingPortal.Auth";

    [Fact]
    public async Task An_imported_employee_signs_in_through_the_provider_and_lands_on_their_home_page()
    {
        var employee = User("employee@demo.bank");
        // The provider spells the number its own way and gives an email it has not verified: the number alone links.
        var person = ProviderUser.New(email: "li.na@sso.harbourline.example", employeeNumber: $" {employee.EmployeeNumber.ToLowerInvariant()} ");
        fixture.Provider.Add(person);
        var browser = new Browser(fixture);

        var landed = await browser.SignInThroughProviderAsync(person);

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/", landed.RequestMessage!.RequestUri!.AbsolutePath);
        var home = await browser.ParseAsync(landed);
        Assert.Equal("My learning", PortalClient.Text(home.QuerySelector("h1")));
        Assert.Contains("Li Na 李娜", PortalClient.Text(home.QuerySelector("[data-testid=signed-in-user]")));
        Assert.Equal(employee.Id, Assert.Single(Query(db => db.UserLogins.Where(l => l.LoginProvider == SingleSignOn.Scheme && l.ProviderKey == person.Subject).Select(l => l.UserId).ToList())));
        var audit = Query(db => db.AuditEntries.Where(a => a.Action == AuditActions.ExternalLoginLinked && a.TargetId == employee.Id).ToList());
        Assert.Equal(employee.Id, Assert.Single(audit).ActorUserId);
        Assert.Contains("by employee number", audit[0].Summary);

        // A Hong Kong administrator reads the link under the provider's Traditional name, on the account and in the audit trail.
        var admin = new Browser(fixture);
        await admin.SignInWithPasswordAsync("admin@demo.bank", PortalClient.DemoPassword);
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-HK");
        Assert.Contains(SingleSignOnPortal.TraditionalDisplayName, PortalClient.Text((await admin.ParseAsync(await admin.GetAsync($"/admin/users/{employee.Id}/edit"))).QuerySelector("[data-testid=sign-on-links]")));
        var trail = await admin.ParseAsync(await admin.GetAsync($"/hr/audit?action={AuditActions.ExternalLoginLinked}&subject={employee.EmployeeNumber}"));
        Assert.Contains(SingleSignOnPortal.TraditionalDisplayName, PortalClient.Text(trail.QuerySelector("[data-testid=audit-sentence]")));
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_provider_and_lets_its_form_lead_there()
    {
        var browser = new Browser(fixture);

        var response = await browser.GetAsync("/Identity/Account/Login");

        var page = await browser.ParseAsync(response);
        var form = page.QuerySelector<IHtmlFormElement>("form[data-testid=single-sign-on]")!;
        Assert.Equal("post", form.Method);
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal($"Sign in with {SingleSignOnPortal.DisplayName}", PortalClient.Text(form.QuerySelector("button[name=provider]")));
        Assert.NotNull(page.QuerySelector("input[name='Input.Password']"));
        // The provider's name for Traditional Chinese readers is configured (under zh-HK, read as zh-Hant); Simplified has none.
        var hongKong = new Browser(fixture);
        hongKong.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-HK");
        Assert.Equal($"透過{SingleSignOnPortal.TraditionalDisplayName}登入", PortalClient.Text((await hongKong.ParseAsync(await hongKong.GetAsync("/Identity/Account/Login"))).QuerySelector("button[name=provider]")));
        var mainland = new Browser(fixture);
        mainland.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Contains(SingleSignOnPortal.DisplayName, PortalClient.Text((await mainland.ParseAsync(await mainland.GetAsync("/Identity/Account/Login"))).QuerySelector("button[name=provider]")));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.True(csp.Contains($"form-action 'self' {fixture.Provider.Authority.GetLeftPart(UriPartial.Authority)};", StringComparison.Ordinal), csp);
    }

    [Fact]
    public async Task A_second_sign_in_finds_the_account_by_its_stored_login()
    {
        var (learner, person) = await KnownAtProviderAsync();
        await new Browser(fixture).SignInThroughProviderAsync(person);

        // The provider no longer sends the number or an email: only the stored link can find the account now.
        fixture.Provider.Add(person with { EmployeeNumber = null, Email = null });
        var browser = new Browser(fixture);
        var landed = await browser.SignInThroughProviderAsync(person);

        Assert.Equal("/", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(learner.DisplayName, PortalClient.Text((await browser.ParseAsync(landed)).QuerySelector("[data-testid=signed-in-user]")));
        Assert.Equal(1, Query(db => db.UserLogins.Count(l => l.UserId == learner.Id)));
        Assert.Equal(1, Query(db => db.AuditEntries.Count(a => a.Action == AuditActions.ExternalLoginLinked && a.TargetId == learner.Id)));
    }

    [Fact]
    public async Task A_verified_email_links_the_account_when_the_provider_gives_no_employee_number()
    {
        var learner = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var person = ProviderUser.New(email: learner.Email!.ToUpperInvariant(), emailVerified: true);
        fixture.Provider.Add(person);
        var browser = new Browser(fixture);

        var landed = await browser.SignInThroughProviderAsync(person);

        Assert.Contains(learner.DisplayName, PortalClient.Text((await browser.ParseAsync(landed)).QuerySelector("[data-testid=signed-in-user]")));
        Assert.Contains("by verified email", Query(db => db.AuditEntries.Single(a => a.Action == AuditActions.ExternalLoginLinked && a.TargetId == learner.Id).Summary));
    }

    [Fact]
    public async Task A_link_made_through_a_mistyped_address_ends_when_the_import_corrects_it()
    {
        // HR's file gave the learner an address that belongs to someone else, who signs in with it first.
        var learner = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var owner = ProviderUser.New(email: learner.Email!, emailVerified: true);
        fixture.Provider.Add(owner);
        var first = new Browser(fixture);
        Assert.Contains(learner.DisplayName, PortalClient.Text((await first.ParseAsync(await first.SignInThroughProviderAsync(owner))).QuerySelector("[data-testid=signed-in-user]")));

        var corrected = $"corrected-{Guid.NewGuid():N}@demo.bank";
        await TestData.CorrectEmailByImportAsync(fixture.Portal.Services, learner, corrected);

        Assert.Empty(Query(db => db.UserLogins.Where(l => l.UserId == learner.Id).ToList()));
        Assert.Contains("ending the link", Query(db => db.AuditEntries.Single(a => a.Action == AuditActions.ExternalLoginUnlinked && a.TargetId == learner.Id).Summary));
        // The former owner of the address no longer reaches the account; its owner links with the corrected one.
        var formerOwner = new Browser(fixture);
        Assert.DoesNotContain(learner.DisplayName, PortalClient.Text((await formerOwner.ParseAsync(await formerOwner.SignInThroughProviderAsync(owner))).Body));
        var rightful = ProviderUser.New(email: corrected, emailVerified: true);
        fixture.Provider.Add(rightful);
        var browser = new Browser(fixture);
        Assert.Contains(learner.DisplayName, PortalClient.Text((await browser.ParseAsync(await browser.SignInThroughProviderAsync(rightful))).QuerySelector("[data-testid=signed-in-user]")));
    }

    [Fact]
    public async Task Someone_not_in_the_staff_list_gets_a_clear_page_and_no_account()
    {
        var person = ProviderUser.New(email: "new.starter@harbourline.example", employeeNumber: "NOT-IMPORTED-1");
        fixture.Provider.Add(person);
        var usersBefore = Query(db => db.Users.Count());
        var browser = new Browser(fixture);

        var answer = await browser.SignInThroughProviderAsync(person);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var problem = PortalClient.Text((await browser.ParseAsync(answer)).QuerySelector("[data-testid=sign-in-problem]"));
        Assert.Contains("not in the staff list", problem);
        Assert.Contains("HR", problem);
        Assert.Equal(usersBefore, Query(db => db.Users.Count()));
        Assert.False(Query(db => db.UserLogins.Any(l => l.ProviderKey == person.Subject)));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task An_unverified_email_does_not_link_the_account_that_has_it()
    {
        var learner = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var person = ProviderUser.New(email: learner.Email, emailVerified: false);
        fixture.Provider.Add(person);
        var browser = new Browser(fixture);

        var answer = await browser.SignInThroughProviderAsync(person);

        Assert.Contains("not in the staff list", PortalClient.Text((await browser.ParseAsync(answer)).QuerySelector("[data-testid=sign-in-problem]")));
        Assert.False(Query(db => db.UserLogins.Any(l => l.UserId == learner.Id)));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task A_disabled_employee_is_refused_both_before_and_after_the_link()
    {
        var (learner, person) = await KnownAtProviderAsync();
        await new Browser(fixture).SignInThroughProviderAsync(person);

        await SetActiveAsync(learner.Id, false);
        var linked = new Browser(fixture);
        var refusedLinked = await linked.SignInThroughProviderAsync(person);

        var other = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        await SetActiveAsync(other.Id, false);
        var otherPerson = ProviderUser.New(employeeNumber: other.EmployeeNumber);
        fixture.Provider.Add(otherPerson);
        var unlinked = new Browser(fixture);
        var refusedUnlinked = await unlinked.SignInThroughProviderAsync(otherPerson);

        Assert.Contains("disabled", PortalClient.Text((await linked.ParseAsync(refusedLinked)).QuerySelector("[data-testid=sign-in-problem]")));
        Assert.Contains("disabled", PortalClient.Text((await unlinked.ParseAsync(refusedUnlinked)).QuerySelector("[data-testid=sign-in-problem]")));
        Assert.False(Query(db => db.UserLogins.Any(l => l.UserId == other.Id)));
        await AssertSignedOutAsync(linked);
        await AssertSignedOutAsync(unlinked);
    }

    [Fact]
    public async Task A_provider_second_factor_and_the_sign_in_method_are_kept_on_the_session_even_after_the_claims_are_refreshed()
    {
        var withMfa = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var withoutMfa = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var strong = ProviderUser.New(employeeNumber: withMfa.EmployeeNumber, amr: ["pwd", "mfa"]);
        var weak = ProviderUser.New(employeeNumber: withoutMfa.EmployeeNumber, amr: ["pwd"]);
        fixture.Provider.Add(strong);
        fixture.Provider.Add(weak);
        var strongBrowser = new Browser(fixture);
        var weakBrowser = new Browser(fixture);
        await strongBrowser.SignInThroughProviderAsync(strong);
        await weakBrowser.SignInThroughProviderAsync(weak);

        var signedIn = SessionTicket(strongBrowser);
        Assert.True(SecondFactorPolicy.PassedSecondFactor(signedIn.Principal));
        Assert.False(SecondFactorPolicy.PassedSecondFactor(SessionTicket(weakBrowser).Principal));

        // Past the security-stamp validator's interval the claims are rebuilt from the database and the cookie renewed.
        fixture.Portal.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.OK, (await strongBrowser.GetAsync("/")).StatusCode);
        var refreshed = SessionTicket(strongBrowser);

        Assert.True(refreshed.Properties.IssuedUtc > signedIn.Properties.IssuedUtc, "the session was not refreshed");
        Assert.True(SecondFactorPolicy.PassedSecondFactor(refreshed.Principal));
        Assert.True(SingleSignOn.BeganAtProvider(refreshed.Principal), "signing out would no longer end the provider's session");
        Assert.Equal(withMfa.Id, refreshed.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
    }

    [Fact]
    public async Task A_sign_in_the_provider_refuses_comes_back_to_a_page_that_says_to_try_again()
    {
        var stranger = ProviderUser.New(employeeNumber: "NEVER-REGISTERED"); // unknown to the provider, which answers access_denied
        var browser = new Browser(fixture);

        var answer = await browser.SignInThroughProviderAsync(stranger);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("did not complete", PortalClient.Text((await browser.ParseAsync(answer)).QuerySelector("[data-testid=sign-in-problem]")));
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task Signing_out_of_a_session_begun_at_the_provider_ends_the_providers_session_so_the_next_person_is_asked()
    {
        var (learner, person) = await KnownAtProviderAsync();
        var terminal = new Browser(fixture);
        await terminal.SignInThroughProviderAsync(person);
        var home = await terminal.GetAsync("/");
        var csp = home.Headers.GetValues("Content-Security-Policy").Single();
        Assert.True(csp.Contains($"form-action 'self' {fixture.Provider.Authority.GetLeftPart(UriPartial.Authority)};", StringComparison.Ordinal), csp);
        var thisBrowsersToken = ProviderSessionToken(terminal);
        Assert.Equal(person.Subject, SubjectOf(thisBrowsersToken!));
        var hintsBefore = fixture.Provider.EndSessionHints.Count;

        var signedOut = await terminal.SignOutAsync();

        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal("/Identity/Account/Login", signedOut.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(hintsBefore + 1, fixture.Provider.EndSessionHints.Count);
        Assert.Equal(thisBrowsersToken, fixture.Provider.EndSessionHints.Last());
        Assert.Null(terminal.Cookies.GetCookies(fixture.PortalUrl)[ProviderSession.CookieName]); // the provider confirmed the end
        await AssertSignedOutAsync(terminal);

        // Where before the provider answered at once for the person who signed out.
        await AssertProviderAsksWhoIsThereAsync(terminal);
    }

    [Fact]
    public async Task A_session_that_ran_out_at_a_shared_terminal_leaves_the_provider_asking_the_next_person_who_they_are()
    {
        var (learner, person) = await KnownAtProviderAsync();
        var terminal = new Browser(fixture);
        await terminal.SignInThroughProviderAsync(person);

        fixture.Portal.Clock.Advance(TimeSpan.FromMinutes(31)); // past the idle limit: nobody pressed "Sign out"
        await AssertSignedOutAsync(terminal);
        await AssertProviderAsksWhoIsThereAsync(terminal);
        var again = await terminal.SignInThroughProviderAsync(person); // the person signing in at the provider again
        Assert.Equal("/", again.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_password_session_on_a_terminal_the_provider_still_holds_a_session_on_ends_that_session_at_sign_out()
    {
        var (_, person) = await KnownAtProviderAsync();
        var second = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var terminal = new Browser(fixture);
        await terminal.SignInThroughProviderAsync(person);
        fixture.Portal.Clock.Advance(TimeSpan.FromMinutes(31)); // the first walks away; their portal session runs out
        await terminal.SignInWithPasswordAsync(second.Email!);
        var hintsBefore = fixture.Provider.EndSessionHints.Count;

        var csp = (await terminal.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        var signedOut = await terminal.SignOutAsync();

        Assert.True(csp.Contains($"form-action 'self' {fixture.Provider.Authority.GetLeftPart(UriPartial.Authority)};", StringComparison.Ordinal), csp); // or the browser stops the redirect
        Assert.Equal("/Identity/Account/Login", signedOut.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(hintsBefore + 1, fixture.Provider.EndSessionHints.Count);
        Assert.Null(terminal.Cookies.GetCookies(fixture.PortalUrl)[ProviderSession.CookieName]);
    }

    [Fact]
    public async Task A_sign_in_whose_answer_the_portal_could_not_read_still_leaves_the_provider_asking_the_next_person()
    {
        var (learner, person) = await KnownAtProviderAsync();
        var terminal = new Browser(fixture) { LoseCorrelation = true }; // the provider's page was left open past the portal's correlation cookie
        var failed = await terminal.SignInThroughProviderAsync(person);
        Assert.Contains("did not complete", PortalClient.Text((await terminal.ParseAsync(failed)).QuerySelector("[data-testid=sign-in-problem]")));

        terminal.LoseCorrelation = false;
        await AssertProviderAsksWhoIsThereAsync(terminal);
    }

    [Fact]
    public async Task Signing_out_at_one_terminal_names_that_terminals_session_to_the_provider_not_the_persons_latest_elsewhere()
    {
        var (learner, person) = await KnownAtProviderAsync();
        var terminal = new Browser(fixture);
        var desk = new Browser(fixture);
        await terminal.SignInThroughProviderAsync(person);
        await desk.SignInThroughProviderAsync(person);

        await terminal.SignOutAsync();

        Assert.Equal(ProviderSessionToken(terminal.Before), fixture.Provider.EndSessionHints.Last());
        Assert.NotEqual(ProviderSessionToken(desk), fixture.Provider.EndSessionHints.Last());
    }

    [Fact]
    public async Task Signing_out_of_a_password_session_stays_with_the_portal()
    {
        var learner = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var browser = new Browser(fixture);
        await browser.SignInWithPasswordAsync(learner.Email!);
        var hintsBefore = fixture.Provider.EndSessionHints.Count;

        var signedOut = await browser.SignOutAsync();

        Assert.Equal(fixture.PortalUrl.Authority, signedOut.RequestMessage!.RequestUri!.Authority);
        Assert.Equal("/Identity/Account/Login", signedOut.RequestMessage.RequestUri.AbsolutePath);
        Assert.Equal(hintsBefore, fixture.Provider.EndSessionHints.Count);
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task With_local_passwords_off_the_password_form_is_gone_and_a_posted_password_is_refused()
    {
        await using var portal = new SingleSignOnPortal(fixture.Provider.Authority, localPasswords: false);
        var client = new PortalClient(portal);

        var page = await client.GetPageAsync("/Identity/Account/Login");
        var form = page.QuerySelector<IHtmlFormElement>("form[data-testid=single-sign-on]")!;
        var fields = PortalClient.FormFields(form);
        fields.AddRange([new("Input.Email", "employee@demo.bank"), new("Input.Password", PortalClient.DemoPassword)]);
        var answer = await client.Http.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(fields));

        Assert.Null(page.QuerySelector("input[name='Input.Password']"));
        Assert.Equal($"Sign in with {SingleSignOnPortal.DisplayName}", PortalClient.Text(form.QuerySelector("button[name=provider]")));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("does not use passwords", PortalClient.Text((await client.ParseAsync(answer)).QuerySelector(".alert-danger")));
        Assert.False(answer.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/courses")).StatusCode);
    }

    [Fact]
    public void Password_sign_in_cannot_be_switched_off_without_a_provider()
    {
        using var portal = new SingleSignOnPortal(authority: null, localPasswords: false);

        Assert.ThrowsAny<Exception>(() => portal.Services);
    }

    /// <summary>A staff account and the person the provider knows it by (linked by employee number at the first sign-in).</summary>
    private async Task<(PortalUser Learner, ProviderUser Person)> KnownAtProviderAsync()
    {
        var learner = await TestData.CreateLearnerAsync(fixture.Portal.Services);
        var person = ProviderUser.New(employeeNumber: learner.EmployeeNumber);
        fixture.Provider.Add(person);
        return (learner, person);
    }

    private PortalUser User(string email) => Query(db => db.Users.AsNoTracking().Single(u => u.Email == email));

    private T Query<T>(Func<PortalDbContext, T> query) => TestData.Query(fixture.Portal.Services, query);

    private async Task SetActiveAsync(string userId, bool active)
    {
        using var scope = fixture.Portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, active));
    }

    /// <summary>
    /// The provider's button pressed on this browser by the next person: the provider asks who they are (here it refuses,
    /// having no one to sign in) rather than signing the last person in again, and the portal stays signed out.
    /// </summary>
    private static async Task AssertProviderAsksWhoIsThereAsync(Browser terminal)
    {
        var next = await terminal.SignInThroughProviderAsync(person: null);
        Assert.Contains("did not complete", PortalClient.Text((await terminal.ParseAsync(next)).QuerySelector("[data-testid=sign-in-problem]")));
        await AssertSignedOutAsync(terminal);
    }

    private static async Task AssertSignedOutAsync(Browser browser)
    {
        var response = await browser.GetAsync("/courses");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString);
    }

    /// <summary>The id token the portal keeps in this browser's provider-session cookie, opened with the portal's own keys.</summary>
    private string? ProviderSessionToken(Browser browser) => ProviderSessionToken(browser.Cookies.GetCookies(fixture.PortalUrl)[ProviderSession.CookieName]?.Value);

    private string? ProviderSessionToken(string? cookie) => cookie is null ? null
        : fixture.Portal.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector(ProviderSession.Purpose).Unprotect(cookie);

    private static string SubjectOf(string idToken)
    {
        var payload = idToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - payload.Length % 4) % 4);
        return System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
    }

    /// <summary>The portal's sign-in cookie in this browser, opened with the portal's own keys.</summary>
    private AuthenticationTicket SessionTicket(Browser browser)
    {
        var cookies = browser.Cookies.GetCookies(fixture.PortalUrl);
        var value = cookies[AuthCookie]?.Value ?? throw new InvalidOperationException("Not signed in.");
        if (value.StartsWith("chunks-", StringComparison.Ordinal))
        {
            var count = int.Parse(value["chunks-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            value = string.Concat(Enumerable.Range(1, count).Select(i => cookies[$"{AuthCookie}C{i}"]!.Value));
        }

        var options = fixture.Portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        return options.TicketDataFormat.Unprotect(value) ?? throw new InvalidOperationException("The sign-in cookie could not be read.");
    }

    /// <summary>A browser without a screen: one cookie jar for the portal and the provider, redirects followed across both.</summary>
    private sealed class Browser
    {
        private readonly SingleSignOnFixture _fixture;
        private readonly HttpClient _http;
        private readonly IBrowsingContext _parser = BrowsingContext.New(Configuration.Default);

        public Browser(SingleSignOnFixture fixture)
        {
            _fixture = fixture;
            _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
            {
                BaseAddress = fixture.PortalUrl,
            };
        }

        public CookieContainer Cookies { get; } = new();

        public HttpClient Http => _http;

        public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

        /// <summary>When set, the portal's correlation cookie is gone by the time the provider answers.</summary>
        public bool LoseCorrelation { get; set; }

        public async Task SignInWithPasswordAsync(string email, string password = TestData.LearnerPassword)
        {
            var login = await ParseAsync(await _http.GetAsync("/Identity/Account/Login"));
            var form = (IHtmlFormElement)login.QuerySelector("input[name='Input.Password']")!.Closest("form")!;
            var fields = PortalClient.FormFields(form);
            fields.RemoveAll(f => f.Key is "Input.Email" or "Input.Password");
            fields.AddRange([new("Input.Email", email), new("Input.Password", password)]);
            Assert.Equal(HttpStatusCode.Redirect, (await _http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields))).StatusCode);
        }

        public async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            return (IHtmlDocument)await _parser.OpenAsync(r => r.Content(html).Address(response.RequestMessage!.RequestUri!));
        }

        /// <summary>
        /// Presses the provider's button on the sign-in page; at the provider, <paramref name="person"/> is the one who
        /// signs in, or, when null, nobody types anything and the provider answers from its own session if it has one.
        /// </summary>
        public async Task<HttpResponseMessage> SignInThroughProviderAsync(ProviderUser? person)
        {
            var login = await ParseAsync(await _http.GetAsync("/Identity/Account/Login"));
            var form = login.QuerySelector<IHtmlFormElement>("form[data-testid=single-sign-on]") ?? throw new InvalidOperationException("No provider button.");
            var fields = PortalClient.FormFields(form);
            fields.Add(new("provider", form.QuerySelector<IHtmlButtonElement>("button[name=provider]")!.Value));
            return await FollowAsync(await _http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields)), person);
        }

        /// <summary>The provider-session cookie as it was when <see cref="SignOutAsync"/> was pressed.</summary>
        public string? Before { get; private set; }

        /// <summary>Presses "Sign out" on the home page and follows the redirects, to the provider and back if they go there.</summary>
        public async Task<HttpResponseMessage> SignOutAsync()
        {
            Before = Cookies.GetCookies(_fixture.PortalUrl)[ProviderSession.CookieName]?.Value;
            var home = await ParseAsync(await _http.GetAsync("/"));
            var form = home.QuerySelector<IHtmlFormElement>("form[action^='/Identity/Account/Logout']") ?? throw new InvalidOperationException("No sign-out button.");
            return await FollowAsync(await _http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(PortalClient.FormFields(form))), person: null);
        }

        private async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response, ProviderUser? person)
        {
            for (var hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb; hops++)
            {
                Assert.True(hops < 10, "Too many redirects.");
                var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
                if (person is not null && _fixture.Provider.IsAuthorizationRequest(next))
                {
                    next = new Uri($"{next}&{TestIdentityProvider.UserParameter}={Uri.EscapeDataString(person.Subject)}");
                }

                if (LoseCorrelation && next.AbsolutePath == "/signin-oidc")
                {
                    foreach (var cookie in Cookies.GetCookies(next).Where(c => c.Name.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal)))
                    {
                        cookie.Expired = true;
                    }
                }

                response = await _http.GetAsync(next);
            }

            return response;
        }
    }
}
