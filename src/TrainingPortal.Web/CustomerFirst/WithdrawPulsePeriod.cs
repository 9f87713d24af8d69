using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>
/// HR withdraws a pulse period nobody has answered yet: one opened by mistake, with the wrong dates or statements.
/// Once someone has answered, the answers cannot be told apart or given back, so the period runs to its last day; once
/// it has closed, it stays (<see cref="Pulse.CanWithdraw"/>).
/// </summary>
public sealed class WithdrawPulsePeriod(PortalDbContext db, AuditLog audit, SerializableWrites writes, TimeProvider time, BankCalendar calendar, IStringLocalizer<Shared> text)
{
    /// <returns>The withdrawn period's title.</returns>
    public async Task<Outcome<string>> ExecuteAsync(int periodId, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining || actor == Actor.Console)
        {
            return Outcome<string>.Denied();
        }

        return await writes.RunAsync("Withdrawing a pulse period", async () =>
        {
            var period = await db.PulsePeriods.AsNoTracking().SingleOrDefaultAsync(p => p.Id == periodId, cancellationToken);
            if (period is null)
            {
                return Outcome<string>.Missing();
            }

            var answered = await AnsweredAsync();
            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            if (!Pulse.CanWithdraw(period.ClosesOn, answered, today))
            {
                return Outcome<string>.Refused("", Pulse.IsOver(period.ClosesOn, today) ? text["Refusal.Pulse.Closed"] : text["Refusal.Pulse.Answered", answered]);
            }

            try
            {
                // Only while still unanswered: an answer that went in since the count keeps the period.
                if (await db.PulsePeriods.Where(p => p.Id == periodId && !db.PulseResponses.Any(r => r.PeriodId == periodId) && !db.PulseParticipations.Any(a => a.PeriodId == periodId))
                        .ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    return Outcome<string>.Refused("", text["Refusal.Pulse.Answered", await AnsweredAsync()]);
                }
            }
            catch (Exception ex) when (WriteConflicts.StillReferenced(ex))
            {
                // An answer committed since this transaction's snapshot, which cannot see it; PostgreSQL has also ended the
                // transaction. Lost to a concurrent write: the retry reads afresh and finds the period answered.
                throw new DbUpdateConcurrencyException("An answer went in while the pulse was being withdrawn.", ex);
            }

            audit.Record(actor, AuditActions.PulseWithdrawn, AuditTargets.PulsePeriod, periodId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Withdrew the pulse '{period.Title}' ({period.OpensOn:yyyy-MM-dd} to {period.ClosesOn:yyyy-MM-dd}) before anyone answered it",
                before: new { period.Title, period.OpensOn, period.ClosesOn, Statements = period.StatementIds });
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<string>.Done(period.Title);
        }, cancellationToken);

        // The responses, not the people who answered: a leaver's participation goes with their account, their answer stays.
        Task<int> AnsweredAsync() => db.PulseResponses.CountAsync(r => r.PeriodId == periodId, cancellationToken);
    }
}
