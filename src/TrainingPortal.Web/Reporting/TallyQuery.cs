using System.Linq.Expressions;
using LinqKit;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reporting;

/// <summary>Sums of the summary counts of a branch, or of one of its courses, at a moment, lapsing certificates already settled from their rows.</summary>
public sealed record TallySums(int Assigned, int Completed, int CertificateExpired, int Overdue, int InProgress, long ScoreSum, int ScoreCount);

/// <summary>
/// Reads the summary counts kept beside the required courses (<see cref="CompletionTally"/> per branch,
/// <see cref="RegionCompletionTally"/> per region, and the certifications' days) for the filters that only choose a
/// region, a branch or a course. A status is read from each count's dates (<see cref="TallyStatuses"/>), except
/// for certificates lapsing on today's UTC date, which are settled from their rows: one day of expiries, read by index.
/// </summary>
public static class TallyQuery
{
    /// <summary>Whether the summary counts can answer <paramref name="filter"/>: they know branches and courses, not people or due ranges.</summary>
    public static bool Answers(CompletionFilter filter) =>
        filter is { DueFrom: null, DueTo: null, JoinersOnly: false, UnfinishedOnly: false } && string.IsNullOrWhiteSpace(filter.Person);

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

    /// <summary>The figures of every branch in the filter (0 for head office), status filter aside; the median's days are read apart (<see cref="DaysByBranchAsync"/>).</summary>
    public static async Task<IReadOnlyDictionary<int, TallySums>> ByBranchAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        var lapsed = await LapsedTodayAsync(db, filter, at, null, cancellationToken);
        return await SettledSumsAsync(db, filter, at, t => t.BranchId, lapsed, l => l.BranchId, cancellationToken);
    }

    /// <summary>
    /// One branch's figures per course, status filter aside, and the days its standing certificates took per course
    /// (days → certificates): a branch page reads its courses at once, not one by one.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, TallySums> Sums, Dictionary<string, Dictionary<int, int>> Days)> ByCourseAsync(
        PortalDbContext db, int branchId, StatusMoment at, CancellationToken cancellationToken)
    {
        var filter = new CompletionFilter(BranchId: branchId);
        var lapsed = await LapsedTodayAsync(db, filter, at, null, cancellationToken);
        var sums = await SettledSumsAsync(db, filter, at, t => t.CourseSlug, lapsed, l => l.CourseSlug, cancellationToken);
        var standing = StandingDays(db, filter, at)
            .GroupBy(t => new { t.CourseSlug, t.DaysToComplete }).Select(g => new DaysCount<string>(g.Key.CourseSlug, g.Key.DaysToComplete, g.Sum(t => t.Count)));
        return (sums, await HistogramsAsync(standing, lapsed.Select(l => new DaysCount<string>(l.CourseSlug, l.DaysToComplete, l.Count)), cancellationToken));
    }

    private static async Task<IReadOnlyDictionary<TKey, TallySums>> SettledSumsAsync<TKey>(PortalDbContext db, CompletionFilter filter, StatusMoment at,
        Expression<Func<CompletionTally, TKey>> key, IEnumerable<Lapsed> lapsed, Func<Lapsed, TKey> lapsedKey, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var sums = await InScope(db, filter).AsExpandable().GroupBy(key).Select(SumsAt<CompletionTally, TKey>(at)).ToListAsync(cancellationToken);
        var lapsedByKey = lapsed.ToLookup(lapsedKey);
        return sums.ToDictionary(s => s.Key, s => s.Settled(lapsedByKey[s.Key].Sum(l => l.Count)));
    }

    /// <summary>
    /// The days standing certificates took (days → certificates) per branch in the filter (0 for head office), or only
    /// per branch of <paramref name="branchIds"/>: a pair per branch and number of days, 364,000 at 500,000 staff in
    /// 10,000 branches, so a page of branches asks for its own. Name branches with a filter of no region: SQLite walks a
    /// region's 2,000 branches for a page's 50 (19 ms instead of 1.5).
    /// </summary>
    public static async Task<Dictionary<int, Dictionary<int, int>>> DaysByBranchAsync(
        PortalDbContext db, CompletionFilter filter, StatusMoment at, IReadOnlyCollection<int>? branchIds, CancellationToken cancellationToken)
    {
        var lapsed = await LapsedTodayAsync(db, filter, at, branchIds, cancellationToken);
        return await HistogramsAsync(DaysByBranch(db, filter, at, branchIds), lapsed.Select(l => new DaysCount<int>(l.BranchId, l.DaysToComplete, l.Count)), cancellationToken);
    }

    /// <summary>The counts <see cref="DaysByBranchAsync"/> reads, lapsing-today certificates still among them.</summary>
    public static IQueryable<DaysCount<int>> DaysByBranch(PortalDbContext db, CompletionFilter filter, StatusMoment at, IReadOnlyCollection<int>? branchIds)
    {
        var standing = StandingDays(db, filter, at);
        if (branchIds is not null)
        {
            standing = standing.Where(t => branchIds.Contains(t.BranchId));
        }

        return standing.GroupBy(t => new { t.BranchId, t.DaysToComplete }).Select(g => new DaysCount<int>(g.Key.BranchId, g.Key.DaysToComplete, g.Sum(t => t.Count)));
    }

    /// <summary>
    /// The same per region that holds the branches (head office under <see cref="TallyKey.HeadOffice"/>): all that the
    /// medians of regions and of the bank need, a few thousand pairs however many branches there are.
    /// </summary>
    public static async Task<Dictionary<int, Dictionary<int, int>>> DaysByRegionAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        // Each lapsed certificate comes off under the region its row was counted in, as the counts per region were kept.
        var lapsed = await LapsedTodayAsync(db, filter, at, null, cancellationToken);
        return await HistogramsAsync(DaysByRegion(db, filter, at), lapsed.Select(l => new DaysCount<int>(l.RegionId, l.DaysToComplete, l.Count)), cancellationToken);
    }

    /// <summary>
    /// The counts <see cref="DaysByRegionAsync"/> reads, lapsing-today certificates still among them: from the counts
    /// kept per region (at 500,000 staff, 15,817 of them against 598,555 per branch: 0.3 s to add up by region through
    /// the branches), or, for one branch, from that branch's own.
    /// </summary>
    public static IQueryable<DaysCount<int>> DaysByRegion(PortalDbContext db, CompletionFilter filter, StatusMoment at)
    {
        if (filter.BranchId is not null)
        {
            return from t in StandingDays(db, filter, at)
                   join b in db.Branches on t.BranchId equals b.Id
                   group t by new { b.RegionId, t.DaysToComplete } into g
                   select new DaysCount<int>(g.Key.RegionId, g.Key.DaysToComplete, g.Sum(t => t.Count));
        }

        return RegionsInScope(db.RegionDaysTallies, filter).Where(TallyStatuses.Standing<RegionDaysTally>(at))
            .GroupBy(t => new { t.RegionId, t.DaysToComplete }).Select(g => new DaysCount<int>(g.Key.RegionId, g.Key.DaysToComplete, g.Sum(t => t.Count)));
    }

    /// <summary>Standing certificates that took <paramref name="Days"/> days, under the key of a branch, a region or a course.</summary>
    public sealed record DaysCount<TKey>(TKey Key, int Days, int Count);

    private static IQueryable<CertificationTally> StandingDays(PortalDbContext db, CompletionFilter filter, StatusMoment at) =>
        CertificationsInScope(db, filter).Where(TallyStatuses.Standing<CertificationTally>(at)).Where(t => t.DaysToComplete != CertificationKey.NoDays);

    /// <summary>The counts read into a histogram per key as they come, less the certificates that lapsed today (which the counts still hold as standing).</summary>
    private static async Task<Dictionary<TKey, Dictionary<int, int>>> HistogramsAsync<TKey>(IQueryable<DaysCount<TKey>> counts, IEnumerable<DaysCount<TKey>> lapsed, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var histograms = new Dictionary<TKey, Dictionary<int, int>>();
        Dictionary<int, int> Of(TKey key) => histograms.TryGetValue(key, out var histogram) ? histogram : histograms[key] = [];
        await foreach (var count in counts.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var histogram = Of(count.Key);
            histogram[count.Days] = histogram.GetValueOrDefault(count.Days) + count.Count;
        }

        foreach (var count in lapsed.Where(l => l.Days != CertificationKey.NoDays))
        {
            var histogram = Of(count.Key);
            var left = histogram.GetValueOrDefault(count.Days) - count.Count;
            if (left == 0)
            {
                histogram.Remove(count.Days);
            }
            else
            {
                histogram[count.Days] = left;
            }
        }

        // A key whose every certificate lapsed today has no days left: absent, as if never counted.
        return histograms.Where(h => h.Value.Count > 0).ToDictionary();
    }

    /// <summary>The totals of the filter, status filter included, as the per-row totals give them.</summary>
    public static async Task<CompletionTotals> TotalsAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        // The counts per region answer every filter but a branch's.
        var sums = filter.BranchId is null
            ? await RegionsInScope(db.RegionCompletionTallies, filter).AsExpandable().GroupBy(t => 0).Select(SumsAt<RegionCompletionTally, int>(at)).SingleOrDefaultAsync(cancellationToken)
            : await InScope(db, filter).AsExpandable().GroupBy(t => 0).Select(SumsAt<CompletionTally, int>(at)).SingleOrDefaultAsync(cancellationToken);
        if (sums is null)
        {
            return CompletionTotals.Empty;
        }

        var settled = sums.Settled((await LapsedTodayAsync(db, filter, at, null, cancellationToken)).Sum(l => l.Count));
        var all = new CompletionTotals(settled.Assigned, settled.Completed, settled.Overdue, settled.InProgress,
            settled.Assigned - settled.Completed - settled.CertificateExpired - settled.Overdue - settled.InProgress, settled.CertificateExpired);
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

    /// <summary>
    /// Required courses completed per bank-calendar day from <paramref name="from"/> on: from the counts kept per region
    /// (a few hundred a day) unless the filter names a branch, which has counts of its own.
    /// </summary>
    public static async Task<IReadOnlyList<(DateOnly Day, int Count)>> CompletionsSinceAsync(PortalDbContext db, CompletionFilter filter, DateOnly from, CancellationToken cancellationToken)
    {
        var days = filter.BranchId is null
            ? await PerDaySinceAsync(RegionsInScope(db.RegionCertifiedOnTallies, filter), from, cancellationToken)
            : await PerDaySinceAsync(CertificationsInScope(db, filter), from, cancellationToken);
        return days.Select(d => (d.Day, d.Count)).ToList();
    }

    private sealed record CertificationsOn(DateOnly Day, int Count);

    private static Task<List<CertificationsOn>> PerDaySinceAsync<T>(IQueryable<T> counts, DateOnly from, CancellationToken cancellationToken) where T : class, ICertifiedOnCount =>
        counts.Where(t => t.CertifiedOn >= from).GroupBy(t => t.CertifiedOn).Select(g => new CertificationsOn(g.Key, g.Sum(t => t.Count))).ToListAsync(cancellationToken);

    private sealed record Lapsed(int BranchId, int RegionId, string CourseSlug, int DaysToComplete, int Count);

    private sealed record StatusSums<TKey>(TKey Key, int Assigned, int Completed, int Expired, int Overdue, int InProgress, long ScoreSum, int ScoreCount)
    {
        /// <summary>The figures with the certificates that lapsed today (<see cref="LapsedTodayAsync"/>) moved from completed to expired.</summary>
        public TallySums Settled(int lapsedToday) =>
            new(Assigned, Completed - lapsedToday, Expired + lapsedToday, Overdue, InProgress, ScoreSum, ScoreCount);
    }

    /// <summary>
    /// The counts kept per region of the bank, or of a region and those below it, of one course or all: what a filter
    /// naming no branch reads (at 500,000 staff in 10,000 branches, 14,707 status counts against 194,402 per branch).
    /// </summary>
    private static IQueryable<T> RegionsInScope<T>(IQueryable<T> counts, CompletionFilter filter) where T : class, IRegionTally
    {
        counts = counts.AsNoTracking();
        if (filter.Regions is { } regions)
        {
            counts = counts.Where(t => regions.Contains(t.RegionId) && t.RegionId != TallyKey.HeadOffice); // head office is in no region
        }

        return filter.CourseSlug is { Length: > 0 } course ? counts.Where(t => t.CourseSlug == course) : counts;
    }

    /// <summary>One group's counts by status at <paramref name="at"/> (lapsing-today counts as completed; see <see cref="LapsedTodayAsync"/>).</summary>
    private static Expression<Func<IGrouping<TKey, T>, StatusSums<TKey>>> SumsAt<T, TKey>(StatusMoment at) where T : ITallyDates, IStatusAmounts
    {
        var completed = TallyStatuses.Is<T>(TrainingStatus.Completed, at);
        var expired = TallyStatuses.Is<T>(TrainingStatus.CertificateExpired, at);
        var overdue = TallyStatuses.Is<T>(TrainingStatus.Overdue, at);
        var inProgress = TallyStatuses.Is<T>(TrainingStatus.InProgress, at);
        Expression<Func<IGrouping<TKey, T>, StatusSums<TKey>>> sums = g => new StatusSums<TKey>(
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
    private static async Task<List<Lapsed>> LapsedTodayAsync(
        PortalDbContext db, CompletionFilter filter, StatusMoment at, IReadOnlyCollection<int>? branchIds, CancellationToken cancellationToken)
    {
        var dayStart = at.UtcToday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = CompletionQuery.Filtered(db, filter with { Status = null }, at);
        if (branchIds is not null)
        {
            rows = rows.Where(r => branchIds.Contains(r.BranchId ?? TallyKey.HeadOffice));
        }

        return await rows
            .Where(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.CertificateExpired, at))
            .Where(r => r.CertificateExpiresAtUtc >= dayStart)
            .GroupBy(r => new { BranchId = r.BranchId ?? TallyKey.HeadOffice, RegionId = r.RegionId ?? TallyKey.HeadOffice, r.CourseSlug, DaysToComplete = r.DaysToComplete ?? CertificationKey.NoDays })
            .Select(g => new Lapsed(g.Key.BranchId, g.Key.RegionId, g.Key.CourseSlug, g.Key.DaysToComplete, g.Count()))
            .ToListAsync(cancellationToken);
    }
}
