using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

public sealed record PulsePeriodRequest(string? Title, DateOnly OpensOn, DateOnly ClosesOn, IReadOnlyList<string> StatementIds);

/// <summary>
/// HR opens a pulse period: a title, its first and last day, and which statements it asks. Periods do not overlap, so an
/// employee is asked one pulse at a time.
/// </summary>
public sealed class OpenPulsePeriod(PortalDbContext db, ContentLibrary content, AuditLog audit, TimeProvider time, BankCalendar calendar,
    SerializableWrites writes, IStringLocalizer<Shared> text)
{
    public async Task<Outcome<int>> ExecuteAsync(PulsePeriodRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining || actor == Actor.Console)
        {
            return Outcome<int>.Denied();
        }

        var refusals = new List<Refusal>();
        var title = request.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            refusals.Add(new Refusal("Title", text["Refusal.Pulse.TitleRequired"]));
        }
        else if (title.Length > Pulse.MaxTitleLength || title.Any(char.IsControl))
        {
            refusals.Add(new Refusal("Title", text["Refusal.Pulse.Title", Pulse.MaxTitleLength]));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = calendar.DateOf(now);
        if (request.ClosesOn < request.OpensOn)
        {
            refusals.Add(new Refusal("ClosesOn", text["Refusal.Pulse.ClosesBeforeOpening"]));
        }
        else if (request.ClosesOn < today)
        {
            refusals.Add(new Refusal("ClosesOn", text["Refusal.Pulse.ClosesInPast"]));
        }
        else if (request.ClosesOn.DayNumber - request.OpensOn.DayNumber > 90)
        {
            refusals.Add(new Refusal("ClosesOn", text["Refusal.Pulse.TooLong"]));
        }

        if (request.OpensOn.DayNumber - today.DayNumber > 366)
        {
            refusals.Add(new Refusal("OpensOn", text["Refusal.Pulse.TooFarAhead"]));
        }

        var statements = request.StatementIds.Distinct(StringComparer.Ordinal).ToList();
        if (statements.Count == 0 || statements.Count > Pulse.MaxStatementsPerPeriod)
        {
            refusals.Add(new Refusal("StatementIds", text["Refusal.Pulse.Statements", Pulse.MaxStatementsPerPeriod]));
        }
        else if (statements.Any(id => content.Base.FindPulseStatement(id) is null))
        {
            refusals.Add(new Refusal("StatementIds", text["Refusal.Pulse.UnknownStatement"]));
        }

        if (refusals.Count > 0)
        {
            return Outcome<int>.Refused(refusals);
        }

        // In content order, whatever order the form sent them in: the period's questions read as the content lists them.
        var ordered = content.Base.PulseStatements.Select(s => s.Id).Where(statements.Contains).ToList();
        return await writes.RunAsync("Opening a pulse period", async () =>
        {
            var overlapping = await db.PulsePeriods
                .Where(p => p.OpensOn <= request.ClosesOn && request.OpensOn <= p.ClosesOn)
                .Select(p => p.Title)
                .FirstOrDefaultAsync(cancellationToken);
            if (overlapping is not null)
            {
                return Outcome<int>.Refused("OpensOn", text["Refusal.Pulse.Overlaps", overlapping]);
            }

            var period = new PulsePeriod
            {
                Title = title,
                OpensOn = request.OpensOn,
                ClosesOn = request.ClosesOn,
                StatementIds = ordered,
                CreatedByUserId = actor.UserId,
                CreatedAtUtc = now,
            };
            db.PulsePeriods.Add(period);
            await db.SaveChangesAsync(cancellationToken);
            audit.Record(actor, AuditActions.PulseOpened, AuditTargets.PulsePeriod, period.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Opened the pulse '{title}' from {request.OpensOn:yyyy-MM-dd} to {request.ClosesOn:yyyy-MM-dd} with {ordered.Count} statement(s)",
                after: new { period.Title, period.OpensOn, period.ClosesOn, Statements = ordered });
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<int>.Done(period.Id);
        }, cancellationToken);
    }
}
