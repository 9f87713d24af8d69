using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>Idle and absolute limits on a sign-in, on top of Identity's security-stamp check.</summary>
public static class SessionLifetime
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(10);

    /// <summary>How long before a sign-in ends its holder is warned, with a way to keep it (WCAG 2.2.1 asks for at least 20 seconds).</summary>
    public static readonly TimeSpan WarnBefore = TimeSpan.FromMinutes(2);
    /// <summary>
    /// Kept in the ticket's properties, which refreshing a sign-in (a profile or password change, the stamp
    /// check) carries over unchanged: only a real sign-in with a password starts the ten hours again.
    /// </summary>
    public const string SignedInAtItem = ".portal.signed_in_at";

    public static Task StampSignInTime(CookieSigningInContext context)
    {
        if (!context.Properties.Items.ContainsKey(SignedInAtItem))
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            context.Properties.Items[SignedInAtItem] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    /// <summary>Set on a request whose sign-in the cookie handler renews to the full idle limit as it answers.</summary>
    private const string RenewedItem = ".portal.sign_in_renewed";

    /// <summary>What is left of a sign-in, and whether keeping it (a request renewing it) would give it longer.</summary>
    public sealed record Left(TimeSpan Time, bool Renewable);

    /// <summary>
    /// How long the sign-in this request came with has left once the request is answered, as the cookie handler decided:
    /// renewed to the full idle limit (past half its life, or by the security-stamp check every few minutes) or not,
    /// and never past the absolute limit, which nothing extends. Null when the request was not signed in.
    /// </summary>
    public static Left? Remaining(HttpContext http)
    {
        if (http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is not { Succeeded: true, Properties: { } properties })
        {
            return null;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var idle = http.Items.ContainsKey(RenewedItem) || properties.ExpiresUtc is not { } expires ? Idle : expires - now;
        var absolute = SignedInAt(properties) is { } signedInAt ? signedInAt + Absolute - now : TimeSpan.Zero;
        var left = absolute < idle ? absolute : idle;
        return new Left(left < TimeSpan.Zero ? TimeSpan.Zero : left, Renewable: absolute > idle);
    }

    /// <summary>Notes the handler's sliding renewal (a cookie past half its life) for <see cref="Remaining"/>.</summary>
    public static Task NoteSlidingRenewal(CookieSlidingExpirationContext context)
    {
        if (context.ShouldRenew)
        {
            context.HttpContext.Items[RenewedItem] = true;
        }

        return Task.CompletedTask;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (SignedInAt(context.Properties) is not { } signedInAt || now - signedInAt >= Absolute || !await StampStillValidAsync(context))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.ShouldRenew)
        {
            context.HttpContext.Items[RenewedItem] = true; // the stamp check renews the cookie it has checked
        }
    }

    /// <summary>When this sign-in began, as the cookie carries it (<see cref="StampSignInTime"/>); null in a cookie without it.</summary>
    private static DateTimeOffset? SignedInAt(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SignedInAtItem, out var signedInAt)
        && long.TryParse(signedInAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// The account still exists, is active, and its security stamp is the one the cookie was issued with:
    /// signing out, changing the password or disabling the account changes the stamp and so ends every
    /// copy of the session on its next request.
    /// </summary>
    private static async Task<bool> StampStillValidAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        if (userId is null || stamp is null)
        {
            return false;
        }

        return await StampStillValidAsync(services.GetRequiredService<TrainingPortal.Data.PortalDbContext>(), userId, stamp, context.HttpContext.RequestAborted);
    }

    /// <summary>Whether the account <paramref name="userId"/> exists, is active, and has the security stamp <paramref name="stamp"/>.</summary>
    public static Task<bool> StampStillValidAsync(TrainingPortal.Data.PortalDbContext db, string userId, string stamp, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && u.IsActive && u.SecurityStamp == stamp, cancellationToken);
}
