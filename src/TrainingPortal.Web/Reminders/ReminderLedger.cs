using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reminders;

/// <summary>
/// Writes ledger rows in one statement from a query: the SELECT is EF's translation of the LINQ query (so the status
/// rules and dates are the same as everywhere else), wrapped as <c>WITH due(…) AS (SELECT …) INSERT INTO … SELECT …
/// FROM due</c>, which SQLite, SQL Server and PostgreSQL all accept. The CTE's column list names EF's columns by
/// position, whatever aliases EF gave them.
/// </summary>
public static class ReminderLedger
{
    /// <returns>How many rows were recorded.</returns>
    public static Task<int> InsertAsync(PortalDbContext db, IQueryable<LedgerKey> keys, ReminderKind kind, int step, DateOnly sentOn, DateTime nowUtc,
        CancellationToken cancellationToken) =>
        ExecuteAsync(db, keys, ["c0", "c1", "c2"], "due.c0, due.c1, due.c2, @ledger_kind, @ledger_step",
            [nameof(Reminder.UserId), nameof(Reminder.CourseSlug), nameof(Reminder.ForDate), nameof(Reminder.Kind), nameof(Reminder.Step)],
            [("@ledger_kind", kind.ToString()), ("@ledger_step", step)], sentOn, nowUtc, cancellationToken);

    /// <summary>Digests: one row per reader, about no course, dated <paramref name="forDate"/>.</summary>
    public static Task<int> InsertReadersAsync(PortalDbContext db, IQueryable<string> userIds, ReminderKind kind, DateOnly forDate, DateOnly sentOn, DateTime nowUtc,
        CancellationToken cancellationToken) =>
        ExecuteAsync(db, userIds, ["c0"], "due.c0, @ledger_course, @ledger_for, @ledger_kind, @ledger_step",
            [nameof(Reminder.UserId), nameof(Reminder.CourseSlug), nameof(Reminder.ForDate), nameof(Reminder.Kind), nameof(Reminder.Step)],
            [("@ledger_course", ""), ("@ledger_for", forDate), ("@ledger_kind", kind.ToString()), ("@ledger_step", 0)], sentOn, nowUtc, cancellationToken);

    private static async Task<int> ExecuteAsync<T>(PortalDbContext db, IQueryable<T> select, string[] cteColumns, string values, string[] columns,
        (string Name, object Value)[] parameters, DateOnly sentOn, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var ledger = db.Model.FindEntityType(typeof(Reminder))!;
        string Column(string property) => sql.DelimitIdentifier(ledger.FindProperty(property)!.GetColumnName());
        var allColumns = columns.Concat([nameof(Reminder.SentOn), nameof(Reminder.QueuedAtUtc), nameof(Reminder.AwaitingMail)]).Select(Column);

        await using var command = select.CreateDbCommand();
        command.CommandText = $"WITH due ({string.Join(", ", cteColumns)}) AS ({command.CommandText}) " +
                              $"INSERT INTO {sql.DelimitIdentifier(ledger.GetTableName()!)} ({string.Join(", ", allColumns)}) " +
                              $"SELECT {values}, @ledger_sent, @ledger_now, @ledger_awaiting FROM due";
        var types = db.GetService<IRelationalTypeMappingSource>();
        foreach (var (name, value) in parameters.Concat([("@ledger_sent", (object)sentOn), ("@ledger_now", nowUtc), ("@ledger_awaiting", true)]))
        {
            command.Parameters.Add(types.FindMapping(value.GetType())!.CreateParameter(command, name, value));
        }

        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Records every required course assigned before <paramref name="assignedBefore"/> as already announced, without a
    /// mail, so that loading history (the demo data, an organisation generated for measuring) does not announce years
    /// of old assignments as new.
    /// </summary>
    /// <returns>How many courses were recorded.</returns>
    public static Task<int> RecordAnnouncedAsync(PortalDbContext db, DateOnly assignedBefore, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var reminders = db.Model.FindEntityType(typeof(Reminder))!;
        var required = db.Model.FindEntityType(typeof(RequiredCourse))!;
        string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!);
        string Column(IEntityType type, string property) => sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName());
        string R(string property) => Column(reminders, property);
        string C(string property) => "c." + Column(required, property);

        var statement =
            $"INSERT INTO {Table(reminders)} ({R(nameof(Reminder.Kind))}, {R(nameof(Reminder.UserId))}, {R(nameof(Reminder.CourseSlug))}, {R(nameof(Reminder.Step))}, " +
            $"{R(nameof(Reminder.ForDate))}, {R(nameof(Reminder.SentOn))}, {R(nameof(Reminder.QueuedAtUtc))}, {R(nameof(Reminder.AwaitingMail))}) " +
            $"SELECT {{0}}, {C(nameof(RequiredCourse.UserId))}, {C(nameof(RequiredCourse.CourseSlug))}, 0, {C(nameof(RequiredCourse.DueOn))}, {C(nameof(RequiredCourse.AssignedOn))}, {{1}}, {{3}} " +
            $"FROM {Table(required)} c WHERE {C(nameof(RequiredCourse.AssignedOn))} < {{2}} AND NOT EXISTS (SELECT 1 FROM {Table(reminders)} l " +
            $"WHERE l.{R(nameof(Reminder.UserId))} = {C(nameof(RequiredCourse.UserId))} AND l.{R(nameof(Reminder.CourseSlug))} = {C(nameof(RequiredCourse.CourseSlug))} " +
            $"AND l.{R(nameof(Reminder.Kind))} = {{0}})";
        return db.Database.ExecuteSqlRawAsync(statement, [nameof(ReminderKind.AssignmentNotice), nowUtc, assignedBefore, false], cancellationToken);
    }
}
