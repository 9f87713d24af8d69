using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Tests.Reporting;

/// <summary>
/// The training status is defined once; the database runs it as LINQ (filter, projection, dashboard counts) and as
/// the SQL the totals statement is written from. Every row on every boundary must get the same status each way.
/// </summary>
public class StatusDefinitionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string BoundaryCourse = "status-boundaries";

    [Fact]
    public async Task Every_query_gives_each_row_the_status_of_the_one_definition_on_every_boundary()
    {
        using var scope = factory.Services.CreateScope();
        // 17:00 UTC is already the next day in the bank's zone (Asia/Shanghai): "today" must be the bank's date on every path.
        var now = factory.Clock.GetUtcNow().UtcDateTime.Date.AddHours(17);
        var at = scope.ServiceProvider.GetRequiredService<BankCalendar>().MomentAt(now);
        var today = at.Today;
        Assert.NotEqual(DateOnly.FromDateTime(now), today);
        var rows = Boundaries(now, today).ToList();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var branch = await db.Branches.OrderBy(b => b.Id).Select(b => new { b.Id, b.RegionId }).FirstAsync();
        var userIds = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).Take(rows.Count).ToListAsync();
        db.RequiredCourses.AddRange(rows.Select((r, i) => new RequiredCourse
        {
            UserId = userIds[i],
            CourseSlug = BoundaryCourse,
            BranchId = branch.Id,
            RegionId = branch.RegionId,
            AssignedOn = today.AddDays(-30),
            DueOn = r.DueOn,
            StartedAtUtc = r.StartedAtUtc,
            CertifiedAtUtc = r.CertifiedAtUtc,
            CertificateExpiresAtUtc = r.CertificateExpiresAtUtc,
        }));
        await db.SaveChangesAsync();
        await new CompletionTallies(db).RebuildAsync(CancellationToken.None); // rows written past the use cases are counted as rebuild-aggregates counts them

        var byCourse = new CompletionFilter(CourseSlug: BoundaryCourse);
        var expected = rows.Select((r, i) => (userIds[i], TrainingStatuses.Of(r, at))).ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(Enum.GetValues<TrainingStatus>().Order(), expected.Values.Distinct().Order()); // every status is on a boundary here

        // The summary counts answer a course's filter; a due range sends the totals to the hand-written SQL (StatusSql).
        foreach (var filter in new[] { byCourse, byCourse with { DueFrom = today.AddYears(-10) } })
        {
            var projected = await CompletionQuery.Rows(db, filter, at).ToDictionaryAsync(r => r.UserId, r => r.Status);
            Assert.Equal(expected.OrderBy(e => e.Key), projected.OrderBy(p => p.Key));

            var totals = await CompletionQuery.TotalsAsync(db, filter, at, CancellationToken.None);
            Assert.Equal(rows.Count, totals.Assigned);
            foreach (var status in Enum.GetValues<TrainingStatus>())
            {
                var count = expected.Count(e => e.Value == status);
                Assert.Equal(count, await CompletionQuery.Filtered(db, filter with { Status = status }, at).CountAsync());
                Assert.Equal(count, (await CompletionQuery.TotalsAsync(db, filter with { Status = status }, at, CancellationToken.None)).Assigned);
                Assert.Equal(count, status switch
                {
                    TrainingStatus.Completed => totals.Completed,
                    TrainingStatus.CertificateExpired => totals.CertificateExpired,
                    TrainingStatus.Overdue => totals.Overdue,
                    TrainingStatus.InProgress => totals.InProgress,
                    _ => totals.NotStarted,
                });
            }
        }

        var partial = (await DashboardQuery.BranchFiguresAsync(db, at, branch.Id, CancellationToken.None)).Of(BoundaryCourse);
        Assert.Equal(expected.Count(e => e.Value == TrainingStatus.Completed), partial.Completed);
        Assert.Equal(expected.Count(e => e.Value == TrainingStatus.CertificateExpired), partial.CertificateExpired);
        Assert.Equal(expected.Count(e => e.Value == TrainingStatus.Overdue), partial.Overdue);
    }

    /// <summary>Due yesterday, today or tomorrow; started or not; never certified, or certified with expiry a second before, at or after now, or never.</summary>
    private static IEnumerable<TrainingDates> Boundaries(DateTime now, DateOnly today)
    {
        DateTime?[] expiries = [now.AddSeconds(-1), now, now.AddSeconds(1), null];
        foreach (var due in new[] { today.AddDays(-1), today, today.AddDays(1) })
        {
            foreach (var started in new DateTime?[] { null, now.AddDays(-2) })
            {
                yield return new TrainingDates(due, started, null, null);
                foreach (var expires in expiries)
                {
                    yield return new TrainingDates(due, started, now.AddDays(-10), expires);
                }
            }
        }
    }
}
