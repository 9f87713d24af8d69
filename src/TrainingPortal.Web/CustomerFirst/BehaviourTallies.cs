using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>
/// Keeps the behaviour counts (<see cref="BranchBehaviourTally"/> for today, <see cref="BehaviourQuarterTally"/> for quarter
/// ends, <see cref="BehaviourPeopleTally"/> for how many people they are made of) equal to what active people's ratings add up to. A rating counts in the branch and region its person is in now,
/// so the counts change when a rating is recorded or corrected and when a person moves branch, leaves or comes back: each
/// of those writes counts what the people concerned contribute before the change and after it, and writes the difference,
/// in the writer's transaction. <see cref="RebuildAsync"/> starts again from the ratings.
/// </summary>
public sealed class BehaviourTallies(PortalDbContext db)
{
    /// <summary>
    /// Beyond this many people, one change recounts everyone (an import that moves half the bank). The same as the
    /// required courses' limit, so that a change of that many has already taken the gate alone before the recount asks
    /// for it: a transaction holding it shared and waiting to hold it alone could deadlock with another doing the same.
    /// </summary>
    public const int MostPeopleRecounted = RequiredCourseSync.ChunkSize;

    /// <summary>
    /// Runs <paramref name="change"/>, which may move, deactivate or reactivate the given people or change their ratings,
    /// and brings the counts along. The people's rows are locked first, so what is counted before is what the change replaces.
    /// </summary>
    public async Task ChangingPeopleAsync(IReadOnlyCollection<string> userIds, Func<Task> change, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            await change();
            return;
        }

        if (userIds.Count > MostPeopleRecounted)
        {
            await change();
            await RebuildAsync(cancellationToken);
            return;
        }

        var people = db.Users.Where(u => userIds.Contains(u.Id));
        await people.ExecuteUpdateAsync(set => set.SetProperty(u => u.IsActive, u => u.IsActive), cancellationToken);
        var changes = new BehaviourTallyChanges();
        await CountAsync(people, changes, -1, cancellationToken);
        await change();
        await CountAsync(people, changes, +1, cancellationToken);
        await SummaryCounts.EnterAsync(db, alone: false, cancellationToken);
        await ApplyAsync(changes, cancellationToken);
    }

    /// <summary>Throws the behaviour counts away and counts every active person's ratings again.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: true, cancellationToken);
        await db.BranchBehaviourTallies.ExecuteDeleteAsync(cancellationToken);
        await db.BehaviourQuarterTallies.ExecuteDeleteAsync(cancellationToken);
        await db.BehaviourPeopleTallies.ExecuteDeleteAsync(cancellationToken);
        var changes = new BehaviourTallyChanges();
        await CountAsync(db.Users, changes, +1, cancellationToken);
        await ApplyAsync(changes, cancellationToken);
    }

    /// <summary>Adds what the ratings of <paramref name="people"/> contribute (the active ones, where they are now), times <paramref name="sign"/>.</summary>
    private async Task CountAsync(IQueryable<PortalUser> people, BehaviourTallyChanges changes, int sign, CancellationToken cancellationToken)
    {
        var ratings = from r in db.ObservationRatings.AsNoTracking()
                      join u in people.Where(u => u.IsActive) on r.Observation.SubjectUserId equals u.Id
                      select new { PersonId = u.Id, u.BranchId, RegionId = (int?)u.Branch!.RegionId, r.Observation.CourseSlug, r.BehaviourId, r.Rating, r.Observation.ObservedOn, r.SupersededOn };
        await foreach (var r in ratings.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            changes.Add(new CountedRating(r.PersonId, r.BranchId, r.RegionId, r.CourseSlug, r.BehaviourId, r.Rating, r.ObservedOn, r.SupersededOn), sign);
        }
    }

    private async Task ApplyAsync(BehaviourTallyChanges changes, CancellationToken cancellationToken)
    {
        await SummaryCounts.ApplyAsync(db, changes.TodayCounts.Select(t => new BranchBehaviourTally
        {
            BranchId = t.Key.BranchId, Observed = t.Value.Observed, Established = t.Value.Established,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.QuarterCounts.Select(q => new BehaviourQuarterTally
        {
            RegionId = q.Key.RegionId, CourseSlug = q.Key.CourseSlug, BehaviourId = q.Key.BehaviourId, ObservedQuarter = q.Key.ObservedQuarter,
            SupersededQuarter = q.Key.SupersededQuarter, Observed = q.Value.Observed, Established = q.Value.Established,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.PeopleCounts.Select(p => new BehaviourPeopleTally
        {
            BranchId = p.Key.BranchId, FirstQuarter = p.Key.FirstQuarter, People = p.Value,
        }).ToList(), cancellationToken);
    }
}
