using TrainingPortal.Core.Calendar;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace TrainingPortal.Web.Assignments;

public sealed record DueChange(long AssignmentId, DueRule DueRule, DateOnly? DueDate, int? DueDays);

/// <summary>Moves an assignment's due date: everyone it covers gets the new date, and the change is audited.</summary>
public sealed class ChangeAssignmentDue(PortalDbContext db, ContentLibrary content, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time, BankCalendar calendar,
    SerializableWrites writes, IStringLocalizer<Shared> text, DateDisplay dates)
{
    /// <returns>The new due rule, worded in the reader's language.</returns>
    public async Task<Outcome<string>> ExecuteAsync(DueChange change, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return Outcome<string>.Refused("", text["Refusal.NotPermitted"]);
        }

        // Read and decided in the write's own transaction: a colleague's change meanwhile is seen, never overwritten unchecked.
        return await writes.RunAsync("Changing an assignment's due", async () =>
        {
            var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == change.AssignmentId, cancellationToken);
            if (assignment is null)
            {
                return Outcome<string>.Missing();
            }

            if (assignment.EndedOn is not null)
            {
                return Outcome<string>.Refused("", text["Refusal.Assignment.AlreadyEnded"]);
            }

            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            var current = (assignment.AssignedOn, DueRules.EarliestDue(assignment.DueRule, assignment.DueDate, assignment.DueDays, assignment.AssignedOn));
            if (DueRules.Problem(change.DueRule, change.DueDate, change.DueDays, today, current: current) is { } problem)
            {
                return Outcome<string>.Refused(problem.Field, AssignmentLabels.Problem(text, problem.Problem));
            }

            var before = new { DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays };
            assignment.DueRule = change.DueRule;
            assignment.DueDate = change.DueRule == DueRule.FixedDate ? change.DueDate : null;
            assignment.DueDays = change.DueRule == DueRule.FixedDate ? null : change.DueDays;
            var due = AssignmentLabels.DueForAudit(assignment.DueRule, assignment.DueDate, assignment.DueDays);
            audit.Record(actor, AuditActions.AssignmentChanged, AuditTargets.Assignment, assignment.Id.ToString(CultureInfo.InvariantCulture),
                $"Changed the due date of '{content.Base.Find(assignment.CourseSlug)?.Title ?? assignment.CourseSlug}' to {due}",
                before: before, after: new { DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays, assignment.CourseSlug });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await requiredCourses.RebuildCourseAsync(assignment.CourseSlug, cancellationToken);
            return Outcome<string>.Done(AssignmentLabels.Due(text, dates, assignment.DueRule, assignment.DueDate, assignment.DueDays));
        }, cancellationToken);
    }
}
