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

    /// <summary>
    /// How long the sign-in this request came with has left, once the request is answered: the cookie handler renews it
    /// to the full idle limit when more than half has gone (sliding expiration), and nothing extends the absolute limit.
    /// Null when the request was not signed in.
    /// </summary>
    public static TimeSpan? Remaining(HttpContext http)
    {
        if (http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is not { Succeeded: true, Properties: { } properties })
        {
            return null;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var left = properties is { IssuedUtc: { } issued, ExpiresUtc: { } expires } && now - issued <= expires - now ? expires - now : Idle;
        if (properties.Items.TryGetValue(SignedInAtItem, out var signedInAt) && long.TryParse(signedInAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            var absoluteLeft = DateTimeOffset.FromUnixTimeSeconds(seconds) + Absolute - now;
            left = absoluteLeft < left ? absoluteLeft : left;
        }

        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Properties.Items.TryGetValue(SignedInAtItem, out var signedInAt);
        if (signedInAt is null || !long.TryParse(signedInAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || now - DateTimeOffset.FromUnixTimeSeconds(seconds) >= Absolute
            || !await StampStillValidAsync(context))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

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

        var db = services.GetRequiredService<TrainingPortal.Data.PortalDbContext>();
        return await db.Users.AnyAsync(u => u.Id == userId && u.IsActive && u.SecurityStamp == stamp, context.HttpContext.RequestAborted);
    }
}
