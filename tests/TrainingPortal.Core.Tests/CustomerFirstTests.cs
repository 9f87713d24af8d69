using TrainingPortal.Core.CustomerFirst;

namespace TrainingPortal.Core.Tests;

public class CustomerFirstTests
{
    [Fact]
    public void The_index_is_the_weighted_mean_of_its_three_components()
    {
        var result = CultureIndex.Compute(new CultureComponents(80, 50, 60), CultureWeights.Default);

        Assert.Equal(0.4 * 80 + 0.3 * 50 + 0.3 * 60, result.Value);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Only_the_ratio_of_the_weights_matters()
    {
        var components = new CultureComponents(70, 40, 55);

        Assert.Equal(CultureIndex.Compute(components, new CultureWeights(4, 3, 3)).Value, CultureIndex.Compute(components, CultureWeights.Default).Value);
        Assert.Equal(70, CultureIndex.Compute(components, new CultureWeights(1, 0, 0)).Value);
    }

    [Fact]
    public void A_missing_component_means_no_index_and_says_which()
    {
        var result = CultureIndex.Compute(new CultureComponents(80, null, null), CultureWeights.Default);

        Assert.Null(result.Value);
        Assert.Equal([CultureComponent.Behaviour, CultureComponent.Pulse], result.Missing);
    }

    [Fact]
    public void A_component_weighted_zero_is_not_needed()
    {
        var result = CultureIndex.Compute(new CultureComponents(80, 40, null), new CultureWeights(50, 50, 0));

        Assert.Equal(60, result.Value);
    }

    [Theory]
    [InlineData(-1, 30, 30, "each weight must be 0 or more")]
    [InlineData(0, 0, 0, "at least one weight must be above 0")]
    [InlineData(900, 100, 100, "more than 1000")]
    public void Weights_that_cannot_be_used_are_refused_naming_the_setting(int adoption, int behaviour, int pulse, string expected)
    {
        var problem = new CultureWeights(adoption, behaviour, pulse).Problem();

        Assert.NotNull(problem);
        Assert.StartsWith("Culture:Weights", problem);
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(3.0, 50.0)]
    [InlineData(5.0, 100.0)]
    [InlineData(3.4, 60.0)]
    public void The_mean_pulse_score_maps_onto_0_to_100(double mean, double expected) =>
        Assert.Equal(expected, Pulse.ToPercent(mean));

    [Fact]
    public void A_group_of_four_is_not_shown_and_a_group_of_five_is()
    {
        var four = new PulsePartial(4, 4 * 7 * 4, 4 * 7);
        var five = new PulsePartial(5, 5 * 7 * 4, 5 * 7);

        Assert.False(Pulse.IsShown(four, 5));
        Assert.Null(Pulse.PercentShown(four, 5));
        Assert.True(Pulse.IsShown(five, 5));
        Assert.Equal(75, Pulse.PercentShown(five, 5));
    }

    [Fact]
    public void The_threshold_never_goes_below_five_whatever_is_asked()
    {
        Assert.False(Pulse.IsShown(new PulsePartial(4, 16, 4), minimumGroupSize: 2));
        Assert.False(Pulse.IsShown(new PulsePartial(9, 36, 9), minimumGroupSize: 10));
    }

    [Fact]
    public void Branches_too_small_to_show_still_count_in_their_region()
    {
        var branches = new[] { new PulsePartial(3, 30, 10), new PulsePartial(4, 20, 10) };

        var region = PulsePartial.Merge(branches);

        Assert.All(branches, b => Assert.False(Pulse.IsShown(b, 5)));
        Assert.Equal(7, region.Responses);
        Assert.Equal(2.5, region.MeanScore);
        Assert.True(Pulse.IsShown(region, 5));
    }

    [Fact]
    public void Behaviour_share_is_established_among_observed_and_merges_by_counts()
    {
        var merged = BehaviourPartial.Merge([new BehaviourPartial(10, 9), new BehaviourPartial(30, 3)]);

        Assert.Equal(30, merged.Percent);
        Assert.Null(BehaviourPartial.Empty.Percent);
        Assert.True(Observations.IsEstablished(BehaviourRating.Seen));
        Assert.False(Observations.IsEstablished(BehaviourRating.Partly));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(0, false)]
    [InlineData(6, false)]
    public void Scores_run_from_one_to_five(int score, bool valid) => Assert.Equal(valid, Pulse.IsScore(score));

    [Fact]
    public void A_period_is_open_from_its_first_day_to_its_last_both_included()
    {
        var opens = new DateOnly(2026, 12, 1);
        var closes = new DateOnly(2026, 12, 14);

        Assert.False(Pulse.IsOpen(opens, closes, opens.AddDays(-1)));
        Assert.True(Pulse.IsOpen(opens, closes, opens));
        Assert.True(Pulse.IsOpen(opens, closes, closes));
        Assert.False(Pulse.IsOpen(opens, closes, closes.AddDays(1)));
        Assert.True(Pulse.Overlap(opens, closes, closes, closes.AddDays(5)));
        Assert.False(Pulse.Overlap(opens, closes, closes.AddDays(1), closes.AddDays(5)));
    }

    [Fact]
    public void Notes_refuse_control_characters_and_length_but_keep_line_breaks()
    {
        Assert.True(Observations.IsAcceptableNote("Line one\r\nline two\tend"));
        Assert.False(Observations.IsAcceptableNote("bell\u0007"));
        Assert.False(Observations.IsAcceptableNote(new string('x', Observations.MaxNoteLength + 1)));
    }

    [Fact]
    public void Observations_are_dated_today_or_within_the_last_year_and_not_before_the_person_joined()
    {
        var today = new DateOnly(2026, 12, 2);
        var longServing = new DateOnly(2010, 3, 1);

        Assert.Null(Observations.DateProblem(today, today, longServing));
        Assert.Equal("future", Observations.DateProblem(today.AddDays(1), today, longServing));
        Assert.Null(Observations.DateProblem(today.AddYears(-1), today, longServing));
        Assert.Equal("too-old", Observations.DateProblem(today.AddYears(-1).AddDays(-1), today, longServing));
        var joinedLastWeek = today.AddDays(-7);
        Assert.Null(Observations.DateProblem(joinedLastWeek, today, joinedLastWeek));
        Assert.Equal("before-hire", Observations.DateProblem(joinedLastWeek.AddDays(-1), today, joinedLastWeek));
        // A correction may keep a day that has since passed a year; it may not move to one.
        var lastYear = today.AddYears(-1).AddDays(-10);
        Assert.Null(Observations.DateProblem(lastYear, today, longServing, datedBefore: lastYear));
        Assert.Equal("too-old", Observations.DateProblem(lastYear.AddDays(-1), today, longServing, datedBefore: lastYear));
        Assert.Equal("future", Observations.DateProblem(today.AddDays(1), today, longServing, datedBefore: today.AddDays(1)));
    }

    [Fact]
    public void Quarters_run_from_the_first_day_of_january_april_july_and_october()
    {
        var today = new DateOnly(2026, 12, 2);

        Assert.Equal(new DateOnly(2026, 10, 1), Quarters.StartOf(today));
        Assert.Equal(new DateOnly(2026, 12, 31), Quarters.EndOf(today));
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1)], Quarters.UpTo(today, 4));
        Assert.Equal("2026 Q4", Quarters.Label(new DateOnly(2026, 10, 1)));
    }
}

public class ObservationChainTests
{
    [Fact]
    public void Each_rating_is_superseded_by_the_next_by_date_then_by_record()
    {
        var next = Observations.SupersededOn([(7, new DateOnly(2026, 5, 1)), (3, new DateOnly(2026, 6, 1)), (9, new DateOnly(2026, 5, 1)), (4, new DateOnly(2026, 1, 1))]);

        Assert.Equal(new DateOnly(2026, 5, 1), next[4]);
        Assert.Equal(new DateOnly(2026, 5, 1), next[7]); // the same day, recorded later: 9 is the latest that day
        Assert.Equal(new DateOnly(2026, 6, 1), next[9]);
        Assert.Null(next[3]);
    }

    [Fact]
    public void The_latest_on_a_day_is_the_one_observed_by_then_and_not_yet_superseded()
    {
        var day = new DateOnly(2026, 5, 1);

        Assert.True(Observations.IsLatestOn(day, null, day));
        Assert.False(Observations.IsLatestOn(day.AddDays(1), null, day));
        Assert.True(Observations.IsLatestOn(day.AddDays(-3), day.AddDays(1), day));
        Assert.False(Observations.IsLatestOn(day.AddDays(-3), day, day));
    }
}

public class GroupDisclosureTests
{
    [Fact]
    public void Parts_large_enough_are_shown_when_what_they_leave_is_nothing_or_enough()
    {
        Assert.Equal([0, 1], Pulse.DisclosableParts(20, [10, 10], 5).Order());
        Assert.Equal([0, 1, 2], Pulse.DisclosableParts(26, [10, 10, 6], 5).Order());
    }

    [Fact]
    public void A_small_rest_holds_back_the_smallest_shown_part_too_so_it_cannot_be_worked_out()
    {
        // 12 in the group: 10 in one branch, 2 in another. Showing the first would give away the two by subtraction.
        Assert.Empty(Pulse.DisclosableParts(12, [10, 2], 5));
        // 3 left over beside three shown branches: the smallest (6) is held back, and 9 stay unshown together.
        Assert.Equal([0, 1], Pulse.DisclosableParts(29, [10, 10, 6, 3], 5).Order());
    }

    [Fact]
    public void Responses_outside_any_part_count_as_the_rest()
    {
        // The bank with 2 head-office responses and two regions of 10: showing both regions would give away head office.
        Assert.Equal([1], Pulse.DisclosableParts(24, [10, 12], 5).Order());
        Assert.Empty(Pulse.DisclosableParts(4, [4], 5));
    }
}
