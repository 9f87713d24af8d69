using TrainingPortal.Core.Calendar;
using Microsoft.Extensions.Caching.Memory;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Reporting;

/// <param name="Partials">Per branch, without histograms: a branch's median is read for the page that shows it (<see cref="DashboardCache.BranchMediansAsync"/>).</param>
/// <param name="DaysByRegion">The days-to-complete histograms per region holding the branches (head office under <see cref="DashboardQuery.HeadOffice"/>), for the medians of regions and of the scope.</param>
public sealed record DashboardData(IReadOnlyDictionary<int, AdoptionPartial> Partials, IReadOnlyDictionary<int, IReadOnlyDictionary<int, int>> DaysByRegion, WeeklyTrend Trend, DateTime ComputedAtUtc);

/// <summary>
/// The dashboard's figures come from the summary counts, so a first computation is cheap, but a bank-wide board
/// still adds up every branch and lays out 10,000 branch lines; management figures a minute old are as useful as
/// live ones, so each filter combination is computed at most once a minute under load and the page says when.
/// </summary>
public sealed class DashboardCache(IMemoryCache cache, SideReads reads, PortalDbContext db, TimeProvider time, BankCalendar calendar)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <remarks>
    /// Its reads are independent and each takes a share of a bank-wide board's time (at 500,000 staff in 10,000
    /// branches: the per-branch counts 0.1 s, the weekly trend 0.06 s), so each runs on a connection of its own at the
    /// same time (<see cref="SideReads"/>).
    /// </remarks>
    public Task<DashboardData> GetAsync(int? regionId, int? branchId, string? courseSlug, CancellationToken cancellationToken) =>
        KeptAsync($"dashboard:{regionId}:{branchId}:{courseSlug}", (DashboardCache own, CancellationToken stop) => own.FiguresAsync(regionId, branchId, courseSlug, stop), cancellationToken);

    private async Task<DashboardData> FiguresAsync(int? regionId, int? branchId, string? courseSlug, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        var filter = await new CompletionFilter(regionId, branchId, courseSlug).WithRegionScopeAsync(db, cancellationToken);
        var counts = DashboardQuery.CountsByBranchAtOnceAsync(reads, at, filter, cancellationToken);
        var days = reads.StartAsync((PortalDbContext other) => TallyQuery.DaysByRegionAsync(other, filter, at, cancellationToken));
        var trend = reads.StartAsync((PortalDbContext other) => DashboardQuery.WeeklyTrendAsync(other, at, filter, cancellationToken));
        await Task.WhenAll(counts, days, trend);
        return new DashboardData(
            await counts,
            (await days).ToDictionary(d => d.Key, IReadOnlyDictionary<int, int> (d) => d.Value),
            await trend,
            now);
    }

    /// <summary>
    /// What <paramref name="compute"/> gives, kept under <paramref name="key"/> for <see cref="Lifetime"/>. Requests
    /// that ask while it is being computed wait for that one computation rather than start their own: when a board's
    /// minute is up, a hundred managers opening it start one recount, not a hundred.
    /// </summary>
    /// <remarks>
    /// The computation belongs to no request: it runs on a <typeparamref name="TComputer"/> of its own scope (<see
    /// cref="SideReads"/>) to the end, so a visitor who leaves stops waiting without taking it from the others. One
    /// that fails is not kept, and the next request computes again.
    /// </remarks>
    public async Task<T> KeptAsync<TComputer, T>(string key, Func<TComputer, CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
        where TComputer : notnull where T : class
    {
        var kept = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            entry.Size = 1;
            return new Lazy<Task<T>>(() => reads.StartAsync((TComputer computer) => compute(computer, CancellationToken.None)));
        })!;
        try
        {
            return await kept.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (cache.TryGetValue(key, out Lazy<Task<T>>? current) && ReferenceEquals(current, kept))
            {
                cache.Remove(key);
            }

            throw;
        }
    }

    /// <summary>What is kept under <paramref name="key"/>, if it is computed already: null while it is being computed or when it is not.</summary>
    private T? AlreadyKept<T>(string key) where T : class =>
        cache.TryGetValue(key, out Lazy<Task<T>>? kept) && kept is { IsValueCreated: true, Value.IsCompletedSuccessfully: true } ? kept.Value.Result : null;

    /// <summary>
    /// The median days of the branches given, or of every branch in the view's scope when none are given (to sort or
    /// export the table), which is then kept as long as the view. Statuses are read as at the view's moment, from the
    /// counts as they are now: a certificate issued since the view was laid out can show in a median a minute before it
    /// shows in the completion beside it.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, double?>> BranchMediansAsync(DashboardView view, IReadOnlyCollection<int>? branchIds, CancellationToken cancellationToken)
    {
        var key = $"dashboard-medians:{view.RegionId}:{view.CourseSlug}:{view.ComputedAtUtc.Ticks}";
        if (AlreadyKept<IReadOnlyDictionary<int, double?>>(key) is { } every)
        {
            return every;
        }

        return branchIds is null
            ? await KeptAsync(key, (DashboardCache own, CancellationToken stop) => own.MediansAsync(view, null, stop), cancellationToken)
            : await MediansAsync(view, branchIds, cancellationToken);
    }

    private async Task<IReadOnlyDictionary<int, double?>> MediansAsync(DashboardView view, IReadOnlyCollection<int>? branchIds, CancellationToken cancellationToken)
    {
        // Named branches need no region: they are the view's own lines.
        var filter = branchIds is null
            ? await new CompletionFilter(view.RegionId, null, view.CourseSlug).WithRegionScopeAsync(db, cancellationToken)
            : new CompletionFilter(CourseSlug: view.CourseSlug);
        var days = await TallyQuery.DaysByBranchAsync(db, filter, calendar.MomentAt(view.ComputedAtUtc), branchIds, cancellationToken);
        return days.ToDictionary(d => d.Key, d => Adoption.Median(d.Value));
    }

    /// <summary>
    /// Every branch with its region, kept a minute like the figures (branches are made by seeding, never edited): a
    /// board lays out its figures and its customer-first lines from the same list (10,000 branches, 30 ms a read).
    /// </summary>
    public Task<IReadOnlyList<BranchInfo>> BranchesAsync(CancellationToken cancellationToken) =>
        KeptAsync("dashboard-branches", (PortalDbContext own, CancellationToken stop) => DashboardQuery.BranchesAsync(own, stop), cancellationToken);

    /// <summary>The dashboard page's view of a scope, laid out from the figures above and kept as long.</summary>
    public Task<DashboardView> ViewAsync(int? regionId, string? courseSlug, CancellationToken cancellationToken) =>
        KeptAsync($"dashboard-view:{regionId}:{courseSlug}", (DashboardCache own, CancellationToken stop) => own.LayOutAsync(regionId, courseSlug, stop), cancellationToken);

    private async Task<DashboardView> LayOutAsync(int? regionId, string? courseSlug, CancellationToken cancellationToken)
    {
        // The figures need nothing from the list of branches (10,000 rows, 30 ms), so both are read at once.
        var figures = GetAsync(regionId, null, courseSlug, cancellationToken);
        var branches = BranchesAsync(cancellationToken);
        var tree = RegionTrees.LoadAsync(db, cancellationToken);
        await Task.WhenAll(figures, branches, tree);
        return DashboardView.Build(await tree, await branches, await figures, regionId, courseSlug);
    }
}
