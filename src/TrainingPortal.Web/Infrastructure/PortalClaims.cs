using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

public static class PortalClaimTypes
{
    public const string DisplayName = "portal:display_name";
    public const string BranchId = "portal:branch_id";
    public const string BranchName = "portal:branch_name";

    /// <summary>Present when the account has an authenticator app; turning it on or off changes the stamp, so the claim stays true.</summary>
    public const string TwoFactorEnabled = "portal:two_factor_enabled";

    /// <summary>The language the person saved; the first thing the request's culture is chosen from.</summary>
    public const string Culture = "portal:culture";
}

/// <summary>Puts the name and branch the top bar shows into the sign-in cookie, so no page queries them.</summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    PortalDbContext db)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaimTypes.DisplayName, user.DisplayName));
        if (user.PreferredCulture is { } culture)
        {
            identity.AddClaim(new Claim(PortalClaimTypes.Culture, culture));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(PortalClaimTypes.TwoFactorEnabled, "true"));
        }

        if (user.BranchId is { } branchId)
        {
            var branchName = await db.Branches.Where(b => b.Id == branchId).Select(b => b.Name).SingleAsync();
            identity.AddClaim(new Claim(PortalClaimTypes.BranchId, branchId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            identity.AddClaim(new Claim(PortalClaimTypes.BranchName, branchName));
        }

        return identity;
    }
}

public static class ClaimsPrincipalExtensions
{
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaimTypes.DisplayName) ?? user.Identity?.Name ?? "";

    /// <summary>The branch's name; null for head-office staff, whom a page names in the reader's language.</summary>
    public static string? BranchName(this ClaimsPrincipal user) => user.FindFirstValue(PortalClaimTypes.BranchName);

    public static int? BranchId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(PortalClaimTypes.BranchId), out var id) ? id : null;

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user is not signed in.");
}
