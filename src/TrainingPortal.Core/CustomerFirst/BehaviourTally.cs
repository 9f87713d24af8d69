using System.Linq.Expressions;
using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.CustomerFirst;

/// <summary>One rating as the behaviour counts see it: whose it is, which branch and region it counts in, and when it was the latest.</summary>
/// <param name="PersonId">The person observed: the people counts count each person once.</param>
/// <param name="BranchId">The person's branch now, or null for head office.</param>
/// <param name="RegionId">That branch's region, or null for head office.</param>
public sealed record CountedRating(string PersonId, int? BranchId, int? RegionId, string CourseSlug, string BehaviourId, BehaviourRating Rating, DateOnly ObservedOn, DateOnly? SupersededOn);

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

/// <summary>
/// The key of the people counts: a branch (<see cref="TallyKey.HeadOffice"/> for head office) and the quarter a person
/// was first observed in. Once observed, a person has a latest rating of something at every later day, so the people
/// observed by a quarter's end (or by today) are those first observed in or before that quarter: the group sizes that
/// decide whether a behaviour figure may be shown (<see cref="GroupDisclosure"/>).
/// </summary>
public sealed record ObservedPeopleKey(int BranchId, DateOnly FirstQuarter)
{
    /// <summary>Whether a count holds people observed by <paramref name="day"/>, exact on the days <see cref="BehaviourQuarterKey.IsExactOn"/> allows.</summary>
    public static Expression<Func<TCount, bool>> ObservedBy<TCount>(DateOnly day) where TCount : IObservedPeopleCount
    {
        var quarter = Quarters.StartOf(day);
        return count => count.FirstQuarter <= quarter;
    }
}

/// <summary>A stored people count: the quarter its people were first observed in.</summary>
public interface IObservedPeopleCount
{
    DateOnly FirstQuarter { get; }
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
    private readonly Dictionary<(string PersonId, int Sign), ObservedPeopleKey> _people = [];

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

        var person = new ObservedPeopleKey(rating.BranchId ?? TallyKey.HeadOffice, Quarters.StartOf(rating.ObservedOn));
        if (!_people.TryGetValue((rating.PersonId, sign), out var counted) || person.FirstQuarter < counted.FirstQuarter)
        {
            _people[(rating.PersonId, sign)] = person;
        }
    }

    private static BehaviourPartial Plus(BehaviourPartial? a, BehaviourPartial b) =>
        a is null ? b : new BehaviourPartial(a.Observed + b.Observed, a.Established + b.Established);

    public IReadOnlyList<KeyValuePair<BehaviourKey, BehaviourPartial>> TodayCounts => _today.Where(t => t.Value != BehaviourPartial.Empty)
        .OrderBy(t => t.Key.BranchId)
        .ToList();

    /// <summary>Each person counted once per sign, under the branch of their ratings and their earliest rating's quarter.</summary>
    public IReadOnlyList<KeyValuePair<ObservedPeopleKey, int>> PeopleCounts => _people
        .GroupBy(p => p.Value, p => p.Key.Sign)
        .Select(g => KeyValuePair.Create(g.Key, g.Sum()))
        .Where(c => c.Value != 0)
        .OrderBy(c => c.Key.BranchId).ThenBy(c => c.Key.FirstQuarter)
        .ToList();

    public IReadOnlyList<KeyValuePair<BehaviourQuarterKey, BehaviourPartial>> QuarterCounts => _quarters.Where(q => q.Value != BehaviourPartial.Empty)
        .OrderBy(q => q.Key.RegionId).ThenBy(q => q.Key.CourseSlug, StringComparer.Ordinal).ThenBy(q => q.Key.BehaviourId, StringComparer.Ordinal)
        .ThenBy(q => q.Key.ObservedQuarter).ThenBy(q => q.Key.SupersededQuarter)
        .ToList();
}
