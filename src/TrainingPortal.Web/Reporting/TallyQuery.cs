using System.Linq.Expressions;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reporting;

/// <summary>Per-branch sums of the summary counts at a moment, lapsing certificates already settled from their rows.</summary>
public sealed record BranchTally(int Assigned, int Completed, int CertificateExpired, int Overdue, int InProgress, long ScoreSum, int ScoreCount, IReadOnlyDictionary<int, int> DaysToComplete);

/// <summary>
/// Reads the summary counts kept beside the required courses (<see cref="CompletionTally"/>) for the filters that only
/// choose a region, a branch or a course. A status is read from each count's dates (<see cref="TallyStatuses"/>), except
/// for certificates lapsing on today's UTC date, which are settled from their rows: one day of expiries, read by index.
/// </summary>
public static class TallyQuery
{
    /// <summary>Whether the summary counts can answer <paramref name="filter"/>: they know branches and courses, not people or due ranges.</summary>
    public static bool Answers(CompletionFilter filter) =>
        filter is { DueFrom: null, DueTo: null, JoinersOnly: false } && string.IsNullOrWhiteSpace(filter.Person);

    public static IQueryable<CompletionTally> InScope(PortalDbContext db, CompletionFilter filter) =>
        InScope(db, db.CompletionTallies, filter.CourseSlug is { Length: > 0 } course ? t => t.CourseSlug == course : null, filter);

    public static IQueryable<CertificationTally> CertificationsInScope(PortalDbContext db, CompletionFilter filter) =>
        InScope(db, db.CertificationTallies, filter.CourseSlug is { Length: > 0 } course ? t => t.CourseSlug == course : null, filter);

    /// <summary>People with at least one required course in the filter's region or branch, per branch.</summary>
    public static IQueryable<BranchStaffTally> StaffInScope(PortalDbContext db, CompletionFilter filter) => InScope(db, db.BranchStaffTallies, null, filter);

    private static IQueryable<T> InScope<T>(PortalDbContext db, IQueryable<T> tallies, Expression<Func<T, bool>>? ofCourse, CompletionFilter filter)
        where T : class, IBranchTally
    {
        tallies = OfBranches(db, tallies, filter.Regions, filter.BranchId);
        return ofCourse is null ? tallies : tallies.Where(ofCourse);
    }

    /// <summary>The counts kept per branch of the branches in <paramref name="regions"/> (already with the regions below them), or of one branch.</summary>
    public static IQueryable<T> OfBranches<T>(PortalDbContext db, IQueryable<T> tallies, int[]? regions, int? branchId) where T : class, IBranchTally
    {
        tallies = tallies.AsNoTracking();
        if (regions is not null)
        {
            var branches = db.Branches.Where(b => regions.Contains(b.RegionId)).Select(b => b.Id);
            tallies = tallies.Where(t => branches.Contains(t.BranchId));
        }

        if (branchId is { } branch)
        {
            tallies = tallies.Where(t => t.BranchId == branch && branch != TallyKey.HeadOffice); // a branch filter names a branch
        }

        return tallies;
    }

    /// <summary>The figures of every branch in the filter (0 for head office), status filter aside.</summary>
    public static async Task<IReadOnlyDictionary<int, BranchTally>> ByBranchAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        var sums = await InScope(db, filter).AsExpandable().GroupBy(t => t.BranchId).Select(SumsAt(at)).ToListAsync(cancellationToken);
        // A pair per branch and day count: 364,000 at 500,000 staff in 10,000 branches. Read into the histograms as they come.
        var daysByBranch = new Dictionary<int, Dictionary<int, int>>();
        var days = CertificationsInScope(db, filter).Where(TallyStatuses.Standing<CertificationTally>(at)).Where(t => t.DaysToComplete != CertificationKey.NoDays)
            .GroupBy(t => new { t.BranchId, t.DaysToComplete })
            .Select(g => new { g.Key.BranchId, g.Key.DaysToComplete, Count = g.Sum(t => t.Count) });
        await foreach (var day in days.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!daysByBranch.TryGetValue(day.BranchId, out var branchDays))
            {
                daysByBranch[day.BranchId] = branchDays = [];
            }

            branchDays[day.DaysToComplete] = day.Count;
        }

        var lapsed = (await LapsedTodayAsync(db, filter, at, cancellationToken)).ToLookup(l => l.BranchId);
        return sums.ToDictionary(s => s.Key, s =>
        {
            var histogram = daysByBranch.GetValueOrDefault(s.Key) ?? [];
            foreach (var l in lapsed[s.Key].Where(l => l.DaysToComplete != CertificationKey.NoDays))
            {
                histogram[l.DaysToComplete] = histogram.GetValueOrDefault(l.DaysToComplete) - l.Count;
            }

            var moved = lapsed[s.Key].Sum(l => l.Count);
            return new BranchTally(s.Assigned, s.Completed - moved, s.Expired + moved, s.Overdue, s.InProgress, s.ScoreSum, s.ScoreCount,
                histogram.Where(h => h.Value != 0).ToDictionary());
        });
    }

    /// <summary>The totals of the filter, status filter included, as the per-row totals give them.</summary>
    public static async Task<CompletionTotals> TotalsAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        var sums = await InScope(db, filter).AsExpandable().GroupBy(t => 0).Select(SumsAt(at)).SingleOrDefaultAsync(cancellationToken);
        if (sums is null)
        {
            return CompletionTotals.Empty;
        }

        var lapsed = (await LapsedTodayAsync(db, filter, at, cancellationToken)).Sum(l => l.Count);
        var all = new CompletionTotals(sums.Assigned, sums.Completed - lapsed, sums.Overdue, sums.InProgress,
            sums.Assigned - sums.Completed - sums.Expired - sums.Overdue - sums.InProgress, sums.Expired + lapsed);
        return filter.Status switch
        {
            null => all,
            TrainingStatus.Completed => CompletionTotals.Empty with { Assigned = all.Completed, Completed = all.Completed },
            TrainingStatus.CertificateExpired => CompletionTotals.Empty with { Assigned = all.CertificateExpired, CertificateExpired = all.CertificateExpired },
            TrainingStatus.Overdue => CompletionTotals.Empty with { Assigned = all.Overdue, Overdue = all.Overdue },
            TrainingStatus.InProgress => CompletionTotals.Empty with { Assigned = all.InProgress, InProgress = all.InProgress },
            TrainingStatus.NotStarted => CompletionTotals.Empty with { Assigned = all.NotStarted, NotStarted = all.NotStarted },
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Status, null),
        };
    }

    /// <summary>Required courses completed per bank-calendar day from <paramref name="from"/> on.</summary>
    public static async Task<IReadOnlyList<(DateOnly Day, int Count)>> CompletionsSinceAsync(PortalDbContext db, CompletionFilter filter, DateOnly from, CancellationToken cancellationToken) =>
        (await CertificationsInScope(db, filter)
            .Where(t => t.CertifiedOn >= from)
            .GroupBy(t => t.CertifiedOn)
            .Select(g => new { Day = g.Key, Count = g.Sum(t => t.Count) })
            .ToListAsync(cancellationToken))
        .Select(d => (d.Day, d.Count)).ToList();

    private sealed record Lapsed(int BranchId, int DaysToComplete, int Count);

    private sealed record StatusSums(int Key, int Assigned, int Completed, int Expired, int Overdue, int InProgress, long ScoreSum, int ScoreCount);

    /// <summary>One group's counts by status at <paramref name="at"/> (lapsing-today counts as completed; see <see cref="LapsedTodayAsync"/>).</summary>
    private static Expression<Func<IGrouping<int, CompletionTally>, StatusSums>> SumsAt(StatusMoment at)
    {
        var completed = TallyStatuses.Is<CompletionTally>(TrainingStatus.Completed, at);
        var expired = TallyStatuses.Is<CompletionTally>(TrainingStatus.CertificateExpired, at);
        var overdue = TallyStatuses.Is<CompletionTally>(TrainingStatus.Overdue, at);
        var inProgress = TallyStatuses.Is<CompletionTally>(TrainingStatus.InProgress, at);
        Expression<Func<IGrouping<int, CompletionTally>, StatusSums>> sums = g => new StatusSums(
            g.Key,
            g.Sum(t => t.Count),
            g.Sum(t => completed.Invoke(t) ? t.Count : 0),
            g.Sum(t => expired.Invoke(t) ? t.Count : 0),
            g.Sum(t => overdue.Invoke(t) ? t.Count : 0),
            g.Sum(t => inProgress.Invoke(t) ? t.Count : 0),
            g.Sum(t => t.ScoreSum),
            g.Sum(t => t.ScoreCount));
        return sums.Expand();
    }

    /// <summary>Certificates that lapsed today (UTC) by <paramref name="at"/>: the summary counts still hold them as completed.</summary>
    private static async Task<List<Lapsed>> LapsedTodayAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        var dayStart = at.UtcToday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return await CompletionQuery.Filtered(db, filter with { Status = null }, at)
            .Where(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.CertificateExpired, at))
            .Where(r => r.CertificateExpiresAtUtc >= dayStart)
            .GroupBy(r => new { BranchId = r.BranchId ?? TallyKey.HeadOffice, DaysToComplete = r.DaysToComplete ?? CertificationKey.NoDays })
            .Select(g => new Lapsed(g.Key.BranchId, g.Key.DaysToComplete, g.Count()))
            .ToListAsync(cancellationToken);
    }
}
