using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Assignments;

/// <summary>
/// Keeps the summary counts (<see cref="CompletionTally"/>, <see cref="CertificationTally"/>, <see cref="BranchStaffTally"/>) equal to what the
/// required-course rows add up to. <see cref="RequiredCourseSync"/>, the one writer of those rows, counts what the rows
/// it is about to change contribute, changes them, counts again and writes the difference, all in the caller's
/// transaction. <see cref="RebuildAsync"/> starts again from the rows, for the <c>rebuild-aggregates</c> command.
/// </summary>
public sealed class CompletionTallies(PortalDbContext db)
{
    public const string RebuildCommand = "rebuild-aggregates";

    // SQL Server takes at most 2,100 parameters in a statement: at most 9 a row here.
    private const int RowsPerStatement = 150;

    private const string GateName = "TrainingPortal.SummaryCounts";

    /// <summary>
    /// Enters the counts' gate for the rest of the caller's transaction, before any row of the counts or of the
    /// required courses is locked: shared for a write that changes a few people's rows, <paramref name="alone"/> for one
    /// that recounts from the rows (a course, many people, everyone). A recount done while another transaction holds
    /// rows it has not committed would count them twice; and a long writer holding count rows while it goes on to lock
    /// people's rows in chunks would deadlock with a lesson completion that locked its person first. SQLite lets one
    /// writer at a time anyway and takes no gate.
    /// </summary>
    public Task EnterAsync(bool alone, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return db.Database.ExecuteSqlRawAsync(
                alone ? "SELECT pg_advisory_xact_lock(hashtext({0}))" : "SELECT pg_advisory_xact_lock_shared(hashtext({0}))", [GateName], cancellationToken);
        }

        if (db.Database.IsSqlServer() && db.Database.CurrentTransaction is not null)
        {
            return db.Database.ExecuteSqlRawAsync(
                alone
                    ? "EXEC sp_getapplock @Resource = {0}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1"
                    : "EXEC sp_getapplock @Resource = {0}, @LockMode = 'Shared', @LockOwner = 'Transaction', @LockTimeout = -1",
                [GateName], cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>rebuild-aggregates</c>: recounts the summary from the rows in one transaction, for after rows were written
    /// other than through the portal (a bulk load, a restore, a hand-made correction).
    /// </summary>
    public static async Task<int> RunRebuildCommandAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await new CompletionTallies(db).RebuildAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        Console.WriteLine($"Recounted {await db.RequiredCourses.CountAsync(cancellationToken):N0} required courses into " +
                          $"{await db.CompletionTallies.CountAsync(cancellationToken):N0} status counts, " +
                          $"{await db.CertificationTallies.CountAsync(cancellationToken):N0} certification counts and " +
                          $"{await db.BranchStaffTallies.CountAsync(cancellationToken):N0} branches in {started.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    /// <summary>Adds what <paramref name="rows"/> contribute, times <paramref name="sign"/>, to <paramref name="changes"/>.</summary>
    public async Task CountAsync(IQueryable<RequiredCourse> rows, TallyChanges changes, int sign, bool countPeople, CancellationToken cancellationToken)
    {
        var people = new HashSet<(int Branch, string UserId)>();
        await foreach (var row in rows.AsNoTracking()
                           .Select(r => new { r.UserId, r.BranchId, r.CourseSlug, r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, r.CertifiedOn, r.DaysToComplete, r.BestScorePercent })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var dates = new TrainingDates(row.DueOn, row.StartedAtUtc, row.CertifiedAtUtc, row.CertificateExpiresAtUtc);
            var amount = TallyAmount.Of(row.BestScorePercent);
            changes.Add(TallyKey.Of(row.BranchId, row.CourseSlug, dates), sign < 0 ? -amount : amount);
            if (CertificationKey.Of(row.BranchId, row.CourseSlug, dates, row.CertifiedOn, row.DaysToComplete) is { } certification)
            {
                changes.Add(certification, sign);
            }

            if (countPeople)
            {
                people.Add((row.BranchId ?? TallyKey.HeadOffice, row.UserId));
            }
        }

        foreach (var branch in people.GroupBy(p => p.Branch))
        {
            changes.AddPeople(branch.Key, sign * branch.Count());
        }
    }

    /// <summary>Writes the changes: each key's amounts added to what is stored (inserted when new), keys left at zero removed.</summary>
    public async Task ApplyAsync(TallyChanges changes, CancellationToken cancellationToken)
    {
        await UpsertAsync<CompletionTally>([nameof(CompletionTally.Count), nameof(CompletionTally.ScoreSum), nameof(CompletionTally.ScoreCount)],
            changes.Keys.Select(c => new object[]
            {
                c.Key.BranchId, c.Key.CourseSlug, c.Key.Certified, c.Key.DueOn, c.Key.Started, c.Key.ExpiresOn,
                c.Value.Count, c.Value.ScoreSum, c.Value.ScoreCount,
            }).ToList(), cancellationToken);
        await UpsertAsync<CertificationTally>([nameof(CertificationTally.Count)],
            changes.Certifications.Select(c => new object[] { c.Key.BranchId, c.Key.CourseSlug, c.Key.CertifiedOn, c.Key.ExpiresOn, c.Key.DaysToComplete, c.Value }).ToList(),
            cancellationToken);
        await UpsertAsync<BranchStaffTally>([nameof(BranchStaffTally.StaffWithRequired)],
            changes.People.Select(p => new object[] { p.Key, p.Value }).ToList(), cancellationToken);

        int[] touched = [.. changes.Keys.Select(k => k.Key.BranchId).Concat(changes.Certifications.Select(c => c.Key.BranchId)).Concat(changes.People.Select(p => p.Key)).Distinct()];
        foreach (var branches in touched.Chunk(500))
        {
            await db.CompletionTallies.Where(t => t.Count == 0 && branches.Contains(t.BranchId)).ExecuteDeleteAsync(cancellationToken);
            await db.CertificationTallies.Where(t => t.Count == 0 && branches.Contains(t.BranchId)).ExecuteDeleteAsync(cancellationToken);
            await db.BranchStaffTallies.Where(t => t.StaffWithRequired == 0 && branches.Contains(t.BranchId)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Throws the summary counts away and counts every required course again.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await EnterAsync(alone: true, cancellationToken);
        await db.CompletionTallies.ExecuteDeleteAsync(cancellationToken);
        await db.CertificationTallies.ExecuteDeleteAsync(cancellationToken);
        await db.BranchStaffTallies.ExecuteDeleteAsync(cancellationToken);
        var changes = new TallyChanges();
        await CountAsync(db.RequiredCourses, changes, +1, countPeople: true, cancellationToken);
        await ApplyAsync(changes, cancellationToken);
    }

    /// <summary>
    /// Counts one course's rows again (after its assignments changed) and the people with required courses per branch,
    /// which a course's rows alone cannot tell.
    /// </summary>
    public async Task RebuildCourseAsync(string courseSlug, CancellationToken cancellationToken)
    {
        await db.CompletionTallies.Where(t => t.CourseSlug == courseSlug).ExecuteDeleteAsync(cancellationToken);
        await db.CertificationTallies.Where(t => t.CourseSlug == courseSlug).ExecuteDeleteAsync(cancellationToken);
        await db.BranchStaffTallies.ExecuteDeleteAsync(cancellationToken);
        var changes = new TallyChanges();
        await CountAsync(db.RequiredCourses.Where(r => r.CourseSlug == courseSlug), changes, +1, countPeople: false, cancellationToken);
        var people = await db.RequiredCourses
            .GroupBy(r => r.BranchId ?? TallyKey.HeadOffice)
            .Select(g => new { Branch = g.Key, People = g.Select(r => r.UserId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        foreach (var branch in people)
        {
            changes.AddPeople(branch.Branch, branch.People);
        }

        await ApplyAsync(changes, cancellationToken);
    }

    /// <summary>Adds each row's amounts to the stored row of its key, inserting the keys not stored yet.</summary>
    /// <remarks>
    /// SQLite runs one prepared single-row statement again and again (in-process, a statement costs microseconds, and
    /// Microsoft.Data.Sqlite matches parameters to names by searching all of them, so long statements cost more per
    /// row); the server databases take 150 rows a statement, to spare round trips.
    /// </remarks>
    /// <param name="rows">Each row's key values in the order of the table's primary key, then its amounts.</param>
    private async Task UpsertAsync<TTally>(string[] amountNames, List<object[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(TTally))!;
        IProperty[] keyProperties = [.. entity.FindPrimaryKey()!.Properties];
        IProperty[] amountProperties = [.. amountNames.Select(p => entity.FindProperty(p)!)];
        string[] keyColumns = [.. keyProperties.Select(p => p.GetColumnName())];
        string[] amountColumns = [.. amountProperties.Select(p => p.GetColumnName())];
        var columns = keyColumns.Concat(amountColumns).Select(sql.DelimitIdentifier).ToArray();
        var target = sql.DelimitIdentifier(entity.GetTableName()!);
        string Added(string column, string incoming) => $"{sql.DelimitIdentifier(column)} = t.{sql.DelimitIdentifier(column)} + {incoming}.{sql.DelimitIdentifier(column)}";
        string Statement(int rowCount)
        {
            var valueRows = string.Join(", ", Enumerable.Range(0, rowCount).Select(i => "(" + string.Join(", ", Enumerable.Range(i * columns.Length, columns.Length).Select(p => "@p" + p)) + ")"));

            // Both forms add to the stored row under a lock on its key, so two instances counting the same key at once both count.
            return db.Database.IsSqlServer()
                ? $"MERGE {target} WITH (HOLDLOCK) AS t USING (VALUES {valueRows}) AS s ({string.Join(", ", columns)}) " +
                  $"ON {string.Join(" AND ", keyColumns.Select(c => $"t.{sql.DelimitIdentifier(c)} = s.{sql.DelimitIdentifier(c)}"))} " +
                  $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", amountColumns.Select(c => Added(c, "s")))} " +
                  $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "s." + c))});"
                : $"INSERT INTO {target} AS t ({string.Join(", ", columns)}) VALUES {valueRows} " +
                  $"ON CONFLICT ({string.Join(", ", keyColumns.Select(sql.DelimitIdentifier))}) DO UPDATE SET {string.Join(", ", amountColumns.Select(c => Added(c, "excluded")))}";
        }

        await TableWriter.RunAsync(db, rows, [.. keyProperties, .. amountProperties], (row, column) => row[column], db.Database.IsSqlite() ? 1 : RowsPerStatement,
            Statement, (command, _) => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }
}
