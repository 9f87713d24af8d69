using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>
/// An employee answers the open pulse, once. The response is stored with their branch only, not even the day; that
/// they have answered is stored apart, with nothing that joins the two. Not audited: an audit entry would name the person and the
/// time, which is exactly what the pulse promises not to keep.
/// </summary>
public sealed class AnswerPulse(PortalDbContext db, PulseTallies tallies, TimeProvider time, BankCalendar calendar, IStringLocalizer<Shared> text)
{
    /// <param name="scores">Statement id to score, 1–5; every statement of the period must be answered.</param>
    public async Task<Outcome<bool>> ExecuteAsync(int periodId, IReadOnlyDictionary<string, int?> scores, Actor actor, CancellationToken cancellationToken)
    {
        var person = await db.Users.Where(u => u.Id == actor.UserId && u.IsActive).Select(u => new { u.Id, u.BranchId }).SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return Outcome<bool>.Denied();
        }

        var period = await db.PulsePeriods.SingleOrDefaultAsync(p => p.Id == periodId, cancellationToken);
        if (period is null)
        {
            return Outcome<bool>.Missing();
        }

        var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        if (!Pulse.IsOpen(period.OpensOn, period.ClosesOn, today))
        {
            return Outcome<bool>.Refused("", text["Refusal.Pulse.NotOpen"]);
        }

        var ordered = new List<int>();
        foreach (var statementId in period.StatementIds)
        {
            if (scores.GetValueOrDefault(statementId) is not { } score || !Pulse.IsScore(score))
            {
                return Outcome<bool>.Refused("", text["Refusal.Pulse.AnswerEvery"]);
            }

            ordered.Add(score);
        }

        if (await db.PulseParticipations.AnyAsync(p => p.PeriodId == period.Id && p.UserId == person.Id, cancellationToken))
        {
            return Outcome<bool>.Refused("", text["Refusal.Pulse.AlreadyAnswered"]);
        }

        var response = new PulseResponse { Id = RandomId(), PeriodId = period.Id, BranchId = person.BranchId };
        response.SetScores(ordered);
        db.PulseResponses.Add(response);
        db.PulseParticipations.Add(new PulseParticipation { PeriodId = period.Id, UserId = person.Id });
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await tallies.AddAsync(response, cancellationToken);
            // The counts' lock may have been waited for (a bank-wide recount holds it alone): a period that closed
            // meanwhile may already be shown, and its figures must not then change by one answer, which a reader could
            // work out by subtraction.
            if (!Pulse.IsOpen(period.OpensOn, period.ClosesOn, calendar.DateOf(time.GetUtcNow().UtcDateTime)))
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return Outcome<bool>.Refused("", text["Refusal.Pulse.NotOpen"]);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await db.PulseParticipations.AnyAsync(p => p.PeriodId == period.Id && p.UserId == person.Id, cancellationToken))
            {
                // A second tab submitted at the same moment: the participation key let one through, and this one wrote nothing.
                return Outcome<bool>.Refused("", text["Refusal.Pulse.AlreadyAnswered"]);
            }

            if (!await db.PulsePeriods.AnyAsync(p => p.Id == period.Id, cancellationToken))
            {
                return Outcome<bool>.Refused("", text["Refusal.Pulse.NotOpen"]); // HR withdrew it meanwhile
            }

            throw;
        }

        return Outcome<bool>.Done(true);
    }

    /// <summary>A positive 63-bit id from the system's random source: not a sequence, so it says nothing about when or by whom.</summary>
    public static long RandomId() => BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
}
