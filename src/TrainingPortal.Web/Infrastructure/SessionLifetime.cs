using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>Idle and absolute limits on a sign-in, on top of Identity's security-stamp check.</summary>
public static class SessionLifetime
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(10);
    public const string SignedInAtClaim = "portal:signed_in_at";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var signedInAt = context.Principal?.FindFirstValue(SignedInAtClaim);
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

    /// <summary>When Identity rebuilds the principal, the original sign-in time carries over, so the absolute limit holds.</summary>
    public static Task KeepSignInTime(SecurityStampRefreshingPrincipalContext context)
    {
        var original = context.CurrentPrincipal?.FindFirst(SignedInAtClaim);
        if (original is not null && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.RemoveClaim(identity.FindFirst(SignedInAtClaim));
            identity.AddClaim(new Claim(SignedInAtClaim, original.Value));
        }

        return Task.CompletedTask;
    }
}
