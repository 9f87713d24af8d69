using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.UseCases;

public class SerializableWritesTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private async Task<(Outcome<string> Outcome, int Runs)> RunAsync(int losses)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var marker = $"serializable-{Guid.NewGuid():N}";
        var runs = 0;
        var outcome = await scope.ServiceProvider.GetRequiredService<SerializableWrites>().RunAsync("A test write", async () =>
        {
            runs++;
            db.AuditEntries.Add(new AuditEntry { AtUtc = DateTime.UtcNow, ActorName = "Test", Action = "test", TargetType = "Test", TargetId = marker, Summary = $"run {runs}" });
            await db.SaveChangesAsync();
            if (runs <= losses)
            {
                throw new DbUpdateException("lost to a concurrent transaction");
            }

            return Outcome<string>.Done(marker);
        }, CancellationToken.None);
        return (outcome, runs);
    }

    private List<string> Kept(string? marker) => TestData.Query(Services, db => db.AuditEntries.Where(a => a.TargetId == marker).Select(a => a.Summary).ToList());

    [Fact]
    public async Task A_write_that_loses_once_runs_again_and_only_the_second_runs_changes_are_kept()
    {
        var (outcome, runs) = await RunAsync(losses: 1);

        Assert.True(outcome.Succeeded);
        Assert.Equal(2, runs);
        Assert.Equal(["run 2"], Kept(outcome.Value));
    }

    [Fact]
    public async Task A_write_that_loses_twice_is_refused_and_keeps_nothing()
    {
        var before = TestData.Query(Services, db => db.AuditEntries.Count());
        var (outcome, runs) = await RunAsync(losses: 2);

        Assert.Equal(2, runs);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal("", refusal.Field);
        Assert.Equal(before, TestData.Query(Services, db => db.AuditEntries.Count()));
    }
}
