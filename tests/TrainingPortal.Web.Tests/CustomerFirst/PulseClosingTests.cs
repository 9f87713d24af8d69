using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>An answer that waits while its period closes: a portal of its own, since it moves the clock mid-write.</summary>
public class PulseClosingTests(UseCaseFactory factory) : IClassFixture<UseCaseFactory>
{
    [Fact]
    public async Task An_answer_whose_period_closed_while_it_waited_to_be_counted_is_refused_and_nothing_is_kept()
    {
        var services = factory.Services;
        var hr = Actors.Hr(services);
        var today = services.GetRequiredService<BankCalendar>().DateOf(factory.Clock.GetUtcNow().UtcDateTime);
        var statements = services.GetRequiredService<ContentLibrary>().Base.PulseStatements.Take(3).Select(s => s.Id).ToList();
        var opened = await UseCase.RunAsync(services, (OpenPulsePeriod u) => u.ExecuteAsync(new PulsePeriodRequest("Closing today", today, today, statements), hr, CancellationToken.None));
        Assert.True(opened.Succeeded);
        var learner = await TestData.CreateLearnerAsync(services);
        var before = await DatabaseState.ReadAsync(services);
        var tallies = TestData.Query(services, db => db.PulseTallies.AsNoTracking().ToList());

        // The answer then waits a day before it is counted, as it would behind a bank-wide recount holding the counts' lock.
        factory.Hook.Arm("\"PulseResponses\"", () =>
        {
            factory.Clock.Advance(TimeSpan.FromDays(1));
            return Task.CompletedTask;
        });
        var answered = await UseCase.RunAsync(services, (AnswerPulse u) =>
            u.ExecuteAsync(opened.Value, statements.ToDictionary(id => id, _ => (int?)4), Actors.Of(learner, Core.Staff.Roles.Employee), CancellationToken.None));

        Assert.Contains("not open", Assert.Single(answered.Refusals).Message, StringComparison.OrdinalIgnoreCase);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(services));
        Assert.Equivalent(tallies, TestData.Query(services, db => db.PulseTallies.AsNoTracking().ToList()));
    }
}
