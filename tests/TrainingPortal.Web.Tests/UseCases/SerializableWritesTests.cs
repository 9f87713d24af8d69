using Microsoft.Data.Sqlite;
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
                throw new DbUpdateException("An error occurred while saving the entity changes.", new SqliteException("SQLite Error 5: 'database is locked'.", 5));
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

    [Fact]
    public async Task A_write_that_fails_for_any_other_reason_is_not_run_again()
    {
        await using var scope = Services.CreateAsyncScope();
        var runs = 0;

        await Assert.ThrowsAsync<DbUpdateException>(() => scope.ServiceProvider.GetRequiredService<SerializableWrites>().RunAsync<string>("A test write", () =>
        {
            runs++;
            throw new DbUpdateException("An error occurred while saving the entity changes.", new InvalidOperationException("disk full"));
        }, CancellationToken.None));
        Assert.Equal(1, runs);
    }

    [Theory]
    [InlineData("sqlite busy", true)]
    [InlineData("sqlite unique", true)]
    [InlineData("sqlite foreign key", false)]
    [InlineData("postgresql serialization failure", true)]
    [InlineData("postgresql deadlock", true)]
    [InlineData("postgresql unique violation", true)]
    [InlineData("postgresql disk full", false)]
    [InlineData("not a database error", false)]
    public void Only_a_write_that_lost_to_a_concurrent_one_counts_as_a_conflict(string error, bool conflict)
    {
        Exception inner = error switch
        {
            "sqlite busy" => new SqliteException("database is locked", 5),
            "sqlite unique" => new SqliteException("UNIQUE constraint failed", 19, 2067),
            "sqlite foreign key" => new SqliteException("FOREIGN KEY constraint failed", 19, 787),
            "postgresql serialization failure" => new Npgsql.PostgresException("could not serialize access", "ERROR", "ERROR", "40001"),
            "postgresql deadlock" => new Npgsql.PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"),
            "postgresql unique violation" => new Npgsql.PostgresException("duplicate key value", "ERROR", "ERROR", "23505"),
            "postgresql disk full" => new Npgsql.PostgresException("could not extend file", "ERROR", "ERROR", "53100"),
            _ => new InvalidOperationException("a bug"),
        };

        Assert.Equal(conflict, WriteConflicts.LostToConcurrentWrite(new DbUpdateException("An error occurred while saving the entity changes.", inner)));
    }

    [Fact]
    public void A_row_written_since_it_was_read_counts_as_a_conflict() =>
        Assert.True(WriteConflicts.LostToConcurrentWrite(new DbUpdateConcurrencyException("The database operation was expected to affect 1 row(s), but actually affected 0 row(s).")));
}
