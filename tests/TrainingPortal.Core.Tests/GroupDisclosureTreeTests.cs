using System.Globalization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Organisation;

namespace TrainingPortal.Core.Tests;

public class GroupDisclosureTreeTests
{
    // East China (1) holds branch 10 itself and the area Shanghai (3), which holds branch 30; South China (2) holds branch 20.
    private static readonly RegionTree Bank = new(
    [
        new(1, null, "EC", "East China"),
        new(2, null, "SC", "South China"),
        new(3, 1, "EC-SH", "Shanghai"),
    ]);

    private static readonly (int, int)[] Branches = [(10, 1), (20, 2), (30, 3)];

    private static GroupDisclosure Decide(params (int Key, int Responses)[] responses) =>
        GroupDisclosure.Decide(Bank, Branches, responses.ToDictionary(r => r.Key, r => r.Responses), 5);

    [Fact]
    public void Which_of_two_equal_regions_is_held_back_is_the_same_in_every_language()
    {
        // Two regions of 5 beside 2 people of head office: one is held back, or the two shown would give the 2 away.
        // By name, 澳门 comes first in Chinese and last in English.
        var tree = new RegionTree([new(1, null, "SH", "上海"), new(2, null, "MO", "澳门")]);
        var people = new Dictionary<int, int> { [10] = 5, [20] = 5, [TallyKey.HeadOffice] = 2 };
        GroupDisclosure DecidedIn(string culture)
        {
            var reading = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                return GroupDisclosure.Decide(tree, [(10, 1), (20, 2)], people, 5);
            }
            finally
            {
                CultureInfo.CurrentCulture = reading;
            }
        }

        var chinese = DecidedIn("zh-Hans");
        var english = DecidedIn("en-GB");

        Assert.Single(chinese.Regions);
        Assert.Equal(chinese.Regions, english.Regions);
        Assert.Equal(chinese.Branches, english.Branches);
    }

    [Fact]
    public void A_region_is_judged_with_everything_below_it_so_its_own_branch_cannot_be_subtracted_from_it()
    {
        // East China shows 7 (6 in its own branch, 1 in Shanghai). Showing branch 10's 6 beside it would give away the one.
        var disclosure = Decide((10, 6), (30, 1), (20, 5));

        Assert.True(disclosure.Shows(1, null));
        Assert.True(disclosure.Shows(2, null));
        Assert.False(disclosure.Shows(null, 10));
        Assert.False(disclosure.Shows(3, null));
        Assert.False(disclosure.Shows(null, 30));
    }

    [Fact]
    public void A_small_region_beside_a_large_one_holds_the_large_one_back_so_the_bank_does_not_give_it_away()
    {
        var disclosure = Decide((10, 10), (30, 6), (20, 1));

        Assert.True(disclosure.Bank);
        Assert.Empty(disclosure.Regions);
        Assert.Empty(disclosure.Branches);
    }

    [Fact]
    public void Every_level_shows_when_each_part_and_each_rest_is_large_enough()
    {
        var disclosure = Decide((10, 6), (30, 5), (20, 5), (DashboardHeadOffice, 0));

        Assert.Equal(new HashSet<int> { 1, 2, 3 }, disclosure.Regions);
        Assert.Equal(new HashSet<int> { 10, 20, 30 }, disclosure.Branches);
    }

    [Fact]
    public void Head_office_responses_are_the_bank_rest()
    {
        // 3 at head office: showing both regions would give them away, so the smaller region is held back with its branches.
        var disclosure = Decide((10, 6), (30, 5), (20, 5), (DashboardHeadOffice, 3));

        Assert.True(disclosure.Shows(1, null));
        Assert.False(disclosure.Shows(2, null));
        Assert.False(disclosure.Shows(null, 20));
        Assert.True(disclosure.Shows(null, 30));
    }

    [Fact]
    public void A_region_made_only_of_areas_shows_its_own_figure()
    {
        var tree = new RegionTree([new(1, null, "EC", "East China"), new(3, 1, "EC-SH", "Shanghai"), new(4, 1, "EC-HZ", "Hangzhou")]);
        var disclosure = GroupDisclosure.Decide(tree, [(30, 3), (40, 4)], new Dictionary<int, int> { [30] = 5, [40] = 7 }, 5);

        Assert.Equal(new HashSet<int> { 1, 3, 4 }, disclosure.Regions);
        Assert.Equal(new HashSet<int> { 30, 40 }, disclosure.Branches);
    }

    private const int DashboardHeadOffice = TallyKey.HeadOffice;
}
