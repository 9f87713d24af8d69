using Microsoft.AspNetCore.Identity;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// A person changes their own password, or sets one on an account that has signed in only through the bank's sign-on.
/// The change and its audit entry commit together: a credential is never written without the trail saying so.
/// </summary>
public sealed class ChangeOwnPassword(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit)
{
    /// <returns>Identity's answer: its errors are in the reader's language (the password rules, a wrong current password).</returns>
    public Task<IdentityResult> ChangeAsync(PortalUser user, string currentPassword, string newPassword, Actor actor, CancellationToken cancellationToken) =>
        WithAuditAsync(user, actor, AuditActions.PasswordChanged, "changed their password", () => users.ChangePasswordAsync(user, currentPassword, newPassword), cancellationToken);

    /// <inheritdoc cref="ChangeAsync"/>
    public Task<IdentityResult> AddAsync(PortalUser user, string newPassword, Actor actor, CancellationToken cancellationToken) =>
        WithAuditAsync(user, actor, AuditActions.PasswordAdded, "set a password for signing in", () => users.AddPasswordAsync(user, newPassword), cancellationToken);

    private async Task<IdentityResult> WithAuditAsync(PortalUser user, Actor actor, string action, string what, Func<Task<IdentityResult>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await change();
        if (!result.Succeeded)
        {
            return result; // nothing was written; the transaction ends unused
        }

        audit.Record(actor, action, AuditTargets.Employee, user.Id, $"{user.DisplayName} ({user.EmployeeNumber}) {what}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
