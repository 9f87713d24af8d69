using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
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

    private static TimeSpan? Remaining(DateTimeOffset issued, DateTimeOffset signedIn)
    {
        var properties = new AuthenticationProperties { IssuedUtc = issued, ExpiresUtc = issued + SessionLifetime.Idle };
        properties.Items[SessionLifetime.SignedInAtItem] = signedIn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity("test")), properties, "test");
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(Now)).BuildServiceProvider() };
        http.Features.Set<IAuthenticateResultFeature>(new AuthenticationFeatures(AuthenticateResult.Success(ticket)));
        return SessionLifetime.Remaining(http);
    }

    [Fact]
    public void A_cookie_less_than_half_through_its_life_keeps_its_end()
    {
        Assert.Equal(TimeSpan.FromMinutes(20), Remaining(Now.AddMinutes(-10), Now.AddHours(-1)));
    }

    [Fact]
    public void A_cookie_past_half_its_life_is_renewed_by_the_request_to_the_full_idle_limit()
    {
        Assert.Equal(SessionLifetime.Idle, Remaining(Now.AddMinutes(-20), Now.AddHours(-1)));
    }

    [Fact]
    public void Nothing_extends_the_absolute_limit()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), Remaining(Now.AddMinutes(-20), Now - SessionLifetime.Absolute + TimeSpan.FromMinutes(5)));
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
