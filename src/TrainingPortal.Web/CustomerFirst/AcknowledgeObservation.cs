using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>The person observed says they have read an observation about them; only they can, and once is enough.</summary>
public sealed class AcknowledgeObservation(PortalDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<DateTime>> ExecuteAsync(long observationId, Actor actor, CancellationToken cancellationToken)
    {
        var observation = await db.Observations.SingleOrDefaultAsync(o => o.Id == observationId, cancellationToken);
        if (observation is null)
        {
            return Outcome<DateTime>.Missing();
        }

        if (observation.SubjectUserId != actor.UserId)
        {
            return Outcome<DateTime>.Denied();
        }

        if (observation.AcknowledgedAtUtc is { } already)
        {
            return Outcome<DateTime>.Done(already);
        }

        observation.AcknowledgedAtUtc = time.GetUtcNow().UtcDateTime;
        audit.Record(actor, AuditActions.ObservationAcknowledged, "Observation", observation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{actor.Name} acknowledged the observation of {observation.ObservedOn:yyyy-MM-dd}");
        await db.SaveChangesAsync(cancellationToken); // one row and its audit entry: SaveChanges is the transaction
        return Outcome<DateTime>.Done(observation.AcknowledgedAtUtc.Value);
    }
}
