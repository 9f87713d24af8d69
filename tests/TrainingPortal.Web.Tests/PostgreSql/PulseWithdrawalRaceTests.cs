using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.PostgreSql;

/// <summary>
/// An answer that goes in while HR withdraws the same pulse, on a server where the two overlap (SQLite's single writer
/// makes them take turns): PostgreSQL fails the withdrawal's delete and aborts its transaction, so the withdrawal must be
/// tried again, where it sees the answer, rather than ask anything more of the aborted transaction.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PulseWithdrawalRaceTests(PostgreSqlUseCaseFactory factory) : IClassFixture<PostgreSqlUseCaseFactory>
{
    [Fact]
    public async Task An_answer_that_goes_in_while_hr_withdraws_the_pulse_keeps_it_and_hr_is_told_it_was_answered()
    {
        var services = factory.Services;
        var statements = services.GetRequiredService<CourseCatalog>().PulseStatements.Select(s => s.Id).ToList();
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var opened = await UseCase.RunAsync(services, (OpenPulsePeriod u) =>
            u.ExecuteAsync(new PulsePeriodRequest("Answered while withdrawn", today, today.AddDays(7), statements), Actors.Hr(services), CancellationToken.None));
        Assert.True(opened.Succeeded, string.Join(", ", opened.Refusals.Select(r => r.Message)));
        var employee = Actors.Of(await TestData.CreateLearnerAsync(services, "Quick Answerer"), Roles.Employee);

        // The withdrawal has counted no answers; the answer goes in and commits before the withdrawal deletes.
        Outcome<bool>? answer = null;
        factory.Hook.Arm("FROM \"PulseResponses\"", async () => answer = await UseCase.RunAsync(services, (AnswerPulse u) =>
            u.ExecuteAsync(opened.Value, statements.ToDictionary(id => id, _ => (int?)4), employee, CancellationToken.None)));
        var withdrawal = await UseCase.RunAsync(services, (WithdrawPulsePeriod u) => u.ExecuteAsync(opened.Value, Actors.Hr(services), CancellationToken.None));

        Assert.True(answer!.Succeeded, string.Join(", ", answer.Refusals.Select(r => r.Message)));
        Assert.Contains("answered (1 so far)", Assert.Single(withdrawal.Refusals).Message);
        Assert.True(TestData.Query(services, db => db.PulsePeriods.Any(p => p.Id == opened.Value)));
    }
}
