using TrainingPortal.Core.Organisation;
using TrainingPortal.Core.Progress;

namespace TrainingPortal.Web.Reporting;

public sealed record BranchLine(BranchInfo Branch, AdoptionFigures Figures);

public sealed record RegionLine(RegionNode Region, bool HasChildren, AdoptionFigures Figures);

/// <summary>
/// The dashboard of one scope (the bank or a region, all courses or one): its figures, its regions one level down with
/// everything below each, every branch in it, the completion bands and the branches at either end. Worked out once per
/// cache period (<see cref="DashboardCache"/>): a bank of 10,000 branches costs a few hundred milliseconds to lay out,
/// and each request then only searches, sorts and pages the branch lines. The branch lines come without their median
/// days (reading every branch's histogram was 0.8 s of a 500,000-staff bank's 2 s): the page adds them for the lines it
/// shows, or for all when it sorts by them or exports (<see cref="DashboardCache.BranchMediansAsync"/>).
/// </summary>
public sealed record DashboardView(
    AdoptionFigures Scope,
    IReadOnlyList<RegionLine> Regions,
    IReadOnlyList<BranchLine> Branches,
    IReadOnlyList<int> BandCounts,
    IReadOnlyList<BranchLine> Best,
    IReadOnlyList<BranchLine> Worst,
    WeeklyTrend Trend,
    DateTime ComputedAtUtc,
    int? RegionId,
    string? CourseSlug)
{
    /// <summary>Branches at either end of the completion ranking.</summary>
    public const int EndsShown = 10;

    public static DashboardView Build(RegionTree tree, IReadOnlyList<BranchInfo> branches, DashboardData data, int? regionId, string? courseSlug)
    {
        var inRegion = regionId is { } within ? tree.WithDescendants(within) : null;
        var inScope = branches.Where(b => inRegion is null || inRegion.Contains(b.RegionId)).ToList();
        AdoptionPartial PartialOf(BranchInfo branch) => data.Partials.GetValueOrDefault(branch.Id) ?? AdoptionPartial.Empty;
        // The branches' partials carry counts only; the regions' histograms bring the days to complete.
        IEnumerable<AdoptionPartial> DaysOf(IEnumerable<int> keys) =>
            keys.Select(data.DaysByRegion.GetValueOrDefault).OfType<IReadOnlyDictionary<int, int>>().Select(days => AdoptionPartial.Empty with { DaysToCompleteHistogram = days });
        var regions = tree.RollUp(regionId, inScope, b => b.RegionId)
            .Select(line => new RegionLine(line.Region, tree.ChildrenOf(line.Region.Id).Count > 0,
                AdoptionPartial.Merge(line.Items.Select(PartialOf).Concat(DaysOf(tree.WithDescendants(line.Region.Id)))).Figures()))
            .ToList();

        var lines = inScope.Select(b => new BranchLine(b, PartialOf(b).Figures())).ToList();
        var ranked = lines.Where(l => l.Figures.CompletionPercent is not null).ToList();
        var best = ranked.OrderByDescending(l => l.Figures.CompletionPercent).ThenBy(l => l.Branch.Name, StringComparer.Ordinal).Take(EndsShown).ToList();
        var listedBest = best.Select(l => l.Branch.Id).ToHashSet();
        return new DashboardView(
            AdoptionPartial.Merge(data.Partials.Values.Concat(DaysOf(data.DaysByRegion.Keys))).Figures(),
            regions,
            lines,
            Adoption.BandCounts(lines.Select(l => l.Figures.CompletionPercent)),
            best,
            // With fewer than twice as many branches as each end shows, a branch is listed at one end only.
            ranked.Where(l => !listedBest.Contains(l.Branch.Id)).OrderBy(l => l.Figures.CompletionPercent).ThenBy(l => l.Branch.Name, StringComparer.Ordinal).Take(EndsShown).ToList(),
            data.Trend,
            data.ComputedAtUtc,
            regionId,
            courseSlug);
    }
}
