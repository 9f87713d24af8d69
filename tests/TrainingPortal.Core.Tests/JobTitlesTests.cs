using TrainingPortal.Core.Staff;

namespace TrainingPortal.Core.Tests;

public class JobTitlesTests
{
    private static readonly string[] Known = ["Teller", "Senior Teller", "Relationship Manager", "Customer Service Officer", "Branch Manager"];

    private static UnknownJobTitle Single(string title) => Assert.Single(JobTitles.Unknown([(2, title)], Known));

    [Theory]
    [InlineData("Tellr", "Teller")]
    [InlineData("Relationship Manger", "Relationship Manager")]
    [InlineData("teler", "Teller")]
    [InlineData("Customer Servise Oficer", "Customer Service Officer")]
    public void A_misspelt_title_is_unknown_with_the_nearest_known_title_suggested(string title, string suggestion)
    {
        var unknown = Single(title);

        Assert.Equal((title, suggestion), (unknown.Title, unknown.Suggestion));
    }

    [Theory]
    [InlineData("Chief Astronaut")]
    [InlineData("柜员")]
    public void A_title_far_from_every_known_one_gets_no_suggestion(string title)
    {
        Assert.Null(Single(title).Suggestion);
    }

    [Theory]
    [InlineData("teller")]
    [InlineData("RELATIONSHIP MANAGER")]
    [InlineData("  Senior Teller ")]
    public void A_known_title_in_other_case_or_with_spaces_is_not_unknown(string title)
    {
        Assert.Empty(JobTitles.Unknown([(2, title)], Known));
    }

    [Fact]
    public void Each_unknown_title_is_listed_once_with_every_row_using_it_in_order_of_first_use()
    {
        var unknown = JobTitles.Unknown([(2, "Tellr"), (3, "Teller"), (4, "Chief Astronaut"), (5, "TELLR"), (6, "tellr ")], Known);

        Assert.Equal(new[] { "Tellr", "Chief Astronaut" }, unknown.Select(u => u.Title));
        Assert.Equal(new[] { 2, 5, 6 }, unknown[0].Rows);
        Assert.Equal(new[] { 4 }, unknown[1].Rows);
    }

    [Fact]
    public void Nothing_is_known_when_nobody_holds_a_title_and_then_nothing_is_suggested()
    {
        var unknown = Assert.Single(JobTitles.Unknown([(2, "Teller")], []));

        Assert.Null(unknown.Suggestion);
    }

    [Theory]
    [InlineData("Teller", "Teller", 0)]
    [InlineData("Teller", "TELLER", 0)]
    [InlineData("Tellr", "Teller", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void The_distance_counts_insertions_deletions_and_replacements_ignoring_case(string a, string b, int distance)
    {
        Assert.Equal(distance, JobTitles.Distance(a, b));
        Assert.Equal(distance, JobTitles.Distance(b, a));
    }
}
