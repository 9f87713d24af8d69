using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Runs a check and the write it allows in one serializable transaction, so a colleague's same write cannot slip in
/// between. On PostgreSQL and SQL Server the loser of two such transactions fails (a serialization failure, a deadlock
/// victim); its work runs again once, on fresh reads that see the winner's change and decide afresh. Losing twice is
/// answered with a refusal to try again, not an error page.
/// </summary>
public sealed class SerializableWrites(PortalDbContext db, IStringLocalizer<Shared> text, ILogger<SerializableWrites> logger)
{
    /// <param name="work">Reads, decides and writes; its outcome is committed when it succeeded and rolled back otherwise.</param>
    public Task<Outcome<T>> RunAsync<T>(string what, Func<Task<Outcome<T>>> work, CancellationToken cancellationToken) =>
        WriteConflicts.RetriedOnceAsync(db, logger, what, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var outcome = await work();
            if (outcome.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return outcome;
        }, () => Outcome<T>.Refused("", text["Refusal.ChangedMeanwhile"]), cancellationToken);
}
