using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>The trend's pulse per quarter: the last period that closed in that quarter, and none in a quarter where none closed.</summary>
public class CultureTrendPulseTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task This_quarter_shows_the_latest_periods_pulse_while_it_closed_this_quarter_and_none_once_a_new_quarter_begins()
    {
        // The seed's one period closed a month before the test clock's start (2 November 2026): in this quarter.
        var before = await BoardAsync();
        Assert.NotNull(before.Scope.Components.Pulse);
        Assert.True(before.Trend[^1].ToDate);
        Assert.Equal(before.Scope.Components.Pulse, before.Trend[^1].Components.Pulse);
        Assert.All(before.Trend.SkipLast(1), point => Assert.Null(point.Components.Pulse));

        factory.Clock.Advance(new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero) - factory.Clock.GetUtcNow());
        var after = await BoardAsync();

        Assert.Equal(before.Scope.Components.Pulse, after.Scope.Components.Pulse); // still the latest closed period
        Assert.Equal(new DateOnly(2027, 1, 1), after.Trend[^1].QuarterStart);
        Assert.Null(after.Trend[^1].Components.Pulse);
        Assert.Equal(new DateOnly(2026, 10, 1), after.Trend[^2].QuarterStart);
        Assert.False(after.Trend[^2].ToDate);
        Assert.Equal(before.Scope.Components.Pulse, after.Trend[^2].Components.Pulse);
    }

    private async Task<CultureBoard> BoardAsync()
    {
        ((MemoryCache)factory.Services.GetRequiredService<IMemoryCache>()).Clear(); // boards are kept a minute of real time
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>().BoardAsync(null, CancellationToken.None);
    }
}
