using System.Data.Common;
using System.Runtime.CompilerServices;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Whether a failed write lost to a concurrent one, and so may be tried again on fresh reads: a unique key another
/// transaction took first, a serialization failure, a deadlock victim, a database busy past its timeout, a row whose
/// concurrency token changed since it was read. Any other
/// failure (a fault, a full disk, a bug) is not retried. Each provider's error is read in a method of its own, so that
/// asking does not load the providers a portal does not use.
/// </summary>
public static class WriteConflicts
{
    /// <summary>
    /// Runs <paramref name="work"/>; should it lose to a concurrent write, once more on fresh reads, which see the
    /// winner's change and decide afresh; should it lose again, answers <paramref name="lostTwice"/> rather than fail.
    /// </summary>
    public static async Task<T> RetriedOnceAsync<T>(PortalDbContext db, ILogger logger, string what, Func<Task<T>> work, Func<T> lostTwice,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception ex) when (LostToConcurrentWrite(ex) && !cancellationToken.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                if (attempt == 2)
                {
                    logger.LogError(ex, "{What} lost to a concurrent write twice; refused", what);
                    return lostTwice();
                }

                logger.LogWarning(ex, "{What} lost to a concurrent write; running it again", what);
            }
        }
    }

    public static bool LostToConcurrentWrite(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
            {
                return true; // a row it read was written meanwhile (an account's concurrency stamp, say)
            }

            if (inner is DbException database && database.GetType().FullName switch
                {
                    "Microsoft.Data.Sqlite.SqliteException" => OnSqlite(database),
                    "Microsoft.Data.SqlClient.SqlException" => OnSqlServer(database),
                    "Npgsql.PostgresException" => OnPostgreSql(database),
                    _ => false,
                })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a delete was refused, on PostgreSQL, because a row still refers to the one deleted, where the caller had
    /// found none in its transaction: a row committed since its serializable snapshot, which PostgreSQL reports so. On
    /// SQLite (one writer at a time) and SQL Server (range locks) the caller's check holds to the end, so such a refusal
    /// there is a bug, not a race, and is not this.
    /// </summary>
    public static bool StillReferenced(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException { SqlState: "23503" } database && database.GetType().FullName == "Npgsql.PostgresException")
            {
                return true;
            }
        }

        return false;
    }

    // SQLITE_BUSY, SQLITE_LOCKED; SQLITE_CONSTRAINT_PRIMARYKEY and _UNIQUE.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool OnSqlite(DbException exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } or Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    // Deadlock victim, snapshot update conflict, duplicate key in a unique index or constraint.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool OnSqlServer(DbException exception) =>
        exception is Microsoft.Data.SqlClient.SqlException { Number: 1205 or 3960 or 2601 or 2627 };

    // serialization_failure, deadlock_detected, unique_violation.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool OnPostgreSql(DbException exception) => exception.SqlState is "40001" or "40P01" or "23505";
}
