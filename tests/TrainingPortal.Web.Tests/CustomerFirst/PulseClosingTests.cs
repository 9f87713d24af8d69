using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>An answer that waits while its period closes: its own portal, since it moves the clock mid-write.</summary>
public class PulseClosingTests(PulseClosingTests.ClockJumpFactory factory) : IClassFixture<PulseClosingTests.ClockJumpFactory>
{
    /// <summary>The portal, with a command interceptor that moves the clock on once, as a pulse response is written.</summary>
    public sealed class ClockJumpFactory : PortalFactory
    {
        public ClockJump Jump { get; }

        public ClockJumpFactory() => Jump = new ClockJump(Clock);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(Jump)));
        }
    }

    /// <summary>
    /// Armed with a span, moves the clock on by it as a pulse response is written: the answer then waits that long
    /// before it is counted, as it would behind a bank-wide recount holding the counts' lock.
    /// </summary>
    public sealed class ClockJump(FakeTimeProvider clock) : DbCommandInterceptor
    {
        private TimeSpan? _armed;

        public void Arm(TimeSpan by) => _armed = by;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Move(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Move(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Move(DbCommand command)
        {
            if (_armed is { } by && command.CommandText.Contains("\"PulseResponses\"", StringComparison.Ordinal))
            {
                _armed = null;
                clock.Advance(by);
            }
        }
    }

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

        factory.Jump.Arm(TimeSpan.FromDays(1));
        var answered = await UseCase.RunAsync(services, (AnswerPulse u) =>
            u.ExecuteAsync(opened.Value, statements.ToDictionary(id => id, _ => (int?)4), Actors.Of(learner, Core.Staff.Roles.Employee), CancellationToken.None));

        Assert.Contains("not open", Assert.Single(answered.Refusals).Message, StringComparison.OrdinalIgnoreCase);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(services));
        Assert.Equivalent(tallies, TestData.Query(services, db => db.PulseTallies.AsNoTracking().ToList()));
    }
}
