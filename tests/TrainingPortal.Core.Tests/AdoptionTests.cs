using TrainingPortal.Core.Progress;

namespace TrainingPortal.Core.Tests;

public class AdoptionTests
{
    private static AdoptionPartial Branch(int staff, int assigned, int completed, int overdue = 0, int expired = 0, params (int Days, int Count)[] days) =>
        new(staff, Math.Min(staff, assigned), assigned, completed, overdue, expired, completed * 85, completed, days.ToDictionary(d => d.Days, d => d.Count));

    [Fact]
    public void Completion_percent_is_completed_over_assigned_to_one_decimal()
    {
        Assert.Equal(33.3, Adoption.Percent(1, 3));
        Assert.Equal(100, Adoption.Percent(4, 4));
        Assert.Null(Adoption.Percent(0, 0));
    }

    [Fact]
    public void A_branch_with_no_required_training_has_no_percentages_rather_than_zero()
    {
        var figures = Branch(staff: 12, assigned: 0, completed: 0).Figures();

        Assert.Equal(12, figures.Staff);
        Assert.Null(figures.CompletionPercent);
        Assert.Null(figures.MedianDaysToComplete);
        Assert.Null(figures.AverageBestScore);
        Assert.Null(Adoption.BandOf(figures.CompletionPercent));
    }

    [Fact]
    public void The_completion_of_groups_together_is_that_of_their_merge()
    {
        var random = new Random(17);
        for (var round = 0; round < 200; round++)
        {
            var parts = Enumerable.Range(0, random.Next(0, 6)).Select(_ =>
            {
                var assigned = random.Next(0, 40);
                return Branch(staff: 50, assigned, completed: random.Next(0, assigned + 1), days: (random.Next(1, 90), 1));
            }).ToList();

            Assert.Equal(AdoptionPartial.Merge(parts).Figures().CompletionPercent, AdoptionPartial.CompletionPercent(parts));
        }
    }

    [Fact]
    public void An_empty_branch_has_zero_staff_and_no_figures()
    {
        var figures = AdoptionPartial.Empty.Figures();

        Assert.Equal(0, figures.Staff);
        Assert.Null(figures.ValidCertificatesPercent);
    }

    [Theory]
    [InlineData(new[] { 5 }, new[] { 1 }, 5)]
    [InlineData(new[] { 1, 9 }, new[] { 1, 1 }, 5)]
    [InlineData(new[] { 1, 2, 30 }, new[] { 2, 1, 1 }, 1.5)]
    [InlineData(new[] { 0, 10 }, new[] { 3, 1 }, 0)]
    public void The_median_comes_from_the_histogram(int[] days, int[] counts, double expected)
    {
        var histogram = days.Zip(counts).ToDictionary(x => x.First, x => x.Second);

        Assert.Equal(expected, Adoption.Median(histogram));
    }

    [Fact]
    public void Merging_branches_adds_counts_and_merges_histograms_for_the_regional_median()
    {
        var merged = AdoptionPartial.Merge([Branch(10, 20, 10, overdue: 2, days: [(3, 5), (10, 5)]), Branch(5, 10, 2, days: [(30, 2)])]);
        var figures = merged.Figures();

        Assert.Equal(15, figures.Staff);
        Assert.Equal(30, figures.Assigned);
        Assert.Equal(40, figures.CompletionPercent);
        Assert.Equal(2, figures.Overdue);
        Assert.Equal(10, figures.MedianDaysToComplete); // 3,3,3,3,3,10,10,10,10,10,30,30
        Assert.Equal(85, figures.AverageBestScore);
    }

    [Fact]
    public void Valid_certificates_percent_counts_lapsed_ones_against()
    {
        Assert.Equal(75, Branch(4, 10, completed: 3, expired: 1).Figures().ValidCertificatesPercent);
    }

    [Fact]
    public void Branches_fall_into_completion_bands_with_the_top_band_including_100()
    {
        Assert.Equal([1, 0, 1, 1, 2], Adoption.BandCounts([0, 59.9, 60, 80, 100, null]));
    }
}
