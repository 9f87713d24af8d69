using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Progress;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>The board's figures against their definitions, on the Development demo data.</summary>
public class CultureFiguresTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public async Task Adoption_from_certificate_history_today_is_the_dashboards_completion_figure(int? branchIndex)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>();
        var calendar = scope.ServiceProvider.GetRequiredService<BankCalendar>();
        var db = scope.ServiceProvider.GetRequiredService<Data.PortalDbContext>();
        var branchId = branchIndex is { } index ? Arrange.BranchId(factory.Services, index) : (int?)null;
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);

        var history = await query.AdoptionAtAsync(now, at.Today, null, branchId, CancellationToken.None);
        var partials = await DashboardQuery.CountsByBranchAsync(db, at, new CompletionFilter(BranchId: branchId), CancellationToken.None);

        Assert.NotNull(history);
        Assert.Equal(AdoptionPartial.Merge(partials.Values).Figures().CompletionPercent, history);
    }

    [Fact]
    public async Task The_bank_index_is_the_weighted_mean_of_the_components_the_board_shows()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>();

        var board = await query.BoardAsync(null, CancellationToken.None);

        var c = board.Scope.Components;
        Assert.NotNull(c.Adoption);
        Assert.NotNull(c.Behaviour);
        Assert.NotNull(c.Pulse); // the seed's closed period, answered by most staff
        Assert.Equal(Math.Round((40 * c.Adoption!.Value + 30 * c.Behaviour!.Value + 30 * c.Pulse!.Value) / 100, 1), board.Scope.Index.Value);
        Assert.Equal(CultureWeights.Default, query.Weights);
        Assert.Contains(board.Branches, b => b.Components.Pulse is null && b.PulseResponses is > 0 and < Pulse.SmallestGroupAllowed); // too few to show, still counted above
        Assert.Equal(board.Regions.Sum(r => r.PulseResponses), board.Branches.Sum(b => b.PulseResponses));
        Assert.Equal(4, board.Trend.Count);
        Assert.True(board.Trend[^1].ToDate);
        Assert.Equal(c with { Pulse = board.Trend[^1].Components.Pulse }, board.Trend[^1].Components);
    }

    [Fact]
    public async Task The_bank_lists_each_behaviour_its_counts_hold_today_least_established_first()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>();
        var today = scope.ServiceProvider.GetRequiredService<BankCalendar>().DateOf(factory.Clock.GetUtcNow().UtcDateTime);

        var board = await query.BoardAsync(null, CancellationToken.None);

        Assert.False(board.BehavioursHeldBack);
        Assert.NotEmpty(board.Behaviours);
        Assert.Equal(await query.BehaviourSharesAsync(today, null, null, CancellationToken.None), board.Behaviours);
    }
}
