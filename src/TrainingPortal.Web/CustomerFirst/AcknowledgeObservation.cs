using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>The person observed says they have read an observation about them; only they can, and once is enough.</summary>
public sealed class AcknowledgeObservation(PortalDbContext db, AuditLog audit, TimeProvider time, SerializableWrites writes)
{
    public async Task<Outcome<DateTime>> ExecuteAsync(long observationId, Actor actor, CancellationToken cancellationToken)
    {
        var observation = await db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == observationId, cancellationToken);
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

        var now = time.GetUtcNow().UtcDateTime;
        return await writes.RunAsync("Acknowledging an observation", async () =>
        {
            // Only while nobody has acknowledged it meanwhile; a correction in flight holds the row until it commits.
            var changed = await db.Observations.Where(o => o.Id == observationId && o.AcknowledgedAtUtc == null)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.AcknowledgedAtUtc, now), cancellationToken);
            if (changed == 0)
            {
                return Outcome<DateTime>.Done(await db.Observations.Where(o => o.Id == observationId).Select(o => o.AcknowledgedAtUtc!.Value).SingleAsync(cancellationToken));
            }

            observation.AcknowledgedAtUtc = now;
            audit.Record(actor, AuditActions.ObservationAcknowledged, AuditTargets.Observation, observation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{actor.Name} acknowledged the observation of {observation.ObservedOn:yyyy-MM-dd}",
                after: new { observation.CourseSlug, observation.ObservedOn, observation.SubjectUserId });
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<DateTime>.Done(observation.AcknowledgedAtUtc.Value);
        }, cancellationToken);
    }
}
