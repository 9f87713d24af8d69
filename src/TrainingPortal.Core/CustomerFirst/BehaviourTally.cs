using System.Linq.Expressions;
using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.CustomerFirst;

/// <summary>One rating as the behaviour counts see it: whose branch and region it counts in, and when it was the latest.</summary>
/// <param name="BranchId">The person's branch now, or null for head office.</param>
/// <param name="RegionId">That branch's region, or null for head office.</param>
public sealed record CountedRating(int? BranchId, int? RegionId, string CourseSlug, string BehaviourId, BehaviourRating Rating, DateOnly ObservedOn, DateOnly? SupersededOn);

/// <summary>
/// The key of today's figures: a branch (<see cref="TallyKey.HeadOffice"/> for head office), every course and behaviour
/// together, as the boards read them; which behaviours lag is read from the quarter-end counts.
/// </summary>
public sealed record BehaviourKey(int BranchId)
{
    /// <summary>Today's figures count the latest ratings only: those not superseded yet (an observation is never dated ahead).</summary>
    public static BehaviourKey? Of(CountedRating rating) =>
        rating.SupersededOn is null ? new BehaviourKey(rating.BranchId ?? TallyKey.HeadOffice) : null;
}

/// <summary>
/// The key of the quarter-end figures: a region (<see cref="TallyKey.HeadOffice"/> for head office), a course, a
/// behaviour, the quarter a rating was observed in and the quarter it was superseded in (<see cref="Quarters.Never"/> while it is
/// the latest). A rating is the latest at a quarter's last day exactly when it was observed in or before that quarter
/// and superseded in a later one, so the quarters are all a count needs to keep of the two dates.
/// </summary>
public sealed record BehaviourQuarterKey(int RegionId, string CourseSlug, string BehaviourId, DateOnly ObservedQuarter, DateOnly SupersededQuarter)
{
    /// <summary>Null for a rating superseded within the quarter it was observed in: it is the latest at no quarter's end.</summary>
    public static BehaviourQuarterKey? Of(CountedRating rating)
    {
        var observed = Quarters.StartOf(rating.ObservedOn);
        var superseded = rating.SupersededOn is { } on ? Quarters.StartOf(on) : Quarters.Never;
        return observed == superseded
            ? null
            : new BehaviourQuarterKey(rating.RegionId ?? TallyKey.HeadOffice, rating.CourseSlug, rating.BehaviourId, observed, superseded);
    }

    /// <summary>
    /// Whether a count holds latest ratings as of <paramref name="day"/>, which must be a quarter's last day or a day no
    /// observation is dated after (today): <see cref="IsExactOn"/>.
    /// </summary>
    public static Expression<Func<TCount, bool>> LatestOn<TCount>(DateOnly day) where TCount : IBehaviourQuarterCount
    {
        var quarter = Quarters.StartOf(day);
        return count => count.ObservedQuarter <= quarter && count.SupersededQuarter > quarter;
    }

    /// <summary>
    /// Within a quarter, the counts cannot tell a rating observed before a day from one observed after it: they answer
    /// for a quarter's last day, and for today, after which nothing is dated.
    /// </summary>
    public static bool IsExactOn(DateOnly day, DateOnly today) => day == Quarters.EndOf(day) || day >= today;
}

/// <summary>A stored quarter-end count: the two quarters that decide on which days it holds latest ratings.</summary>
public interface IBehaviourQuarterCount
{
    DateOnly ObservedQuarter { get; }
    DateOnly SupersededQuarter { get; }
}

/// <summary>Changes to the behaviour counts, added up per key so that each key is written once, in key order.</summary>
public sealed class BehaviourTallyChanges
{
    private readonly Dictionary<BehaviourKey, BehaviourPartial> _today = [];
    private readonly Dictionary<BehaviourQuarterKey, BehaviourPartial> _quarters = [];

    /// <summary>Adds what one active person's rating contributes, times <paramref name="sign"/>.</summary>
    public void Add(CountedRating rating, int sign)
    {
        var amount = new BehaviourPartial(sign, Observations.IsEstablished(rating.Rating) ? sign : 0);
        if (BehaviourKey.Of(rating) is { } today)
        {
            _today[today] = Plus(_today.GetValueOrDefault(today), amount);
        }

        if (BehaviourQuarterKey.Of(rating) is { } quarter)
        {
            _quarters[quarter] = Plus(_quarters.GetValueOrDefault(quarter), amount);
        }
    }

    private static BehaviourPartial Plus(BehaviourPartial? a, BehaviourPartial b) =>
        a is null ? b : new BehaviourPartial(a.Observed + b.Observed, a.Established + b.Established);

    public IReadOnlyList<KeyValuePair<BehaviourKey, BehaviourPartial>> TodayCounts => _today.Where(t => t.Value != BehaviourPartial.Empty)
        .OrderBy(t => t.Key.BranchId)
        .ToList();

    public IReadOnlyList<KeyValuePair<BehaviourQuarterKey, BehaviourPartial>> QuarterCounts => _quarters.Where(q => q.Value != BehaviourPartial.Empty)
        .OrderBy(q => q.Key.RegionId).ThenBy(q => q.Key.CourseSlug, StringComparer.Ordinal).ThenBy(q => q.Key.BehaviourId, StringComparer.Ordinal)
        .ThenBy(q => q.Key.ObservedQuarter).ThenBy(q => q.Key.SupersededQuarter)
        .ToList();
}
