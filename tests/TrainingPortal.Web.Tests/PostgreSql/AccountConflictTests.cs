using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.PostgreSql;

/// <summary>
/// HR's account writes racing the person's own sign-ins, on a server that lets the two overlap (SQLite's writer lock
/// makes the sign-in wait for HR's transaction instead): the loser is made again on the fresh account, not a 500.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class AccountConflictTests(PostgreSqlPortalFactory factory) : IClassFixture<PostgreSqlPortalFactory>
{
    /// <summary>Right after <paramref name="db"/> reads the person's account, they mistype their password elsewhere: Identity writes the account.</summary>
    private Func<bool> MistypeOnRead(PortalDbContext db, string userId)
    {
        var interrupted = false;
        db.ChangeTracker.Tracked += (_, e) =>
        {
            if (!interrupted && e.Entry.Entity is PortalUser { } read && read.Id == userId)
            {
                interrupted = true;
                using var elsewhere = factory.Services.CreateScope();
                var users = elsewhere.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                Assert.True(users.AccessFailedAsync(users.FindByIdAsync(userId).GetAwaiter().GetResult()!).GetAwaiter().GetResult().Succeeded);
            }
        };
        return () => interrupted;
    }

    private PortalUser Fresh(string userId) => TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == userId));

    [Fact]
    public async Task A_change_of_job_title_that_loses_to_a_sign_in_is_made_again()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Retitled Person");
        await using var scope = factory.Services.CreateAsyncScope();
        var interrupted = MistypeOnRead(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), person.Id);

        var outcome = await scope.ServiceProvider.GetRequiredService<ChangeAccount>().ExecuteAsync(
            new AccountChange(person.Id, person.DisplayName, person.BranchId, "Relationship Manager", Roles.Employee), Actor.Console, CancellationToken.None);

        Assert.True(interrupted());
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
        Assert.Equal(("Relationship Manager", 1), (Fresh(person.Id).JobTitle, Fresh(person.Id).AccessFailedCount));
    }

    [Fact]
    public async Task Disabling_an_account_that_loses_to_a_sign_in_is_done_again()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Leaving Person");
        await using var scope = factory.Services.CreateAsyncScope();
        var interrupted = MistypeOnRead(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), person.Id);

        var outcome = await scope.ServiceProvider.GetRequiredService<SetAccountActive>().ExecuteAsync(person.Id, active: false, Actor.Console, CancellationToken.None);

        Assert.True(interrupted());
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
        Assert.Equal((false, 1), (Fresh(person.Id).IsActive, Fresh(person.Id).AccessFailedCount));
    }
}
