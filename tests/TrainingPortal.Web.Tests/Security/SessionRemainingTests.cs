using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>What the timeout warning is told: how long a sign-in has left once the request that asks is answered.</summary>
public class SessionRemainingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static (HttpContext Http, AuthenticationTicket Ticket) SignedIn(DateTimeOffset issued, DateTimeOffset signedIn)
    {
        var properties = new AuthenticationProperties { IssuedUtc = issued, ExpiresUtc = issued + SessionLifetime.Idle };
        properties.Items[SessionLifetime.SignedInAtItem] = signedIn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("test")), properties, "test");
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).BuildServiceProvider() };
        http.Features.Set<IAuthenticateResultFeature>(new AuthenticationFeatures(AuthenticateResult.Success(ticket)));
        return (http, ticket);
    }

    [Fact]
    public void A_sign_in_the_handler_does_not_renew_keeps_its_end()
    {
        var (http, _) = SignedIn(Now.AddMinutes(-4), Now.AddHours(-1));

        Assert.Equal(new SessionLifetime.Left(TimeSpan.FromMinutes(26), Renewable: true), SessionLifetime.Remaining(http));
    }

    [Fact]
    public async Task A_sign_in_the_handler_renews_has_the_full_idle_limit()
    {
        var (http, ticket) = SignedIn(Now.AddMinutes(-20), Now.AddHours(-1));
        var scheme = new AuthenticationScheme("Identity.Application", null, typeof(CookieAuthenticationHandler));
        await SessionLifetime.NoteSlidingRenewal(new CookieSlidingExpirationContext(http, scheme, new CookieAuthenticationOptions(), ticket, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10)) { ShouldRenew = true });

        Assert.Equal(new SessionLifetime.Left(SessionLifetime.Idle, Renewable: true), SessionLifetime.Remaining(http));
    }

    [Fact]
    public void Nothing_extends_the_absolute_limit_so_near_it_keeping_the_sign_in_is_not_offered()
    {
        var (http, _) = SignedIn(Now.AddMinutes(-4), Now - SessionLifetime.Absolute + TimeSpan.FromMinutes(5));

        Assert.Equal(new SessionLifetime.Left(TimeSpan.FromMinutes(5), Renewable: false), SessionLifetime.Remaining(http));
    }

    [Fact]
    public void A_request_that_is_not_signed_in_has_no_sign_in_left()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).BuildServiceProvider() };

        Assert.Null(SessionLifetime.Remaining(http));
    }

    private sealed class AuthenticationFeatures(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}

/// <summary>The warning's way to keep a sign-in, on every kind of signed-in page.</summary>
public class SessionWarningPageTests(TrainingPortal.Tests.PortalFactory factory) : IClassFixture<TrainingPortal.Tests.PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Identity/Account/Manage/ChangePassword")] // the Identity area's pages, whose forms (a new password) are worth keeping too
    public async Task A_signed_in_page_carries_the_warning_and_its_keep_alive_address(string path)
    {
        var client = await TrainingPortal.Tests.PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var page = await client.GetPageAsync(path);

        var warning = page.QuerySelector("[data-testid=session-warning]")!;
        Assert.Equal("/session", warning.GetAttribute("data-keep-alive"));
        Assert.True(long.Parse(warning.GetAttribute("data-remaining")!, CultureInfo.InvariantCulture) > 20 * 60);
        var answer = await client.Http.GetAsync("/session");
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
    }
}
