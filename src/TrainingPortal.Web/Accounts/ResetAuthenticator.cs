using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// An administrator resets someone's second factor (a lost or replaced phone): two-factor sign-in is turned off, the
/// key replaced, the recovery codes cleared and the security stamp changed, which ends every session of theirs. If
/// their role requires a second factor they set up an authenticator app again at their next sign-in.
/// </summary>
public sealed class ResetAuthenticator(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit, IStringLocalizer<Shared> text,
    ILogger<ResetAuthenticator> logger)
{
    /// <returns>The name of the person whose authenticator was reset.</returns>
    public async Task<Outcome<string>> ExecuteAsync(string userId, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return Outcome<string>.Refused("", text["Refusal.Account.ResetAuthenticatorAdminOnly"]);
        }

        if (actor.UserId == userId)
        {
            return Outcome<string>.Refused("", text["Refusal.Account.ResetOwnAuthenticator"]);
        }

        // Read committed, the account's concurrency stamp deciding: a serializable read would hold the row against the
        // person's own sign-in (a mistyped password writes it), and SQL Server could end either in a deadlock. Lost to
        // such a write, the reset runs once more on the fresh account.
        return await WriteConflicts.RetriedOnceAsync(db, logger, "Resetting an authenticator", async () =>
        {
            var user = await users.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
            {
                return Outcome<string>.Missing();
            }

            var before = new { user.TwoFactorEnabled, RecoveryCodes = await users.CountRecoveryCodesAsync(user) };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            EnrolAuthenticator.Check(await users.SetTwoFactorEnabledAsync(user, false));
            EnrolAuthenticator.Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            EnrolAuthenticator.Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(actor, AuditActions.AuthenticatorReset, AuditTargets.Employee, user.Id,
                $"Reset the authenticator app of {user.DisplayName} ({user.EmployeeNumber}) and signed them out",
                before: before, after: new { TwoFactorEnabled = false, RecoveryCodes = 0 });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Outcome<string>.Done(user.DisplayName);
        }, () => Outcome<string>.Refused("", text["Refusal.ChangedMeanwhile"]), cancellationToken);
    }
}
