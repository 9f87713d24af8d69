using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Writes many rows of one entity without tracking them, in the caller's transaction or one of its own: new rows (a
/// key the database generates is set on each object), or new values of some columns of existing rows. Each value goes
/// through the column's own type mapping, so it is stored as SaveChanges stores it, value converters included; every
/// column is written, so a column's database default applies to nothing.
/// </summary>
/// <remarks>
/// SaveChanges on SQLite sends a batch of single-row statements that Microsoft.Data.Sqlite parses one by one: about
/// 16,000 rows a second here. One prepared single-row statement run again and again does several times that. The server
/// databases take many rows a statement, to spare round trips, and SaveChanges where it does that already (keys to read
/// back, updates). The commands go past EF's pipeline, where no logging or interceptor sees them: this is for loading
/// data in bulk, not for the use cases.
/// </remarks>
public static class TableWriter
{
    // SQL Server takes at most 2,100 parameters and 1,000 rows of values in a statement.
    private const int MaxParametersPerStatement = 2_000;
    private const int MaxRowsPerStatement = 1_000;

    public static async Task InsertAsync<T>(PortalDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = EntityOf<T>(db);
        var generatedKey = entity.FindPrimaryKey()!.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] ? key : null;
        var sqlite = db.Database.IsSqlite();
        if (generatedKey is not null && !sqlite)
        {
            // A server returns the keys of a many-row insert in no promised order: SaveChanges knows how to match them.
            await SaveAsync(db, rows, EntityState.Added, null, cancellationToken);
            return;
        }

        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p != generatedKey).ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        string Statement(int rowCount) =>
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) VALUES " +
            string.Join(", ", Enumerable.Range(0, rowCount).Select(r => "(" + string.Join(", ", columns.Select((_, c) => $"@p{r * columns.Length + c}")) + ")")) +
            (generatedKey is null ? "" : $" RETURNING {sql.DelimitIdentifier(generatedKey.GetColumnName(table)!)}");

        await RunAsync(db, rows, columns, ValuesOf<T>(columns), sqlite ? 1 : Math.Clamp(MaxParametersPerStatement / columns.Length, 1, MaxRowsPerStatement), Statement, async (command, chunk) =>
        {
            if (generatedKey is null)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                // One row a statement on SQLite: the value returned is that row's key.
                var value = await command.ExecuteScalarAsync(cancellationToken);
                generatedKey.PropertyInfo!.SetValue(chunk[0], Convert.ChangeType(value, generatedKey.ClrType, CultureInfo.InvariantCulture));
            }
        }, cancellationToken);
    }

    /// <summary>Stores the current values of <paramref name="propertyNames"/> of rows already in the table, found by their key.</summary>
    public static async Task UpdateAsync<T>(PortalDbContext db, IReadOnlyCollection<T> rows, IReadOnlyList<string> propertyNames, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = EntityOf<T>(db);
        var changed = propertyNames.Select(name => entity.FindProperty(name) ?? throw new ArgumentException($"{typeof(T).Name} has no property {name}.", nameof(propertyNames))).ToArray();
        if (!db.Database.IsSqlite())
        {
            await SaveAsync(db, rows, EntityState.Unchanged, changed, cancellationToken);
            return;
        }

        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties;
        var sql = db.GetService<ISqlGenerationHelper>();
        var statement = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET " +
            string.Join(", ", changed.Select((p, i) => $"{sql.DelimitIdentifier(p.GetColumnName(table)!)} = @p{i}")) + " WHERE " +
            string.Join(" AND ", key.Select((p, i) => $"{sql.DelimitIdentifier(p.GetColumnName(table)!)} = @p{changed.Length + i}"));
        IProperty[] columns = [.. changed, .. key];
        await RunAsync(db, rows, columns, ValuesOf<T>(columns), 1, _ => statement, async (command, _) =>
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new DbUpdateConcurrencyException($"A {typeof(T).Name} to update is not in the table.");
            }
        }, cancellationToken);
    }

    /// <summary>
    /// SaveChanges for these rows alone, in <paramref name="state"/> with <paramref name="modified"/> marked changed, as
    /// the raw path writes them: change detection is off meanwhile, so nothing their navigations reach is added (a
    /// row's children, written by their own call once its key is known).
    /// </summary>
    private static async Task SaveAsync<T>(PortalDbContext db, IReadOnlyCollection<T> rows, EntityState state, IProperty[]? modified, CancellationToken cancellationToken) where T : class
    {
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var entries = rows.Select(row => db.Entry(row)).ToList();
            foreach (var entry in entries)
            {
                entry.State = state;
                foreach (var property in modified ?? [])
                {
                    entry.Property(property.Name).IsModified = true;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            entries.ForEach(entry => entry.State = EntityState.Detached);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private static IEntityType EntityOf<T>(PortalDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the model.");
        if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
        {
            throw new InvalidOperationException($"{typeof(T).Name}.{shadow.Name} has no property on the class to read its value from.");
        }

        return entity;
    }

    private static Func<T, int, object?> ValuesOf<T>(IProperty[] columns) where T : class
    {
        var getters = columns.Select(p => p.GetGetter()).ToArray();
        return (row, column) => getters[column].GetClrValue(row);
    }

    /// <summary>
    /// Runs <paramref name="statement"/> once per chunk of rows (prepared again only when the chunk's size changes), with
    /// the rows' values for <paramref name="columns"/> as @p0, @p1 … through each column's type mapping, in the caller's
    /// transaction or one of its own.
    /// </summary>
    internal static async Task RunAsync<TRow>(PortalDbContext db, IReadOnlyCollection<TRow> rows, IProperty[] columns, Func<TRow, int, object?> value,
        int rowsPerStatement, Func<int, string> statement, Func<DbCommand, TRow[], Task> execute, CancellationToken cancellationToken)
    {
        var mappings = columns.Select(p => p.GetRelationalTypeMapping()).ToArray();
        await db.Database.OpenConnectionAsync(cancellationToken);
        IDbContextTransaction? ownTransaction = null;
        DbCommand? command = null;
        try
        {
            ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            foreach (var chunk in rows.Chunk(rowsPerStatement))
            {
                if (command is null || command.Parameters.Count != chunk.Length * columns.Length)
                {
                    if (command is not null)
                    {
                        await command.DisposeAsync();
                    }

                    command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = statement(chunk.Length);
                    command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                }
                else
                {
                    command.Parameters.Clear();
                }

                for (var r = 0; r < chunk.Length; r++)
                {
                    for (var c = 0; c < columns.Length; c++)
                    {
                        command.Parameters.Add(mappings[c].CreateParameter(command, $"@p{r * columns.Length + c}", value(chunk[r], c), columns[c].IsNullable));
                    }
                }

                await execute(command, chunk);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }

            await db.Database.CloseConnectionAsync();
        }
    }
}
