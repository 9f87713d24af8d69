using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reminders;

public static class ReminderLedger
{
    /// <summary>
    /// Records every required course assigned before <paramref name="assignedBefore"/> as already announced, without a
    /// mail, so that loading history (the demo data, an organisation generated for measuring) does not announce years
    /// of old assignments as new. One INSERT … SELECT, with names taken from the model and quoted by the provider.
    /// </summary>
    /// <returns>How many courses were recorded.</returns>
    public static Task<int> RecordAnnouncedAsync(PortalDbContext db, DateOnly assignedBefore, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var reminders = db.Model.FindEntityType(typeof(Reminder))!;
        var required = db.Model.FindEntityType(typeof(RequiredCourse))!;
        string Table(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!);
        string Column(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, string property) => sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName());
        string R(string property) => Column(reminders, property);
        string C(string property) => "c." + Column(required, property);

        var statement =
            $"INSERT INTO {Table(reminders)} ({R(nameof(Reminder.Kind))}, {R(nameof(Reminder.UserId))}, {R(nameof(Reminder.CourseSlug))}, {R(nameof(Reminder.Step))}, " +
            $"{R(nameof(Reminder.ForDate))}, {R(nameof(Reminder.SentOn))}, {R(nameof(Reminder.QueuedAtUtc))}) " +
            $"SELECT {{0}}, {C(nameof(RequiredCourse.UserId))}, {C(nameof(RequiredCourse.CourseSlug))}, 0, {C(nameof(RequiredCourse.DueOn))}, {C(nameof(RequiredCourse.AssignedOn))}, {{1}} " +
            $"FROM {Table(required)} c WHERE {C(nameof(RequiredCourse.AssignedOn))} < {{2}} AND NOT EXISTS (SELECT 1 FROM {Table(reminders)} l " +
            $"WHERE l.{R(nameof(Reminder.UserId))} = {C(nameof(RequiredCourse.UserId))} AND l.{R(nameof(Reminder.CourseSlug))} = {C(nameof(RequiredCourse.CourseSlug))} " +
            $"AND l.{R(nameof(Reminder.Kind))} = {{0}})";
        return db.Database.ExecuteSqlRawAsync(statement, [nameof(ReminderKind.AssignmentNotice), nowUtc, assignedBefore], cancellationToken);
    }
}
