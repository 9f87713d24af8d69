using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Assignments;

public sealed record EndedAssignment(string CourseSlug, int PeopleKept);

/// <summary>
/// HR ends an assignment: no one else becomes required by it from today. The people it covers today keep the course
/// (their membership is written down, so a later move or new hire changes nothing), with their progress and
/// certificates; the assignment stays in the list, marked ended, and the change is audited.
/// </summary>
public sealed class EndAssignment(PortalDbContext db, ContentLibrary content, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time, BankCalendar calendar,
    SerializableWrites writes, IStringLocalizer<Shared> text)
{
    public async Task<Outcome<EndedAssignment>> ExecuteAsync(long assignmentId, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return Outcome<EndedAssignment>.Refused("", text["Refusal.NotPermitted"]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await writes.RunAsync("Ending an assignment", async () =>
        {
            var assignment = await db.Assignments.Include(a => a.Employees).SingleOrDefaultAsync(a => a.Id == assignmentId, cancellationToken);
            if (assignment is null)
            {
                return Outcome<EndedAssignment>.Missing();
            }

            if (assignment.EndedOn is not null)
            {
                return Outcome<EndedAssignment>.Refused("", text["Refusal.Assignment.AlreadyEnded"]);
            }

            var rule = await AssignmentCoverage.RuleAsync(db, assignment.Id, cancellationToken);
            var covered = (await AssignmentCoverage.ActiveStaffAsync(db, cancellationToken)).Where(rule.Covers).Select(e => e.UserId).ToHashSet();
            var listed = assignment.Employees.Select(e => e.UserId).ToHashSet();
            assignment.Employees.AddRange(covered.Except(listed).Select(id => new AssignmentEmployee { AssignmentId = assignment.Id, UserId = id }));
            assignment.EndedOn = calendar.DateOf(now);
            assignment.EndedAtUtc = now;
            assignment.EndedByUserId = actor.UserId;
            var title = content.Base.Find(assignment.CourseSlug)?.Title ?? assignment.CourseSlug;
            audit.Record(actor, AuditActions.AssignmentEnded, AuditTargets.Assignment, assignment.Id.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"Ended the assignment of '{title}'; the {covered.Count} people it covered keep the course"),
                before: new { Ended = false }, after: new { assignment.EndedOn, PeopleKept = covered.Count, assignment.CourseSlug });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await requiredCourses.RebuildCourseAsync(assignment.CourseSlug, cancellationToken);
            return Outcome<EndedAssignment>.Done(new EndedAssignment(assignment.CourseSlug, covered.Count));
        }, cancellationToken);
    }
}
