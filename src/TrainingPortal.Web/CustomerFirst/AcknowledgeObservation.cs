using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>
/// The person observed says they have read an observation about them; only they can, once is enough, and only the
/// version they read: a correction made since they opened it is theirs to read first, as an acknowledgement ends corrections.
/// </summary>
public sealed class AcknowledgeObservation(PortalDbContext db, AuditLog audit, TimeProvider time, SerializableWrites writes, IStringLocalizer<Shared> text)
{
    /// <summary>Which version of an observation a reader has before them: when it was last corrected (0 for never), in ticks.</summary>
    public static long VersionOf(Observation observation) => observation.ChangedAtUtc?.Ticks ?? 0;

    /// <param name="readVersion">The <see cref="VersionOf"/> of the observation as the person read it.</param>
    public async Task<Outcome<DateTime>> ExecuteAsync(long observationId, long readVersion, Actor actor, CancellationToken cancellationToken)
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

        var corrected = Outcome<DateTime>.Refused("", text["Refusal.Observation.CorrectedMeanwhile"]);
        if (VersionOf(observation) != readVersion)
        {
            return corrected;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await writes.RunAsync("Acknowledging an observation", async () =>
        {
            // Only the version read, and only while nobody has acknowledged it meanwhile; a correction in flight holds
            // the row until it commits, and then this finds it changed.
            var changed = await db.Observations.Where(o => o.Id == observationId && o.AcknowledgedAtUtc == null && o.ChangedAtUtc == observation.ChangedAtUtc)
                .ExecuteUpdateAsync(o => o.SetProperty(x => x.AcknowledgedAtUtc, now), cancellationToken);
            if (changed == 0)
            {
                var current = await db.Observations.Where(o => o.Id == observationId).Select(o => o.AcknowledgedAtUtc).SingleAsync(cancellationToken);
                return current is { } acknowledged ? Outcome<DateTime>.Done(acknowledged) : corrected;
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
