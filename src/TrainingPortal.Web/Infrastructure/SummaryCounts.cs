using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Writes changes to the summary-count tables (required courses', behaviours', pulse responses'): amounts added to the
/// stored row of each key, under a lock on the key, behind one gate that recounts take alone.
/// </summary>
public static class SummaryCounts
{
    private const string GateName = "TrainingPortal.SummaryCounts";

    private const int RowsPerStatement = 150;

    // SQL Server takes at most 2,100 parameters in a statement.
    private const int ParametersPerStatement = 2_000;

    /// <summary>
    /// Enters the counts' gate for the rest of the caller's transaction, before any row of the counts or of the
    /// required courses is locked: shared for a write that changes a few people's rows, <paramref name="alone"/> for one
    /// that recounts from the rows (a course, many people, everyone). A recount done while another transaction holds
    /// rows it has not committed would count them twice; and a long writer holding count rows while it goes on to lock
    /// people's rows in chunks would deadlock with a lesson completion that locked its person first. SQLite lets one
    /// writer at a time anyway and takes no gate.
    /// </summary>
    public static Task EnterAsync(PortalDbContext db, bool alone, CancellationToken cancellationToken) =>
        TransactionLocks.TakeAsync(db, GateName, shared: !alone, cancellationToken);

    /// <summary>
    /// Adds each change's amounts (every column outside the primary key) to the stored row of its key, inserting keys
    /// not stored yet, then deletes the rows a change brought down to all zeros.
    /// </summary>
    /// <remarks>
    /// SQLite runs one prepared single-row statement again and again (in-process, a statement costs microseconds, and
    /// Microsoft.Data.Sqlite matches parameters to names by searching all of them, so long statements cost more per
    /// row); the server databases take up to 150 rows a statement, to spare round trips. Only keys this transaction
    /// brought down are deleted, rows it holds locked since its upsert: a delete over a whole branch or region would wait
    /// on other writers' rows and, on SQL Server, deadlock with them.
    /// </remarks>
    /// <param name="changes">One per key, each amount signed; callers add up per key first, in key order, so that two
    /// writers lock the same keys in the same order.</param>
    public static async Task ApplyAsync<TTally>(PortalDbContext db, IReadOnlyList<TTally> changes, CancellationToken cancellationToken) where TTally : class
    {
        if (changes.Count == 0)
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(TTally))!;
        IProperty[] keyProperties = [.. entity.FindPrimaryKey()!.Properties];
        IProperty[] amountProperties = [.. entity.GetProperties().Where(p => !p.IsPrimaryKey())];
        IProperty[] properties = [.. keyProperties, .. amountProperties];
        var getters = properties.Select(p => p.GetGetter()).ToArray();
        string[] keyColumns = [.. keyProperties.Select(p => sql.DelimitIdentifier(p.GetColumnName()))];
        string[] amountColumns = [.. amountProperties.Select(p => sql.DelimitIdentifier(p.GetColumnName()))];
        string[] columns = [.. keyColumns, .. amountColumns];
        var target = sql.DelimitIdentifier(entity.GetTableName()!);
        string Added(string column, string incoming) => $"{column} = t.{column} + {incoming}.{column}";
        string Statement(int rowCount)
        {
            var valueRows = string.Join(", ", Enumerable.Range(0, rowCount).Select(i => "(" + string.Join(", ", Enumerable.Range(i * columns.Length, columns.Length).Select(p => "@p" + p)) + ")"));

            // Both forms add to the stored row under a lock on its key, so two instances counting the same key at once both count.
            return db.Database.RunsOnSqlServer()
                ? $"MERGE {target} WITH (HOLDLOCK) AS t USING (VALUES {valueRows}) AS s ({string.Join(", ", columns)}) " +
                  $"ON {string.Join(" AND ", keyColumns.Select(c => $"t.{c} = s.{c}"))} " +
                  $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", amountColumns.Select(c => Added(c, "s")))} " +
                  $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "s." + c))});"
                : $"INSERT INTO {target} AS t ({string.Join(", ", columns)}) VALUES {valueRows} " +
                  $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {string.Join(", ", amountColumns.Select(c => Added(c, "excluded")))}";
        }

        await TableWriter.RunAsync(db, changes, properties, (row, column) => getters[column].GetClrValue(row),
            db.Database.IsSqlite() ? 1 : Math.Min(RowsPerStatement, ParametersPerStatement / columns.Length),
            Statement, (command, _) => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);

        var delete = $"DELETE FROM {target} WHERE {string.Join(" AND ", keyColumns.Select((c, i) => $"{c} = {{{i}}}").Concat(amountColumns.Select(c => $"{c} = 0")))}";
        bool Lowered(TTally change) =>
            getters[keyProperties.Length..].Any(amount => Convert.ToInt64(amount.GetClrValue(change), CultureInfo.InvariantCulture) < 0);
        foreach (var lowered in changes.Where(Lowered))
        {
            await db.Database.ExecuteSqlRawAsync(delete, getters[..keyProperties.Length].Select(key => key.GetClrValue(lowered)!), cancellationToken);
        }
    }
}
