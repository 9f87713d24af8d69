using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.CustomerFirst;

namespace TrainingPortal.Core.Tests;

public class BehaviourTallyTests
{
    private sealed record Count(DateOnly ObservedQuarter, DateOnly SupersededQuarter) : IBehaviourQuarterCount;

    private static readonly DateOnly Today = new(2026, 12, 3);

    private sealed record People(DateOnly FirstQuarter) : IObservedPeopleCount;

    private static CountedRating Rating(DateOnly observedOn, DateOnly? supersededOn, BehaviourRating rating = BehaviourRating.Seen, int? branch = 7, int? region = 2, string person = "p1", string behaviour = "greets") =>
        new(person, branch, region, "serving-customers", behaviour, rating, observedOn, supersededOn);

    /// <summary>Random ratings around quarter boundaries: the counts' rule agrees with the per-rating rule on every quarter's end and today.</summary>
    [Fact]
    public void The_quarter_counts_hold_a_rating_exactly_on_the_quarter_ends_and_today_it_is_the_latest()
    {
        var random = new Random(42);
        var quarterEnds = Enumerable.Range(0, 6).Select(i => Quarters.EndOf(Today.AddMonths(-3 * i))).Where(e => e < Today).ToList();
        var days = quarterEnds.SelectMany(e => new[] { e.AddDays(-1), e, e.AddDays(1) }).Append(Today).ToList();
        var latestOn = quarterEnds.Append(Today).ToDictionary(d => d, d => BehaviourQuarterKey.LatestOn<Count>(d).Compile());
        for (var i = 0; i < 5_000; i++)
        {
            var observed = days[random.Next(days.Count)].AddDays(-random.Next(0, 3));
            observed = observed > Today ? Today : observed;
            DateOnly? superseded = random.NextDouble() < 0.3 ? null : observed.AddDays(random.Next(0, 200));
            superseded = superseded > Today ? null : superseded;
            var rating = Rating(observed, superseded);
            var key = BehaviourQuarterKey.Of(rating);
            foreach (var (day, counts) in latestOn)
            {
                var counted = key is not null && counts(new Count(key.ObservedQuarter, key.SupersededQuarter));
                Assert.True(Observations.IsLatestOn(observed, superseded, day) == counted, $"observed {observed}, superseded {superseded}, as of {day}");
            }
        }
    }

    [Fact]
    public void The_counts_answer_for_quarter_ends_and_today_only()
    {
        Assert.True(BehaviourQuarterKey.IsExactOn(new DateOnly(2026, 9, 30), Today));
        Assert.True(BehaviourQuarterKey.IsExactOn(Today, Today));
        Assert.False(BehaviourQuarterKey.IsExactOn(new DateOnly(2026, 11, 30), Today));
        Assert.False(BehaviourQuarterKey.IsExactOn(new DateOnly(2026, 10, 1), Today));
    }

    [Fact]
    public void Today_counts_only_the_latest_ratings_in_the_branch_and_head_office_under_zero()
    {
        Assert.Equal(new BehaviourKey(7), BehaviourKey.Of(Rating(Today.AddDays(-5), null)));
        Assert.Null(BehaviourKey.Of(Rating(Today.AddDays(-5), Today.AddDays(-1))));
        Assert.Equal(TallyKey.HeadOffice, BehaviourKey.Of(Rating(Today, null, branch: null, region: null))!.BranchId);
        Assert.Equal(TallyKey.HeadOffice, BehaviourQuarterKey.Of(Rating(Today, null, branch: null, region: null))!.RegionId);
    }

    [Fact]
    public void A_rating_replaced_within_its_own_quarter_is_in_no_quarter_count()
    {
        Assert.Null(BehaviourQuarterKey.Of(Rating(new DateOnly(2026, 7, 2), new DateOnly(2026, 9, 30))));
        Assert.Equal(new DateOnly(2026, 10, 1), BehaviourQuarterKey.Of(Rating(new DateOnly(2026, 7, 2), new DateOnly(2026, 10, 1)))!.SupersededQuarter);
        Assert.Equal(Quarters.Never, BehaviourQuarterKey.Of(Rating(new DateOnly(2026, 7, 2), null))!.SupersededQuarter);
    }

    [Fact]
    public void Changes_add_up_per_key_and_a_change_undone_leaves_nothing_to_write()
    {
        var changes = new BehaviourTallyChanges();
        changes.Add(Rating(Today.AddDays(-3), null), +1);
        changes.Add(Rating(Today.AddDays(-40), null, BehaviourRating.Partly), +1);
        changes.Add(Rating(Today.AddDays(-100), new DateOnly(2026, 10, 5)), +1);

        Assert.Equal(new BehaviourPartial(2, 1), Assert.Single(changes.TodayCounts).Value);
        Assert.Equal(3, changes.QuarterCounts.Sum(q => q.Value.Observed));

        changes.Add(Rating(Today.AddDays(-3), null), -1);
        changes.Add(Rating(Today.AddDays(-40), null, BehaviourRating.Partly), -1);
        changes.Add(Rating(Today.AddDays(-100), new DateOnly(2026, 10, 5)), -1);

        Assert.Empty(changes.TodayCounts);
        Assert.Empty(changes.QuarterCounts);
    }

    [Fact]
    public void A_person_counts_once_in_the_quarter_of_their_first_rating_and_a_move_moves_them()
    {
        var changes = new BehaviourTallyChanges();
        changes.Add(Rating(new DateOnly(2026, 8, 30), new DateOnly(2026, 11, 2)), +1);
        changes.Add(Rating(new DateOnly(2026, 11, 2), null), +1);
        changes.Add(Rating(new DateOnly(2026, 10, 1), null, behaviour: "listens"), +1);
        changes.Add(Rating(new DateOnly(2026, 11, 20), null, person: "p2"), +1);

        Assert.Equal(
            [KeyValuePair.Create(new ObservedPeopleKey(7, new DateOnly(2026, 7, 1)), 1), KeyValuePair.Create(new ObservedPeopleKey(7, new DateOnly(2026, 10, 1)), 1)],
            changes.PeopleCounts);

        // The same person counted out of branch 7 and into branch 9, as a move does: one person leaves 7, one arrives in 9.
        var move = new BehaviourTallyChanges();
        move.Add(Rating(new DateOnly(2026, 8, 30), null), -1);
        move.Add(Rating(new DateOnly(2026, 10, 1), null, behaviour: "listens"), -1);
        move.Add(Rating(new DateOnly(2026, 8, 30), null, branch: 9), +1);
        move.Add(Rating(new DateOnly(2026, 10, 1), null, branch: 9, behaviour: "listens"), +1);

        Assert.Equal(
            [KeyValuePair.Create(new ObservedPeopleKey(7, new DateOnly(2026, 7, 1)), -1), KeyValuePair.Create(new ObservedPeopleKey(9, new DateOnly(2026, 7, 1)), 1)],
            move.PeopleCounts);
    }

    /// <summary>Random histories: the people the counts hold by a quarter's end or today are those with a latest rating of something on that day.</summary>
    [Fact]
    public void The_people_counts_hold_exactly_the_people_with_a_latest_rating_on_the_quarter_ends_and_today()
    {
        var random = new Random(7);
        var days = Enumerable.Range(0, 6).Select(i => Quarters.EndOf(Today.AddMonths(-3 * i))).Where(e => e < Today).Append(Today).ToList();
        var observedBy = days.ToDictionary(d => d, d => ObservedPeopleKey.ObservedBy<People>(d).Compile());
        for (var person = 0; person < 500; person++)
        {
            // Each behaviour's ratings in date order, each superseded by the next, as the stored SupersededOn says.
            var ratings = new List<CountedRating>();
            foreach (var behaviour in new[] { "greets", "listens" }.Where(_ => random.NextDouble() < 0.7))
            {
                var dates = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Today.AddDays(-random.Next(0, 500))).Order().ToList();
                ratings.AddRange(dates.Select((on, i) => Rating(on, i + 1 < dates.Count ? dates[i + 1] : null, person: $"p{person}", behaviour: behaviour)));
            }

            var changes = new BehaviourTallyChanges();
            ratings.ForEach(r => changes.Add(r, +1));
            foreach (var (day, holds) in observedBy)
            {
                var counted = changes.PeopleCounts.Where(c => holds(new People(c.Key.FirstQuarter))).Sum(c => c.Value);
                var latest = ratings.Any(r => Observations.IsLatestOn(r.ObservedOn, r.SupersededOn, day));
                Assert.True((latest ? 1 : 0) == counted, $"person {person} as of {day}");
            }
        }
    }
}
