using LinqKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Organisation;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>One group's customer-first figures: the three components, the index, how many pulse responses it has and how many people were observed.</summary>
public sealed record CultureLine(string Name, BranchInfo? Branch, int? RegionId, CultureComponents Components, CultureIndexResult Index, int PulseResponses, int PeopleObserved);

public sealed record CultureTrendPoint(DateOnly QuarterStart, bool ToDate, CultureComponents Components);

/// <summary>How often one checklist behaviour is established among the staff observed for it.</summary>
public sealed record BehaviourShare(string CourseSlug, string BehaviourId, BehaviourPartial Counts);

/// <summary>One pulse statement's mean score in a group, shown only when the group has enough responses.</summary>
public sealed record StatementResult(string StatementId, double? MeanScore);

/// <param name="Behaviours">The scope's behaviours, least established first. A branch's are its people's latest ratings
/// recorded in it, for its managers' eyes only (<see cref="CustomerFirstPanel.ShowsBranchBehaviours"/>). Empty while
/// <paramref name="BehavioursHeldBack"/>.</param>
/// <param name="BehavioursHeldBack">Whether the bank's or a region's list is held back: some behaviour in it was
/// observed for too few people, there or beside it, to be shown on its own; or a branch's: a few of its people were
/// last rated in other branches, and its figure less its list would be their ratings.</param>
public sealed record CultureBoard(CultureLine Scope, IReadOnlyList<CultureLine> Regions, IReadOnlyList<CultureLine> Branches,
    IReadOnlyList<CultureTrendPoint> Trend, IReadOnlyList<BehaviourShare> Behaviours, PulsePeriod? Period, IReadOnlyList<StatementResult> Statements,
    bool BehavioursHeldBack = false);

/// <summary>
/// The customer-first figures of branches, regions and the bank. The database adds up per branch (adoption from the
/// dashboard's own aggregate, observed behaviours from each person's latest rating, pulse responses from the latest
/// period); Core merges branches into regions and computes the index, so each rule is written once. A pulse figure and
/// a behaviour figure are each shown only for a group of enough people, with enough beside it (<see cref="GroupDisclosure"/>):
/// a branch where one person was observed would otherwise show that person's ratings.
/// </summary>
/// <remarks>
/// A board is a few passes over the ratings, responses and required courses; like the dashboard's adoption figures, each
/// is computed at most once a minute, and a closed quarter's trend point at most once an hour.
/// </remarks>
public sealed class CustomerFirstQuery(PortalDbContext db, DashboardCache dashboard, SideReads reads, IMemoryCache cache, BankCalendar calendar, TimeProvider time, PulseSettings pulse, CultureWeights weights)
{
    private RegionTree? _regions;

    public const int TrendQuarters = 4;

    /// <summary>
    /// A closed quarter's figures change only when the past is corrected (a backdated observation, a person moving branch),
    /// so they are kept for an hour rather than a minute: they are most of a board's cost.
    /// </summary>
    public static readonly TimeSpan ClosedQuarterLifetime = TimeSpan.FromHours(1);

    public CultureWeights Weights => weights;

    public int MinimumGroupSize => pulse.MinimumGroupSize;

    /// <summary>The dashboard's view: the bank or one region, its regions and branches, the trend and the behaviours.</summary>
    public Task<CultureBoard> BoardAsync(int? regionId, CancellationToken cancellationToken) =>
        dashboard.KeptAsync($"culture:region:{regionId}", (CustomerFirstQuery own, CancellationToken stop) => own.BuildAsync(null, regionId, null, stop), cancellationToken);

    /// <summary>Regions may nest: a region's figures count every region below it, and so does its pulse disclosure (<see cref="GroupDisclosure"/>).</summary>
    private async Task<RegionTree> RegionsAsync(CancellationToken cancellationToken) =>
        _regions ??= await RegionTrees.LoadAsync(db, cancellationToken);

    private RegionTree LoadedRegions => _regions ?? throw new InvalidOperationException("Regions are read first, by RegionsAsync.");

    private static List<BranchInfo> InBranchesOf(IReadOnlyList<BranchInfo> branches, IReadOnlyCollection<int> regions) =>
        branches.Where(b => regions.Contains(b.RegionId)).ToList();

    private int[] InRegion(int regionId) => LoadedRegions.WithDescendants(regionId).ToArray();

    /// <summary>One branch's view: its line, its trend, and every observed behaviour, lagging first.</summary>
    public Task<CultureBoard> BranchAsync(BranchInfo branch, CancellationToken cancellationToken) =>
        dashboard.KeptAsync($"culture:branch:{branch.Id}", (CustomerFirstQuery own, CancellationToken stop) => own.BuildAsync([branch], null, branch.Id, stop), cancellationToken);

    /// <remarks>
    /// The reads that need nothing from one another (the behaviours per branch and in all, the latest pulse and its
    /// statements, each closed quarter of the trend, the adoption figures, the list of branches) run at once on
    /// connections of their own (<see cref="SideReads"/>).
    /// </remarks>
    /// <param name="only">The branches to list, or null for every branch in the region (or bank), which is known only
    /// once the list of branches is read: the reads start first, as the list takes as long as some of them.</param>
    private async Task<CultureBoard> BuildAsync(IReadOnlyList<BranchInfo>? only, int? regionId, int? branchId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = calendar.DateOf(now);
        var regions = await RegionsAsync(cancellationToken);
        var closedQuarters = Quarters.UpTo(today, TrendQuarters).Where(start => Quarters.EndOf(start) < today)
            .Select(start => cache.TryGetValue(QuarterKey(start, regionId, branchId), out CultureComponents? kept) && kept is not null
                ? Task.FromResult(new CultureTrendPoint(start, false, kept))
                : reads.StartAsync((CustomerFirstQuery other) => other.ClosedQuarterAsync(start, today, regionId, branchId, cancellationToken)))
            .ToList();
        var behaviourRead = reads.StartAsync((CustomerFirstQuery other) => other.BehaviourByBranchAsync(regionId, branchId, cancellationToken));
        // A branch's behaviours come from its ratings; the bank's and a region's from the counts per region, which also say
        // whether each behaviour may be listed.
        var sharesRead = branchId is not null
            ? reads.StartAsync((CustomerFirstQuery other) => other.ReadableBranchSharesAsync(today, branchId.Value, cancellationToken))
            : Task.FromResult(new ReadableShares([], 0));
        var pulseRead = reads.StartAsync((CustomerFirstQuery other) => other.LatestPulseAsync(today, cancellationToken));
        // The bank's and a region's statements are read as soon as the period is known, before it is decided whether
        // the pulse may be shown (the bank's nearly always is); a branch's, held back more often, only once it may.
        var inRegion = regionId is { } ofRegion ? InRegion(ofRegion) : null;
        var statementsRead = branchId is null ? StatementsOnceKnownAsync(pulseRead, inRegion, cancellationToken) : null;
        var observedRead = reads.StartAsync((CustomerFirstQuery other) => other.ObservedPeopleAsync(today, cancellationToken));
        var byRegionRead = branchId is null
            ? reads.StartAsync((CustomerFirstQuery other) => other.BehavioursByRegionAsync(today, cancellationToken))
            : Task.FromResult(new Dictionary<(string, string), Dictionary<int, BehaviourPartial>>());
        // The bank's and a region's adoption is the dashboard's own, computed once for both; a branch's needs only its counts,
        // not the medians and weekly trend the dashboard's figures carry.
        var adoptionRead = branchId is { } ofBranch
            ? reads.StartAsync((PortalDbContext other) => DashboardQuery.CountsByBranchAsync(other, calendar.MomentAt(now), new CompletionFilter(BranchId: ofBranch), cancellationToken))
            : PartialsAsync(dashboard.GetAsync(regionId, null, null, cancellationToken));
        var everyBranchRead = dashboard.BranchesAsync(cancellationToken);
        await Task.WhenAll([.. closedQuarters, behaviourRead, sharesRead, pulseRead, statementsRead ?? Task.CompletedTask, observedRead, byRegionRead, adoptionRead, everyBranchRead]);
        var everyBranch = await everyBranchRead;
        var branches = only ?? (regionId is { } within ? InBranchesOf(everyBranch, regions.WithDescendants(within)) : everyBranch);
        var adoption = await adoptionRead;
        var (period, pulseByBranch) = await pulseRead;
        var behaviour = await behaviourRead;
        var observed = await observedRead;
        var pulseDisclosure = Disclose(pulseByBranch.ToDictionary(p => p.Key, p => p.Value.Responses), everyBranch);
        var behaviourDisclosure = Disclose(observed, everyBranch);

        // Made once, not once per line: a bank's board has a line per branch.
        Func<int, AdoptionPartial> adoptionOf = id => adoption.GetValueOrDefault(id) ?? AdoptionPartial.Empty;
        Func<int, BehaviourPartial> behaviourOf = id => behaviour.GetValueOrDefault(id) ?? BehaviourPartial.Empty;
        Func<int, PulsePartial> pulseOf = id => pulseByBranch.GetValueOrDefault(id) ?? PulsePartial.Empty;
        Func<int, int> observedOf = id => observed.GetValueOrDefault(id);

        // shownRegion and shownBranch name the group the disclosures decide for (neither: the bank).
        CultureLine Line(string name, BranchInfo? branch, int? region, IReadOnlyCollection<int> ids, int? shownRegion, int? shownBranch)
        {
            var b = BehaviourPartial.Merge(ids.Select(behaviourOf));
            var p = PulsePartial.Merge(ids.Select(pulseOf));
            var components = new CultureComponents(AdoptionPartial.CompletionPercent(ids.Select(adoptionOf)),
                behaviourDisclosure.Shows(shownRegion, shownBranch) ? b.Percent : null,
                pulseDisclosure.Shows(shownRegion, shownBranch) ? Pulse.PercentShown(p, pulse.MinimumGroupSize) : null);
            return new CultureLine(name, branch, region, components, CultureIndex.Compute(components, weights), p.Responses, ids.Sum(observedOf));
        }

        var branchLines = branches.Select(b => Line(b.Name, b, b.RegionId, [b.Id], null, b.Id)).ToList();
        var regionLines = branchId is not null ? [] : RegionLines(regions, everyBranch, regionId, Line);
        var scopeIds = ScopeIds(everyBranch, regionId, branchId, adoption.Keys.Union(behaviour.Keys).Union(pulseByBranch.Keys).Union(observed.Keys)).ToList();
        var scope = Line(branchId is not null ? branches[0].Name : regionId is { } scopeRegion ? regions.Find(scopeRegion)?.Name ?? "" : "", null, regionId, scopeIds,
            regionId, branchId);

        var byRegion = await byRegionRead;
        var readable = await sharesRead;
        var shares = branchId is not null ? readable.Shares : SharesInScope(byRegion, regionId);
        // A branch's list leaves out its people's ratings recorded elsewhere, so the branch's figure less the list is
        // those people's ratings: shown only when they are none, or enough people not to be anyone's.
        var heldBack = branchId is null
            ? !(behaviourDisclosure.Shows(regionId, null) && EachBehaviourShown(byRegion, regionId))
            : scope.Components.Behaviour is not null && readable.PeopleRatedElsewhere > 0 && readable.PeopleRatedElsewhere < Pulse.SmallestShownGroup(pulse.MinimumGroupSize);

        var statements = period is null || !pulseDisclosure.Shows(regionId, branchId) || scope.Components.Pulse is null ? []
            : statementsRead is not null ? await statementsRead
            : await StatementResultsAsync(period, inRegion, branchId, cancellationToken);

        // This quarter to date is the scope as it is now, but for the pulse: the latest period's counts only if that period
        // closed this quarter (one period per figure, so no figure is another's remainder).
        var thisQuarter = new CultureTrendPoint(Quarters.StartOf(today), true,
            period is not null && period.ClosesOn >= Quarters.StartOf(today) ? scope.Components : scope.Components with { Pulse = null });
        return new CultureBoard(scope, regionLines, branchLines, [.. await Task.WhenAll(closedQuarters), thisQuarter],
            heldBack ? [] : shares, period, statements, heldBack);
    }

    private static async Task<IReadOnlyDictionary<int, AdoptionPartial>> PartialsAsync(Task<DashboardData> figures) => (await figures).Partials;

    /// <summary>The scope's regions one level down, each with everything below it, as the adoption table rolls them up.</summary>
    private static List<CultureLine> RegionLines(RegionTree regions, IReadOnlyList<BranchInfo> everyBranch, int? regionId,
        Func<string, BranchInfo?, int?, IReadOnlyCollection<int>, int?, int?, CultureLine> line) =>
        regions.RollUp(regionId, everyBranch, b => b.RegionId)
            .Select(r => line(r.Region.Name, null, r.Region.Id, r.Items.Select(b => b.Id).ToList(), r.Region.Id, null))
            .ToList();

    /// <summary>The branch keys a scope adds up: one branch, a region's branches, or every key there is (head office included).</summary>
    private IEnumerable<int> ScopeIds(IReadOnlyList<BranchInfo> everyBranch, int? regionId, int? branchId, IEnumerable<int> everyKey) =>
        branchId is { } branch ? [branch]
        : regionId is { } region ? InBranchesOf(everyBranch, LoadedRegions.WithDescendants(region)).Select(b => b.Id)
        : everyKey;

    /// <summary>
    /// Whether the bank's or a region's list of behaviours may be shown: each behaviour observed in it must be a figure
    /// the region tree may show on its own (<see cref="GroupDisclosure"/>, with each region's own branches taken
    /// together, as no list below a region is shown beside it), or the list would give away a few people's ratings, and
    /// the scope's behaviour figure minus the listed ones would give away any behaviour left out. So it is the whole
    /// list or none.
    /// </summary>
    private bool EachBehaviourShown(Dictionary<(string, string), Dictionary<int, BehaviourPartial>> byRegion, int? regionId)
    {
        var inScope = regionId is { } region ? LoadedRegions.WithDescendants(region) : null;
        var regionsAsParts = LoadedRegions.DepthFirst().Select(r => (r.Region.Id, r.Region.Id)).ToList();
        // A person has one latest rating of a behaviour, so the ratings counted are the people observed for it.
        return byRegion.Values
            .Where(regions => inScope is null || regions.Keys.Any(inScope.Contains))
            .All(regions => GroupDisclosure.Decide(LoadedRegions, regionsAsParts, regions.ToDictionary(r => r.Key, r => r.Value.Observed), pulse.MinimumGroupSize)
                .Shows(regionId, null));
    }

    /// <summary>
    /// Per behaviour, its counts in each region (head office under <see cref="TallyKey.HeadOffice"/>) on a day the counts
    /// answer for (<see cref="BehaviourQuarterKey.IsExactOn"/>): the whole bank's.
    /// </summary>
    private async Task<Dictionary<(string, string), Dictionary<int, BehaviourPartial>>> BehavioursByRegionAsync(DateOnly asOf, CancellationToken cancellationToken)
    {
        var rows = await db.BehaviourQuarterTallies.AsNoTracking().Where(BehaviourQuarterKey.LatestOn<BehaviourQuarterTally>(asOf))
            .GroupBy(t => new { t.RegionId, t.CourseSlug, t.BehaviourId })
            .Select(g => new { g.Key.RegionId, g.Key.CourseSlug, g.Key.BehaviourId, Observed = g.Sum(t => t.Observed), Established = g.Sum(t => t.Established) })
            .ToListAsync(cancellationToken);
        return rows.Where(r => r.Observed != 0).GroupBy(r => (r.CourseSlug, r.BehaviourId))
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.RegionId, r => new BehaviourPartial(r.Observed, r.Established)));
    }

    /// <summary>The bank's behaviours (head office included), or a region's with everything below it, least established first.</summary>
    private IReadOnlyList<BehaviourShare> SharesInScope(Dictionary<(string CourseSlug, string BehaviourId), Dictionary<int, BehaviourPartial>> byRegion, int? regionId)
    {
        var inScope = regionId is { } region ? LoadedRegions.WithDescendants(region) : null;
        return LeastEstablishedFirst(byRegion.Select(b => new BehaviourShare(b.Key.CourseSlug, b.Key.BehaviourId,
            BehaviourPartial.Merge(b.Value.Where(r => inScope is null || inScope.Contains(r.Key)).Select(r => r.Value)))));
    }

    /// <param name="people">Per branch, how many people its figure is made of: pulse responses, or people observed.</param>
    private GroupDisclosure Disclose(IReadOnlyDictionary<int, int> people, IReadOnlyList<BranchInfo> everyBranch) =>
        GroupDisclosure.Decide(LoadedRegions, everyBranch.Select(b => (b.Id, b.RegionId)), people, pulse.MinimumGroupSize);

    /// <summary>
    /// Per branch (head office under <see cref="DashboardQuery.HeadOffice"/>), the active people observed by a day (a
    /// quarter's end or today): the whole bank's, whatever the scope, as for the pulse.
    /// </summary>
    public async Task<Dictionary<int, int>> ObservedPeopleAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var rows = await db.BehaviourPeopleTallies.AsNoTracking().Where(ObservedPeopleKey.ObservedBy<BehaviourPeopleTally>(day))
            .GroupBy(t => t.BranchId)
            .Select(g => new { BranchId = g.Key, People = g.Sum(t => t.People) })
            .ToListAsync(cancellationToken);
        return rows.Where(r => r.People != 0).ToDictionary(r => r.BranchId, r => r.People);
    }

    /// <summary>
    /// The latest closed period and its responses per branch: the whole bank's, whatever the scope, since whether a
    /// group may be shown depends on its neighbours too.
    /// </summary>
    private async Task<(PulsePeriod? Period, Dictionary<int, PulsePartial> ByBranch)> LatestPulseAsync(DateOnly today, CancellationToken cancellationToken) =>
        await LatestPeriodAsync(today, cancellationToken) is { } period ? (period, await PulseByBranchAsync(period.Id, cancellationToken)) : (null, []);

    /// <summary>
    /// The latest period that has closed by <paramref name="today"/>: the one whose results the figures show. An open
    /// period shows nothing, or results read a minute apart would give away the answers given in between.
    /// </summary>
    public Task<PulsePeriod?> LatestPeriodAsync(DateOnly today, CancellationToken cancellationToken) =>
        db.PulsePeriods.Where(p => p.ClosesOn < today).OrderByDescending(p => p.ClosesOn).ThenByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Per branch (head office under <see cref="DashboardQuery.HeadOffice"/>): each active person's latest rating of each behaviour today.</summary>
    public async Task<Dictionary<int, BehaviourPartial>> BehaviourByBranchAsync(int? regionId, int? branchId, CancellationToken cancellationToken)
    {
        await RegionsAsync(cancellationToken);
        var rows = await TallyQuery.OfBranches(db, db.BranchBehaviourTallies, regionId is { } region ? InRegion(region) : null, branchId)
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.BranchId, r => new BehaviourPartial(r.Observed, r.Established));
    }

    /// <summary>
    /// Every behaviour observed in the scope as of a day, the least established first. The bank's and a region's are
    /// read from the counts on the days they answer for (today, a quarter's end); a branch's, and any other day's, from
    /// the ratings themselves.
    /// </summary>
    public async Task<IReadOnlyList<BehaviourShare>> BehaviourSharesAsync(DateOnly asOf, int? regionId, int? branchId, CancellationToken cancellationToken)
    {
        await RegionsAsync(cancellationToken);
        var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        return branchId is null && BehaviourQuarterKey.IsExactOn(asOf, today)
            ? SharesInScope(await BehavioursByRegionAsync(asOf, cancellationToken), regionId)
            : LeastEstablishedFirst(await SharesOf(LatestRatings(asOf, regionId, branchId)).ToListAsync(cancellationToken));
    }

    private static IQueryable<BehaviourShare> SharesOf(IQueryable<LatestRating> latest) =>
        latest.GroupBy(x => new { x.CourseSlug, x.BehaviourId })
            .Select(g => new BehaviourShare(g.Key.CourseSlug, g.Key.BehaviourId, new BehaviourPartial(g.Count(), g.Count(x => x.Rating == BehaviourRating.Seen))));

    private static List<BehaviourShare> LeastEstablishedFirst(IEnumerable<BehaviourShare> shares) =>
        shares.Where(s => s.Counts.Observed > 0)
            .OrderBy(s => s.Counts.Percent).ThenByDescending(s => s.Counts.Observed).ThenBy(s => s.CourseSlug, StringComparer.Ordinal).ThenBy(s => s.BehaviourId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A branch's behaviours as its managers may read them: the latest ratings of its people recorded in this branch.
    /// Someone who moved in brings ratings recorded elsewhere, which the branch's figures count but its managers may not
    /// open; one person's would be that person's ratings. How many people have such ratings comes with them.
    /// </summary>
    private async Task<ReadableShares> ReadableBranchSharesAsync(DateOnly today, int branchId, CancellationToken cancellationToken)
    {
        var latest = LatestRatings(today, null, branchId);
        var shares = LeastEstablishedFirst(await SharesOf(latest.Where(x => x.RecordedInBranchId == branchId)).ToListAsync(cancellationToken));
        var ratedElsewhere = await latest.Where(x => x.RecordedInBranchId != branchId).Select(x => x.SubjectUserId).Distinct().CountAsync(cancellationToken);
        return new ReadableShares(shares, ratedElsewhere);
    }

    private sealed record ReadableShares(IReadOnlyList<BehaviourShare> Shares, int PeopleRatedElsewhere);

    private sealed class LatestRating
    {
        public int BranchId { get; init; }
        public string CourseSlug { get; init; } = "";
        public string BehaviourId { get; init; } = "";
        public BehaviourRating Rating { get; init; }
        public int RecordedInBranchId { get; init; }
        public string SubjectUserId { get; init; } = "";
    }

    /// <summary>
    /// Each active person's latest rating of each behaviour as of a day, counted in the branch they work in now: a
    /// behaviour is established when that rating is Seen. Which rating is latest is kept on the rows (SupersededOn).
    /// </summary>
    private IQueryable<LatestRating> LatestRatings(DateOnly asOf, int? regionId, int? branchId)
    {
        var latest = db.ObservationRatings.AsExpandable().Where(r => Observations.LatestOn.Invoke(r.Observation.ObservedOn, r.SupersededOn, asOf));
        var people = db.Users.Where(u => u.IsActive);
        if (regionId is { } region)
        {
            var regions = InRegion(region);
            people = people.Where(u => regions.Contains(u.Branch!.RegionId));
        }

        if (branchId is { } branch)
        {
            people = people.Where(u => u.BranchId == branch);
        }

        return from r in latest
               join u in people on r.Observation.SubjectUserId equals u.Id
               select new LatestRating
               {
                   BranchId = u.BranchId ?? DashboardQuery.HeadOffice, CourseSlug = r.Observation.CourseSlug, BehaviourId = r.BehaviourId, Rating = r.Rating,
                   RecordedInBranchId = r.Observation.BranchId, SubjectUserId = u.Id,
               };
    }

    private async Task<Dictionary<int, PulsePartial>> PulseByBranchAsync(int periodId, CancellationToken cancellationToken)
    {
        var rows = await db.PulseTallies.AsNoTracking().Where(t => t.PeriodId == periodId)
            .Select(t => new
            {
                t.BranchId,
                t.Responses,
                Sum = t.Sum1 + t.Sum2 + t.Sum3 + t.Sum4 + t.Sum5 + t.Sum6 + t.Sum7 + t.Sum8,
                Count = t.Answered1 + t.Answered2 + t.Answered3 + t.Answered4 + t.Answered5 + t.Answered6 + t.Answered7 + t.Answered8,
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.BranchId, r => new PulsePartial(r.Responses, r.Sum, r.Count));
    }

    /// <summary>The latest closed period's statement results once <paramref name="latestPulse"/> names it; none without one.</summary>
    private async Task<List<StatementResult>> StatementsOnceKnownAsync(
        Task<(PulsePeriod? Period, Dictionary<int, PulsePartial> ByBranch)> latestPulse, int[]? inRegion, CancellationToken cancellationToken) =>
        (await latestPulse).Period is { } period
            ? await reads.StartAsync((CustomerFirstQuery other) => other.StatementResultsAsync(period, inRegion, null, cancellationToken))
            : [];

    /// <summary>Each statement's mean score in the group; the caller checks the group is large enough to show.</summary>
    /// <param name="inRegion">A region and every region below it, or null for the bank or a branch.</param>
    private async Task<List<StatementResult>> StatementResultsAsync(PulsePeriod period, int[]? inRegion, int? branchId, CancellationToken cancellationToken)
    {
        var tallies = TallyQuery.OfBranches(db, db.PulseTallies, inRegion, branchId).Where(t => t.PeriodId == period.Id);

        var totals = await tallies.GroupBy(t => 1).Select(g => new[]
        {
            g.Sum(t => t.Sum1), g.Sum(t => t.Sum2), g.Sum(t => t.Sum3), g.Sum(t => t.Sum4), g.Sum(t => t.Sum5), g.Sum(t => t.Sum6), g.Sum(t => t.Sum7), g.Sum(t => t.Sum8),
            g.Sum(t => (long)t.Answered1), g.Sum(t => (long)t.Answered2), g.Sum(t => (long)t.Answered3), g.Sum(t => (long)t.Answered4),
            g.Sum(t => (long)t.Answered5), g.Sum(t => (long)t.Answered6), g.Sum(t => (long)t.Answered7), g.Sum(t => (long)t.Answered8),
        }).SingleOrDefaultAsync(cancellationToken); // one group at most, as the key is a constant
        double? Mean(int i) => totals is null || totals[8 + i] == 0 ? null : Math.Round((double)totals[i] / totals[8 + i], 2);
        return period.StatementIds.Select((id, i) => new StatementResult(id, Mean(i))).ToList();
    }

    /// <summary>
    /// One closed quarter's point of the trend: adoption from the certificates that stood at its end among the courses
    /// required by then, behaviour from the latest ratings by then, the pulse from the last period that closed in the
    /// quarter.
    /// </summary>
    /// <remarks>Kept for <see cref="ClosedQuarterLifetime"/> under <see cref="QuarterKey"/>.</remarks>
    private async Task<CultureTrendPoint> ClosedQuarterAsync(DateOnly start, DateOnly today, int? regionId, int? branchId, CancellationToken cancellationToken)
    {
        await RegionsAsync(cancellationToken);
        var end = Quarters.EndOf(start);
        var adoption = await AdoptionAtQuarterEndAsync(start, regionId, branchId, cancellationToken);
        var everyBranch = await dashboard.BranchesAsync(cancellationToken);
        // The bank's own figure needs only the bank's total; a region's or branch's, the tree of 10,000 branches.
        var forBank = regionId is null && branchId is null;
        bool Shows(IReadOnlyDictionary<int, int> people) =>
            forBank ? GroupDisclosure.ShowsBank(people.Values.Sum(), pulse.MinimumGroupSize) : Disclose(people, everyBranch).Shows(regionId, branchId);
        var behaviourShown = forBank
            ? GroupDisclosure.ShowsBank(await db.BehaviourPeopleTallies.Where(ObservedPeopleKey.ObservedBy<BehaviourPeopleTally>(end)).SumAsync(t => t.People, cancellationToken), pulse.MinimumGroupSize)
            : Shows(await ObservedPeopleAsync(end, cancellationToken));
        var behaviour = behaviourShown ? BehaviourPartial.Merge((await BehaviourSharesAsync(end, regionId, branchId, cancellationToken)).Select(s => s.Counts)).Percent : null;
        // The quarter's pulse is its latest closed period's, whole: one period per figure, so no figure is another's remainder.
        var quarterPeriod = await db.PulsePeriods.Where(p => p.ClosesOn < today && p.ClosesOn >= start && p.ClosesOn <= end)
            .OrderByDescending(p => p.ClosesOn).ThenByDescending(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        var inQuarter = quarterPeriod is { } periodId ? await PulseByBranchAsync(periodId, cancellationToken) : new Dictionary<int, PulsePartial>();
        var scopePulse = PulsePartial.Merge(ScopeIds(everyBranch, regionId, branchId, inQuarter.Keys).Select(id => inQuarter.GetValueOrDefault(id) ?? PulsePartial.Empty));
        var pulseShown = Shows(inQuarter.ToDictionary(p => p.Key, p => p.Value.Responses)) ? Pulse.PercentShown(scopePulse, pulse.MinimumGroupSize) : null;
        var components = new CultureComponents(adoption, behaviour, pulseShown);
        cache.Set(QuarterKey(start, regionId, branchId), components, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ClosedQuarterLifetime, Size = 1 });
        return new CultureTrendPoint(start, false, components);
    }

    private static string QuarterKey(DateOnly start, int? regionId, int? branchId) => $"culture:quarter:{regionId}:{branchId}:{start:yyyyMMdd}";

    /// <summary>
    /// <see cref="AdoptionAtAsync"/> at a quarter's end, from what the required courses keep of it: the bank's and a
    /// region's from the adoption counts, a branch's (a few dozen people) from its rows' certified quarters.
    /// </summary>
    public async Task<double?> AdoptionAtQuarterEndAsync(DateOnly quarterStart, int? regionId, int? branchId, CancellationToken cancellationToken)
    {
        if (branchId is { } branch)
        {
            var rows = await db.RequiredCourses.AsNoTracking().Where(r => r.BranchId == branch)
                .Select(r => new { r.RegionId, r.CourseSlug, r.AssignedOn, r.CertifiedQuarters })
                .ToListAsync(cancellationToken);
            var holds = AdoptionKey.Holds<AdoptionKey>(quarterStart).Compile();
            var counted = rows.SelectMany(r => AdoptionKey.Of(r.RegionId, r.CourseSlug, r.AssignedOn, r.CertifiedQuarters)).Where(k => holds(k.Key)).ToList();
            return rows.Count == 0 ? null : Adoption.Percent(counted.Sum(k => k.Valid), counted.Sum(k => k.Assigned));
        }

        await RegionsAsync(cancellationToken);
        var tallies = db.AdoptionTallies.AsNoTracking().Where(AdoptionKey.Holds<AdoptionTally>(quarterStart));
        if (regionId is { } region)
        {
            var regions = InRegion(region);
            tallies = tallies.Where(t => regions.Contains(t.RegionId));
        }

        var counts = await tallies.GroupBy(t => 1).Select(g => new { Assigned = g.Sum(t => t.Assigned), Valid = g.Sum(t => t.Valid) }).SingleOrDefaultAsync(cancellationToken);
        return counts is null ? null : Adoption.Percent(counts.Valid, counts.Assigned);
    }

    /// <summary>Valid certificates among the courses required by <paramref name="asOf"/>, judged at <paramref name="moment"/>.</summary>
    public async Task<double?> AdoptionAtAsync(DateTime moment, DateOnly asOf, int? regionId, int? branchId, CancellationToken cancellationToken)
    {
        var filter = await new CompletionFilter(regionId, branchId, null).WithRegionScopeAsync(db, cancellationToken);
        var counts = await CompletionQuery.Filtered(db, filter, new StatusMoment(moment, asOf))
            .Where(r => r.AssignedOn <= asOf)
            .Select(r => db.Certificates.Any(c => c.UserId == r.UserId && c.CourseSlug == r.CourseSlug && c.IssuedAtUtc < moment
                && (c.ExpiresAtUtc == null || c.ExpiresAtUtc > moment) && (c.RevokedAtUtc == null || c.RevokedAtUtc > moment)) ? 1 : 0)
            .GroupBy(valid => 1)
            .Select(g => new { Assigned = g.Count(), Valid = g.Sum() })
            .FirstOrDefaultAsync(cancellationToken);
        return counts is null ? null : Adoption.Percent(counts.Valid, counts.Assigned);
    }
}

/// <summary>What the customer-first panel shows: on the dashboard (regions and branches) or on one branch's page.</summary>
/// <param name="PageSize">Branches per page of the branch table (the dashboard's setting).</param>
/// <param name="ShowsBranchBehaviours">On a branch's page, whether the reader may see each behaviour's figures: only the
/// branch's managers, who may read every observation recorded in it; with a branch's few people, anyone else would be
/// reading individual ratings.</param>
public sealed record CustomerFirstPanel(CultureBoard Board, TrainingPortal.Core.Content.CourseCatalog Catalog, CultureWeights Weights, int MinimumGroupSize, bool ForBranch, int PageSize = 50,
    bool ShowsBranchBehaviours = false)
{
    /// <summary>The branch table sorted by one column (branch, region, adoption, behaviour, pulse, index), missing values last.</summary>
    public IReadOnlyList<CultureLine> SortedBranches(string? sort, bool descending)
    {
        Func<CultureLine, double?>? figure = sort switch
        {
            "adoption" => l => l.Components.Adoption,
            "behaviour" => l => l.Components.Behaviour,
            "pulse" => l => l.Components.Pulse,
            "index" => l => l.Index.Value,
            _ => null,
        };
        if (figure is null)
        {
            var byName = sort == "region"
                ? Board.Branches.OrderBy(l => l.Branch!.RegionName, StringComparer.Ordinal).ThenBy(l => l, ByBranch)
                : Board.Branches.Order(ByBranch);
            return (descending ? byName.Reverse() : byName).ToList();
        }

        var known = Board.Branches.Where(l => figure(l) is not null);
        var ordered = descending ? known.OrderByDescending(l => figure(l)) : known.OrderBy(l => figure(l));
        return ordered.ThenBy(l => l, ByBranch).Concat(Board.Branches.Where(l => figure(l) is null).Order(ByBranch)).ToList();
    }

    /// <summary>By name, then by code: names repeat ("Central"), and a tie left open could move a branch across a page.</summary>
    private static readonly IComparer<CultureLine> ByBranch = Comparer<CultureLine>.Create((a, b) =>
        string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Branch!.Code, b.Branch!.Code));

    public string BehaviourText(BehaviourShare share) =>
        Catalog.Find(share.CourseSlug)?.Checklist?.Find(share.BehaviourId)?.Text ?? share.BehaviourId;

    public string CourseTitle(string slug) => Catalog.Find(slug)?.Title ?? slug;

    public string StatementText(string id) => Catalog.FindPulseStatement(id)?.Text ?? id;
}
