using TrainingPortal.Core.Calendar;
using Microsoft.Extensions.Caching.Memory;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Reporting;

public sealed record DashboardData(IReadOnlyDictionary<int, AdoptionPartial> Partials, WeeklyTrend Trend, DateTime ComputedAtUtc);

/// <summary>
/// The dashboard's figures come from the summary counts, so a first computation is cheap, but a bank-wide board
/// still adds up every branch and lays out 10,000 branch lines; management figures a minute old are as useful as
/// live ones, so each filter combination is computed at most once a minute under load and the page says when.
/// </summary>
public sealed class DashboardCache(IMemoryCache cache, PortalDbContext db, TimeProvider time, BankCalendar calendar)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public async Task<DashboardData> GetAsync(int? regionId, int? branchId, string? courseSlug, CancellationToken cancellationToken)
    {
        var key = $"dashboard:{regionId}:{branchId}:{courseSlug}";
        if (cache.TryGetValue(key, out DashboardData? cached) && cached is not null)
        {
            return cached;
        }

        var now = time.GetUtcNow().UtcDateTime;

        var at = calendar.MomentAt(now);
        var data = new DashboardData(
            await DashboardQuery.PartialsByBranchAsync(db, at, regionId, branchId, courseSlug, cancellationToken),
            await DashboardQuery.WeeklyTrendAsync(db, at, regionId, branchId, courseSlug, cancellationToken),
            now);
        cache.Set(key, data, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return data;
    }

    /// <summary>The dashboard page's view of a scope, laid out from the figures above and kept as long.</summary>
    public async Task<DashboardView> ViewAsync(int? regionId, string? courseSlug, CancellationToken cancellationToken)
    {
        var key = $"dashboard-view:{regionId}:{courseSlug}";
        if (cache.TryGetValue(key, out DashboardView? cached) && cached is not null)
        {
            return cached;
        }

        var data = await GetAsync(regionId, null, courseSlug, cancellationToken);
        var view = DashboardView.Build(await RegionTrees.LoadAsync(db, cancellationToken), await DashboardQuery.BranchesAsync(db, cancellationToken), data, regionId);
        cache.Set(key, view, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return view;
    }
}
