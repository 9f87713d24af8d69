using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

public sealed record SetPasswordLink(string UserId, string Code, string Purpose);

/// <summary>The person who received an invitation or reset link chooses their password with it, once.</summary>
public sealed class SetPasswordFromLink(PortalDbContext db, UserManager<PortalUser> userManager, IStringLocalizer<Shared> text)
{
    /// <summary>The account the link is for, while the link can still be used; null otherwise.</summary>
    public async Task<PortalUser?> HolderAsync(SetPasswordLink link)
    {
        if (link.Purpose is not (AccountLinkTokens.InvitationPurpose or AccountLinkTokens.ResetPurpose)
            || await userManager.FindByIdAsync(link.UserId) is not { IsActive: true } user)
        {
            return null;
        }

        return await userManager.VerifyUserTokenAsync(user, AccountLinkTokens.ProviderName, link.Purpose, link.Code) ? user : null;
    }

    public async Task<Outcome<PortalUser>> ExecuteAsync(SetPasswordLink link, string password, CancellationToken cancellationToken)
    {
        if (await HolderAsync(link) is not { } user)
        {
            return Outcome<PortalUser>.Refused("", text["Refusal.Account.LinkUnusable"]);
        }

        // Setting the password changes the security stamp: this link, any other link, and every session of the
        // account end here, so a reset also signs out whoever else was using it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = user.PasswordHash is null
            ? await userManager.AddPasswordAsync(user, password)
            : await userManager.ResetPasswordAsync(user, link.Code, password);
        if (!result.Succeeded)
        {
            return Outcome<PortalUser>.Refused(result.Errors.Select(e => new Refusal("Password", e.Description)).ToList());
        }

        user.InvitedAtUtc = null;
        user.InvitationExpiresAtUtc = null;
        await userManager.UpdateAsync(user);
        await userManager.ResetAccessFailedCountAsync(user);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<PortalUser>.Done(user);
    }
}
