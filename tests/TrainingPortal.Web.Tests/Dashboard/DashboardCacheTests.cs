using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
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
        async Task<string> Compute(PortalDbContext db, CancellationToken stop)
        {
            Interlocked.Increment(ref computations);
            return await release.Task;
        }

        var visitors = Enumerable.Range(0, 8).Select(_ => KeptAsync(key, Compute, CancellationToken.None)).ToList();
        Assert.All(visitors, v => Assert.False(v.IsCompleted));
        release.SetResult("figures");

        Assert.All(await Task.WhenAll(visitors), figures => Assert.Equal("figures", figures));
        Assert.Equal(1, computations);
        Assert.Equal("figures", await KeptAsync(key, (_, _) => Task.FromResult("recomputed"), CancellationToken.None));
    }

    [Fact]
    public async Task A_visitor_who_leaves_stops_waiting_and_the_computation_goes_on_for_those_still_waiting()
    {
        var key = $"test:{Guid.NewGuid():N}";
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationToken given = default;
        using var leaving = new CancellationTokenSource();
        var first = KeptAsync(key, (_, stop) =>
        {
            given = stop;
            return release.Task;
        }, leaving.Token);
        var second = KeptAsync(key, (_, _) => Task.FromResult("its own"), CancellationToken.None);

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult("figures");

        Assert.Equal("figures", await second);
        Assert.False(given.CanBeCanceled, "the computation belongs to no visitor");
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept()
    {
        var key = $"test:{Guid.NewGuid():N}";
        await Assert.ThrowsAsync<InvalidOperationException>(() => KeptAsync<string>(key, (_, _) => throw new InvalidOperationException("database gone"), CancellationToken.None));

        Assert.Equal("figures", await KeptAsync(key, (_, _) => Task.FromResult("figures"), CancellationToken.None));
    }

    private async Task<T> KeptAsync<T>(string key, Func<PortalDbContext, CancellationToken, Task<T>> compute, CancellationToken cancellationToken) where T : class
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardCache>().KeptAsync(key, compute, cancellationToken);
    }
}
