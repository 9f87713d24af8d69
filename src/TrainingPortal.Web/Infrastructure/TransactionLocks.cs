using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// A named lock held until the caller's transaction ends, on the server databases (PostgreSQL's transaction advisory
/// locks, SQL Server's application locks). SQLite lets one writer at a time anyway and takes none.
/// </summary>
public static class TransactionLocks
{
    public static Task TakeAsync(PortalDbContext db, string resource, bool shared, CancellationToken cancellationToken)
    {
        if (db.Database.RunsOnPostgreSql())
        {
            return db.Database.ExecuteSqlRawAsync(
                shared ? "SELECT pg_advisory_xact_lock_shared(hashtext({0}))" : "SELECT pg_advisory_xact_lock(hashtext({0}))", [resource], cancellationToken);
        }

        if (db.Database.RunsOnSqlServer() && db.Database.CurrentTransaction is not null)
        {
            return db.Database.ExecuteSqlRawAsync(
                shared
                    ? "EXEC sp_getapplock @Resource = {0}, @LockMode = 'Shared', @LockOwner = 'Transaction', @LockTimeout = -1"
                    : "EXEC sp_getapplock @Resource = {0}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1",
                [resource], cancellationToken);
        }

        return Task.CompletedTask;
    }
}
