using System.Globalization;
using TrainingPortal.Core.Organisation;

namespace TrainingPortal.Core.Tests.Organisation;

public class RegionTreeTests
{
    // East China holds two areas, Shanghai holds a district; South China has no areas.
    private static readonly RegionTree Bank = new(
    [
        new(1, null, "EC", "East China"),
        new(2, null, "SC", "South China"),
        new(3, 1, "EC-SH", "Shanghai"),
        new(4, 1, "EC-HZ", "Hangzhou"),
        new(5, 3, "EC-SH-PD", "Pudong"),
    ]);

    [Fact]
    public void A_region_counts_everything_below_it_at_any_depth()
    {
        Assert.Equal(new HashSet<int> { 1, 3, 4, 5 }, Bank.WithDescendants(1));
        Assert.Equal(new HashSet<int> { 3, 5 }, Bank.WithDescendants(3));
        Assert.Equal(new HashSet<int> { 2 }, Bank.WithDescendants(2));
    }

    [Fact]
    public void Children_are_listed_by_name_and_the_top_level_has_no_parent()
    {
        Assert.Equal(["East China", "South China"], Bank.ChildrenOf(null).Select(r => r.Name));
        Assert.Equal(["Hangzhou", "Shanghai"], Bank.ChildrenOf(1).Select(r => r.Name));
        Assert.Empty(Bank.ChildrenOf(2));
    }

    [Theory]
    [InlineData("en-GB", "上海 北京 澳门")] // by code point, as the root collation orders these
    [InlineData("zh-Hans", "澳门 北京 上海")] // by pinyin: ào, běi, shàng
    [InlineData("zh-Hant", "上海 北京 澳门")] // by stroke count: 上 has three, 北 five, 澳 sixteen
    public void Names_are_ordered_in_the_readers_language_whatever_language_they_were_laid_out_in(string culture, string expected)
    {
        var tree = new RegionTree([new(1, null, "MO", "澳门"), new(2, null, "SH", "上海"), new(3, null, "BJ", "北京")]);
        (string Name, int? Region)[] laidOut = [("上海", 2), ("澳门", 1), ("北京", 3)];
        var reading = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(expected, string.Join(" ", RegionTree.InNameOrder(laidOut, line => line.Name, line => line.Region).Select(line => line.Name)));
            Assert.Equal(expected, string.Join(" ", tree.ChildrenOf(null).Select(r => r.Name))); // the tree was made in another culture
        }
        finally
        {
            CultureInfo.CurrentCulture = reading;
        }
    }

    [Fact]
    public void Lines_of_the_same_name_keep_the_order_of_their_ids()
    {
        (string Name, int? Region)[] lines = [("Central", 4), ("Central", 3), ("Central", null)];

        Assert.Equal([null, 3, 4], RegionTree.InNameOrder(lines, line => line.Name, line => line.Region).Select(line => line.Region));
    }

    [Fact]
    public void A_branch_of_a_deep_region_rolls_up_into_the_line_directly_under_the_scope()
    {
        Assert.Equal("East China", Bank.ChildOfScopeHolding(null, 5)!.Name);
        Assert.Equal("Shanghai", Bank.ChildOfScopeHolding(1, 5)!.Name);
        Assert.Equal("Pudong", Bank.ChildOfScopeHolding(3, 5)!.Name);
        Assert.Null(Bank.ChildOfScopeHolding(2, 5)); // outside the scope
        Assert.Null(Bank.ChildOfScopeHolding(1, 1)); // the scope itself
    }

    [Fact]
    public void A_rollup_has_a_line_for_each_region_under_the_scope_holding_everything_below_it()
    {
        // Branches as (code, region): one in Pudong (three levels down), one in Hangzhou, one held by East China itself, one in South China.
        (string Code, int Region)[] branches = [("PD1", 5), ("HZ1", 4), ("EC1", 1), ("SC1", 2)];

        Assert.Equal([("East China", "PD1 HZ1 EC1"), ("South China", "SC1")], Lines(null));
        Assert.Equal([("Hangzhou", "HZ1"), ("Shanghai", "PD1")], Lines(1)); // East China's own branch is in no line under it
        Assert.Equal([("Pudong", "PD1")], Lines(3));
        Assert.Empty(Lines(2)); // a region with no areas has no lines

        List<(string, string)> Lines(int? scope) =>
            Bank.RollUp(scope, branches, b => b.Region).Select(line => (line.Region.Name, string.Join(" ", line.Items.Select(b => b.Code)))).ToList();
    }

    [Fact]
    public void The_path_runs_from_the_top_down_and_depth_first_puts_parents_before_children()
    {
        Assert.Equal(["East China", "Shanghai", "Pudong"], Bank.PathTo(5).Select(r => r.Name));
        Assert.Equal([("East China", 0), ("Hangzhou", 1), ("Shanghai", 1), ("Pudong", 2), ("South China", 0)],
            Bank.DepthFirst().Select(x => (x.Region.Name, x.Depth)));
    }

    [Fact]
    public void A_loop_or_a_missing_parent_is_refused()
    {
        Assert.Contains("own ancestor", Assert.Throws<InvalidOperationException>(() => new RegionTree([new(1, 2, "A", "A"), new(2, 1, "B", "B")])).Message);
        Assert.Contains("does not exist", Assert.Throws<InvalidOperationException>(() => new RegionTree([new(1, 9, "A", "A")])).Message);
    }
}
