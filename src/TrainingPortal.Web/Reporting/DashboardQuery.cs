using LinqKit;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Reporting;

public sealed record BranchInfo(int Id, string Code, string Name, string City, int RegionId, string RegionName);

/// <summary>
/// The dashboard's numbers: the database adds up the summary counts per branch (<see cref="TallyQuery"/>, the same
/// status rules as the completion report); Core merges branches into regions and the bank.
/// </summary>
public static class DashboardQuery
{
    public const int TrendWeeks = 12;

    /// <summary>The key under which head-office staff (who have no branch) are counted: in the bank's totals, in no region.</summary>
    public const int HeadOffice = TallyKey.HeadOffice;

    /// <summary>
    /// Every branch's figures in the filter (head office under <see cref="HeadOffice"/>) without the days-to-complete
    /// histograms, which a board of thousands of branches reads per region instead (<see cref="TallyQuery.DaysByRegionAsync"/>)
    /// and per branch only for the branches it shows (<see cref="TallyQuery.DaysByBranchAsync"/>): a partial here has
    /// no median of its own.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, AdoptionPartial>> CountsByBranchAsync(PortalDbContext db, StatusMoment at, CompletionFilter filter, CancellationToken cancellationToken) =>
        Combine(await TallyQuery.ByBranchAsync(db, filter, at, cancellationToken), await StaffWithRequiredAsync(db, filter, cancellationToken), await ActiveStaffAsync(db, filter, cancellationToken));

    /// <summary>
    /// The same, its three reads at once on connections of their own: for a board of every branch, where the status
    /// counts take most of the time (at 500,000 staff, 0.1 s) and the people per branch could be read meanwhile.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, AdoptionPartial>> CountsByBranchAtOnceAsync(SideReads reads, StatusMoment at, CompletionFilter filter, CancellationToken cancellationToken)
    {
        var tallies = reads.StartAsync((PortalDbContext db) => TallyQuery.ByBranchAsync(db, filter, at, cancellationToken));
        var withRequired = reads.StartAsync((PortalDbContext db) => StaffWithRequiredAsync(db, filter, cancellationToken));
        var staff = reads.StartAsync((PortalDbContext db) => ActiveStaffAsync(db, filter, cancellationToken));
        await Task.WhenAll(tallies, withRequired, staff);
        return Combine(await tallies, await withRequired, await staff);
    }

    /// <summary>
    /// One branch's figures for each course it has counts of, and for all of them together: the same figures as a
    /// filter of the branch and of each course, from one read of each kind grouped by course.
    /// </summary>
    public static async Task<BranchFigures> BranchFiguresAsync(PortalDbContext db, StatusMoment at, int branchId, CancellationToken cancellationToken)
    {
        var filter = new CompletionFilter(BranchId: branchId);
        var (sums, days) = await TallyQuery.ByCourseAsync(db, branchId, at, cancellationToken);
        var staff = (await ActiveStaffAsync(db, filter, cancellationToken)).GetValueOrDefault(branchId);
        var withRequired = await TallyQuery.StaffInScope(db, filter).SumAsync(s => s.StaffWithRequired, cancellationToken);
        var byCourse = sums.ToDictionary(s => s.Key, s => PartialOf(s.Value, staff, s.Value.Assigned) with { DaysToCompleteHistogram = days.GetValueOrDefault(s.Key) ?? [] });
        return new BranchFigures(AdoptionPartial.Merge(byCourse.Values) with { Staff = staff, StaffWithRequired = withRequired }, byCourse);
    }

    /// <summary>People with at least one required course per branch, or null for one course's figures, where everyone counted has that course.</summary>
    private static async Task<IReadOnlyDictionary<int, int>?> StaffWithRequiredAsync(PortalDbContext db, CompletionFilter filter, CancellationToken cancellationToken) =>
        filter.CourseSlug is not null ? null : await TallyQuery.StaffInScope(db, filter).ToDictionaryAsync(s => s.BranchId, s => s.StaffWithRequired, cancellationToken);

    /// <summary>Active people per branch in the filter's region or branch (head office under <see cref="HeadOffice"/>), from their kept count.</summary>
    private static async Task<IReadOnlyDictionary<int, int>> ActiveStaffAsync(PortalDbContext db, CompletionFilter filter, CancellationToken cancellationToken) =>
        await TallyQuery.OfBranches(db, db.ActiveStaffTallies, filter.Regions, filter.BranchId).ToDictionaryAsync(t => t.BranchId, t => t.Active, cancellationToken);

    /// <summary>Each branch's figures from its summary counts and its people (<paramref name="withRequired"/> null: as many as the counts hold).</summary>
    private static IReadOnlyDictionary<int, AdoptionPartial> Combine(IReadOnlyDictionary<int, TallySums> tallies, IReadOnlyDictionary<int, int>? withRequired, IReadOnlyDictionary<int, int> staff) =>
        staff.Keys.Union(tallies.Keys).ToDictionary(id => id, id =>
        {
            var t = tallies.GetValueOrDefault(id);
            return t is null
                ? AdoptionPartial.Empty with { Staff = staff.GetValueOrDefault(id) }
                : PartialOf(t, staff.GetValueOrDefault(id), withRequired is null ? t.Assigned : withRequired.GetValueOrDefault(id));
        });

    private static AdoptionPartial PartialOf(TallySums t, int staff, int withRequired) =>
        new(staff, withRequired, t.Assigned, t.Completed, t.Overdue, t.CertificateExpired, t.ScoreSum, t.ScoreCount, AdoptionPartial.Empty.DaysToCompleteHistogram);

    /// <summary>
    /// Required courses completed per week over the last twelve complete weeks, oldest first, and so far in this week,
    /// which is shown apart: plotted with the others, a week two days old would look like a collapse. Grouped by day
    /// in the database.
    /// </summary>
    public static async Task<WeeklyTrend> WeeklyTrendAsync(
        PortalDbContext db, StatusMoment at, int? regionId, int? branchId, string? courseSlug, CancellationToken cancellationToken) =>
        await WeeklyTrendAsync(db, at, await new CompletionFilter(regionId, branchId, courseSlug).WithRegionScopeAsync(db, cancellationToken), cancellationToken);

    /// <param name="filter">A filter with its region scope already read (<see cref="CompletionFilter.WithRegionScopeAsync"/>).</param>
    public static async Task<WeeklyTrend> WeeklyTrendAsync(PortalDbContext db, StatusMoment at, CompletionFilter filter, CancellationToken cancellationToken)
    {
        var today = at.Today;
        var firstWeek = today.AddDays(-7 * TrendWeeks - (((int)today.DayOfWeek + 6) % 7)); // Monday, twelve weeks before this one
        var weeks = new int[TrendWeeks + 1];
        foreach (var (day, count) in await TallyQuery.CompletionsSinceAsync(db, filter, firstWeek, cancellationToken))
        {
            var index = (day.DayNumber - firstWeek.DayNumber) / 7;
            if (index is >= 0 and <= TrendWeeks)
            {
                weeks[index] += count;
            }
        }

        return new WeeklyTrend(
            weeks.Take(TrendWeeks).Select((count, i) => (firstWeek.AddDays(7 * i), count)).ToList(),
            firstWeek.AddDays(7 * TrendWeeks), today, weeks[TrendWeeks]);
    }

    /// <summary>One branch by its code, however it was typed (codes are kept in capitals).</summary>
    public static Task<BranchInfo?> BranchAsync(PortalDbContext db, string code, CancellationToken cancellationToken)
    {
        var capitals = code.Trim().ToUpperInvariant();
        return db.Branches.Where(b => b.Code == capitals || b.Code == code)
            .Select(b => new BranchInfo(b.Id, b.Code, b.Name, b.City, b.RegionId, b.Region.Name))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<BranchInfo>> BranchesAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.Branches.OrderBy(b => b.Name).ThenBy(b => b.Code)
            .Select(b => new BranchInfo(b.Id, b.Code, b.Name, b.City, b.RegionId, b.Region.Name))
            .ToListAsync(cancellationToken);
}

/// <param name="All">The branch's figures; its active people count in every course's too.</param>
public sealed record BranchFigures(AdoptionPartial All, IReadOnlyDictionary<string, AdoptionPartial> ByCourse)
{
    /// <summary>A course's figures; a course with no counts in the branch has none assigned.</summary>
    public AdoptionPartial Of(string courseSlug) => ByCourse.GetValueOrDefault(courseSlug) ?? AdoptionPartial.Empty with { Staff = All.Staff };
}

/// <param name="CompleteWeeks">The last twelve complete weeks, Monday to Sunday, oldest first.</param>
/// <param name="ThisWeekSoFar">Completions from <paramref name="ThisWeekStart"/> to <paramref name="Today"/>.</param>
public sealed record WeeklyTrend(IReadOnlyList<(DateOnly WeekStart, int Completions)> CompleteWeeks, DateOnly ThisWeekStart, DateOnly Today, int ThisWeekSoFar);
