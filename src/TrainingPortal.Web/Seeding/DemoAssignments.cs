using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Reminders;

namespace TrainingPortal.Web.Seeding;

/// <summary>The programme HR would have set up: everyone on the first two courses, the rest by region and role.</summary>
public static class DemoAssignments
{
    private const int RecentDaysAgo = 2;

    public static async Task WriteAsync(PortalDbContext db, CourseCatalog catalog, SeededOrganisation organisation, BankCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        // The clock the rebuild below reads for its today, rather than a moment the caller took before its own steps.
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var today = calendar.DateOf(nowUtc);
        var hr = organisation.DemoUsers["hr@demo.bank"].Id;
        Assignment Make(int course, AssignmentTarget target, DueRule rule, int daysAgo, int? days = null, DateOnly? date = null, int? regionId = null, string? jobTitle = null) => new()
        {
            CourseSlug = catalog.Courses[course].Slug,
            Target = target,
            TargetRegionId = regionId,
            TargetJobTitle = jobTitle,
            DueRule = rule,
            DueDays = days,
            DueDate = date,
            AssignedOn = today.AddDays(-daysAgo),
            CreatedAtUtc = nowUtc.AddDays(-daysAgo),
            CreatedByUserId = hr,
        };

        var assignments = new List<Assignment>
        {
            Make(0, AssignmentTarget.AllStaff, DueRule.DaysAfterAssignment, daysAgo: 100, days: 60),
        };
        if (catalog.Courses.Count > 1)
        {
            assignments.Add(Make(1, AssignmentTarget.AllStaff, DueRule.FixedDate, daysAgo: 70, date: today.AddDays(21)));
        }

        if (catalog.Courses.Count > 2)
        {
            assignments.Add(Make(2, AssignmentTarget.Region, DueRule.DaysAfterAssignment, daysAgo: 50, days: 45, regionId: organisation.Regions[0].Id));
        }

        if (catalog.Courses.Count > 3)
        {
            assignments.Add(Make(3, AssignmentTarget.JobTitle, DueRule.DaysAfterHire, daysAgo: 120, days: 90, jobTitle: "Relationship Manager"));
            assignments.Add(Make(3, AssignmentTarget.JobTitle, DueRule.DaysAfterHire, daysAgo: 120, days: 90, jobTitle: "Teller"));
        }

        if (catalog.Courses.Count > 2)
        {
            // Made two days ago, so the first reminder scan has new assignments to announce.
            assignments.Add(Make(2, AssignmentTarget.JobTitle, DueRule.DaysAfterAssignment, daysAgo: RecentDaysAgo, days: 30, jobTitle: "Assistant Branch Manager"));
        }

        db.Assignments.AddRange(assignments);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        // The rows and their counts change together, as for every other caller of a rebuild of everyone.
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null)
        {
            await new RequiredCourseSync(db, calendar, new CompletionTallies(db), time) { BulkLoad = true }.RebuildAsync(null, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        // Staff heard of the older assignments long ago: only the recent one is news to the reminder scan.
        await ReminderLedger.RecordAnnouncedAsync(db, today.AddDays(-RecentDaysAgo), nowUtc, cancellationToken);
    }
}
