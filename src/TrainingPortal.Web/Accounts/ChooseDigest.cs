using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// Switches a person's own digest on or off: the weekly branch digest for a manager, the monthly summary for HR. Only
/// the reader decides; nobody switches someone else's.
/// </summary>
public sealed class ChooseDigest(PortalDbContext db, AuditLog audit, IStringLocalizer<Shared> text)
{
    /// <returns>Whether the person now receives the digest.</returns>
    public async Task<Outcome<bool>> ExecuteAsync(string userId, bool receive, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.UserId != userId)
        {
            return Outcome<bool>.Refused("", text["Refusal.NotPermitted"]);
        }

        var person = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (person is null)
        {
            return Outcome<bool>.Missing();
        }

        if (person.ReceivesDigest == receive)
        {
            return Outcome<bool>.Done(receive);
        }

        person.ReceivesDigest = receive;
        audit.Record(actor, AuditActions.DigestChanged, AuditTargets.Employee, person.Id,
            $"{person.DisplayName} ({person.EmployeeNumber}) switched their digest {(receive ? "on" : "off")}",
            before: new { ReceivesDigest = !receive }, after: new { ReceivesDigest = receive });
        await db.SaveChangesAsync(cancellationToken); // one row and its audit entry: SaveChanges is the transaction
        return Outcome<bool>.Done(receive);
    }
}
