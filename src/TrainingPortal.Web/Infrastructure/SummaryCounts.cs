using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>Writes changes to a summary-count table: amounts added to the stored row of each key, under a lock on the key.</summary>
public static class SummaryCounts
{
    private const int RowsPerStatement = 150;

    // SQL Server takes at most 2,100 parameters in a statement.
    private const int ParametersPerStatement = 2_000;

    /// <summary>Adds each row's amounts to the stored row of its key, inserting the keys not stored yet.</summary>
    /// <remarks>
    /// SQLite runs one prepared single-row statement again and again (in-process, a statement costs microseconds, and
    /// Microsoft.Data.Sqlite matches parameters to names by searching all of them, so long statements cost more per
    /// row); the server databases take 150 rows a statement, to spare round trips.
    /// </remarks>
    /// <param name="rows">Each row's key values in the order of the table's primary key, then its amounts.</param>
    public static async Task UpsertAsync<TTally>(PortalDbContext db, string[] amountNames, List<object[]> rows, CancellationToken cancellationToken)
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

        await TableWriter.RunAsync(db, rows, [.. keyProperties, .. amountProperties], (row, column) => row[column], db.Database.IsSqlite() ? 1 : Math.Min(RowsPerStatement, ParametersPerStatement / columns.Length),
            Statement, (command, _) => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Removes the rows of <paramref name="keys"/> whose amounts are all zero. Only keys this transaction brought down
    /// are passed, and it holds their rows locked since its upsert: a delete over a whole branch or region would wait on
    /// other writers' rows and, on SQL Server, deadlock with them.
    /// </summary>
    /// <param name="keys">Each key's values in the order of the table's primary key.</param>
    public static async Task DeleteEmptyAsync<TTally>(PortalDbContext db, string[] amountNames, IEnumerable<object[]> keys, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(TTally))!;
        var keyColumns = entity.FindPrimaryKey()!.Properties.Select((p, i) => $"{sql.DelimitIdentifier(p.GetColumnName())} = {{{i}}}");
        var emptyColumns = amountNames.Select(n => $"{sql.DelimitIdentifier(entity.FindProperty(n)!.GetColumnName())} = 0");
        var statement = $"DELETE FROM {sql.DelimitIdentifier(entity.GetTableName()!)} WHERE {string.Join(" AND ", keyColumns.Concat(emptyColumns))}";
        foreach (var key in keys)
        {
            await db.Database.ExecuteSqlRawAsync(statement, key, cancellationToken);
        }
    }
}
