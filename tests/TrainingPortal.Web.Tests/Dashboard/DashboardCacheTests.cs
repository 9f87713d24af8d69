using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Tests;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Tests.Dashboard;

public class DashboardCacheTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Requests_that_ask_for_a_board_being_computed_wait_for_that_computation_instead_of_starting_their_own()
    {
        var key = $"test:{Guid.NewGuid():N}";
        var computations = 0;
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Compute()
        {
            Interlocked.Increment(ref computations);
            return await release.Task;
        }

        var visitors = Enumerable.Range(0, 8).Select(_ => Cache().KeptAsync(key, Compute, CancellationToken.None)).ToList();
        Assert.All(visitors, v => Assert.False(v.IsCompleted));
        release.SetResult("figures");

        Assert.All(await Task.WhenAll(visitors), figures => Assert.Equal("figures", figures));
        Assert.Equal(1, computations);
        Assert.Equal("figures", await Cache().KeptAsync(key, () => Task.FromResult("recomputed"), CancellationToken.None));
    }

    [Fact]
    public async Task A_computation_abandoned_by_the_request_that_started_it_is_computed_again_by_the_one_still_waiting()
    {
        var key = $"test:{Guid.NewGuid():N}";
        using var leaving = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Cache().KeptAsync(key, async () =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, leaving.Token);
            return "never";
        }, leaving.Token);
        await started.Task;
        var second = Cache().KeptAsync(key, () => Task.FromResult("its own"), CancellationToken.None);

        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("its own", await second);
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept()
    {
        var key = $"test:{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<InvalidOperationException>(() => Cache().KeptAsync<string>(key, () => throw new InvalidOperationException("database gone"), CancellationToken.None));

        Assert.Equal("figures", await Cache().KeptAsync(key, () => Task.FromResult("figures"), CancellationToken.None));
    }

    private DashboardCache Cache() => factory.Services.CreateScope().ServiceProvider.GetRequiredService<DashboardCache>();
}
