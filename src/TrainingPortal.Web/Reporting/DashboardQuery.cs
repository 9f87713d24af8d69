using LinqKit;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reporting;

public sealed record BranchInfo(int Id, string Code, string Name, string City, int RegionId, string RegionName);

/// <summary>
/// The dashboard's numbers: the database adds up required courses per branch (the same table and the
/// same status rules as the completion report); Core merges branches into regions and the bank.
/// </summary>
public static class DashboardQuery
{
    public const int TrendWeeks = 12;

    /// <summary>The key under which head-office staff (who have no branch) are counted: in the bank's totals, in no region.</summary>
    public const int HeadOffice = 0;

    public static async Task<IReadOnlyDictionary<int, AdoptionPartial>> PartialsByBranchAsync(
        PortalDbContext db, StatusMoment at, int? regionId, int? branchId, string? courseSlug, CancellationToken cancellationToken)
    {
        var filter = await new CompletionFilter(regionId, branchId, courseSlug).WithRegionScopeAsync(db, cancellationToken);
        var required = CompletionQuery.Filtered(db, filter, at);
        var completed = TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Completed, at);
        var expired = TrainingStatuses.Is<RequiredCourse>(TrainingStatus.CertificateExpired, at);
        var overdue = TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Overdue, at);

        var counts = await required
            .AsExpandable()
            .GroupBy(r => r.BranchId ?? HeadOffice) // grouping on an expression keeps SQLite on one table scan, not an index walk
            .Select(g => new
            {
                BranchId = g.Key,
                StaffWithRequired = g.Select(r => r.UserId).Distinct().Count(),
                Assigned = g.Count(),
                Completed = g.Count(r => completed.Invoke(r)),
                Expired = g.Count(r => expired.Invoke(r)),
                Overdue = g.Count(r => overdue.Invoke(r)),
                ScoreSum = g.Sum(r => (long?)r.BestScorePercent) ?? 0,
                ScoreCount = g.Count(r => r.BestScorePercent != null),
            })
            .ToListAsync(cancellationToken);

        var histogram = await required
            .Where(completed)
            .Where(r => r.DaysToComplete != null)
            .GroupBy(r => new { BranchId = r.BranchId ?? HeadOffice, Days = r.DaysToComplete!.Value })
            .Select(g => new { g.Key.BranchId, g.Key.Days, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var histogramByBranch = histogram.GroupBy(h => h.BranchId).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<int, int>)g.ToDictionary(h => h.Days, h => h.Count));

        var staffQuery = db.Users.Where(u => u.IsActive);
        if (filter.RegionScope?.ToArray() is { } regions)
        {
            staffQuery = staffQuery.Where(u => regions.Contains(u.Branch!.RegionId));
        }

        if (branchId is { } branch)
        {
            staffQuery = staffQuery.Where(u => u.BranchId == branch);
        }

        var staff = (await staffQuery.GroupBy(u => u.BranchId).Select(g => new { BranchId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.BranchId ?? HeadOffice, s => s.Count);
        var countsByBranch = counts.ToDictionary(c => c.BranchId);

        return staff.Keys.Union(countsByBranch.Keys).ToDictionary(id => id, id =>
        {
            var c = countsByBranch.GetValueOrDefault(id);
            return c is null
                ? AdoptionPartial.Empty with { Staff = staff.GetValueOrDefault(id) }
                : new AdoptionPartial(staff.GetValueOrDefault(id), c.StaffWithRequired, c.Assigned, c.Completed, c.Overdue, c.Expired, c.ScoreSum, c.ScoreCount,
                    histogramByBranch.GetValueOrDefault(id) ?? new Dictionary<int, int>());
        });
    }

    /// <summary>
    /// Required courses completed per week over the last twelve complete weeks, oldest first, and so far in this week,
    /// which is shown apart: plotted with the others, a week two days old would look like a collapse. Grouped by day
    /// in the database.
    /// </summary>
    public static async Task<WeeklyTrend> WeeklyTrendAsync(
        PortalDbContext db, StatusMoment at, int? regionId, int? branchId, string? courseSlug, CancellationToken cancellationToken)
    {
        var today = at.Today;
        var firstWeek = today.AddDays(-7 * TrendWeeks - (((int)today.DayOfWeek + 6) % 7)); // Monday, twelve weeks before this one
        var filter = await new CompletionFilter(regionId, branchId, courseSlug).WithRegionScopeAsync(db, cancellationToken);
        var perDay = await CompletionQuery.Filtered(db, filter, at)
            .Where(r => r.CertifiedOn >= firstWeek)
            .GroupBy(r => r.CertifiedOn!.Value)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var weeks = new int[TrendWeeks + 1];
        foreach (var day in perDay)
        {
            var index = (day.Day.DayNumber - firstWeek.DayNumber) / 7;
            if (index is >= 0 and <= TrendWeeks)
            {
                weeks[index] += day.Count;
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
        await db.Branches.OrderBy(b => b.Name)
            .Select(b => new BranchInfo(b.Id, b.Code, b.Name, b.City, b.RegionId, b.Region.Name))
            .ToListAsync(cancellationToken);
}

/// <param name="CompleteWeeks">The last twelve complete weeks, Monday to Sunday, oldest first.</param>
/// <param name="ThisWeekSoFar">Completions from <paramref name="ThisWeekStart"/> to <paramref name="Today"/>.</param>
public sealed record WeeklyTrend(IReadOnlyList<(DateOnly WeekStart, int Completions)> CompleteWeeks, DateOnly ThisWeekStart, DateOnly Today, int ThisWeekSoFar);
