using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>A behaviour's rating as the manager gave it; a null rating means it did not come up this time.</summary>
public sealed record RatingInput(string BehaviourId, BehaviourRating? Rating, string? Note);

/// <param name="ObservationId">Null for a new observation; the id of the manager's own observation to correct it.</param>
public sealed record ObservationRequest(long? ObservationId, string SubjectUserId, string CourseSlug, DateOnly ObservedOn, IReadOnlyList<RatingInput> Ratings, string? Note);

/// <summary>
/// A branch manager records what they saw one of their own staff do against a course's checklist, or corrects their own
/// observation until the person has acknowledged it. Audited without the ratings or notes, which only the person and
/// the branch's managers may read.
/// </summary>
public sealed class RecordObservation(PortalDbContext db, ContentLibrary content, AuditLog audit, TimeProvider time, BankCalendar calendar,
    BehaviourTallies tallies, IStringLocalizer<Shared> text)
{
    public async Task<Outcome<long>> ExecuteAsync(ObservationRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.Roles.Contains(Roles.BranchManager))
        {
            return Outcome<long>.Denied();
        }

        var observerBranchId = await db.Users.Where(u => u.Id == actor.UserId && u.IsActive).Select(u => u.BranchId).SingleOrDefaultAsync(cancellationToken);
        if (observerBranchId is not { } branchId)
        {
            return Outcome<long>.Denied();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked before anything about the subject is read: two recordings of one person wait for each other (each sets the other's
        // SupersededOn, and the counts see the ratings they replace), and a correction waits for an acknowledgement
        // in flight, then sees it.
        await db.Users.Where(u => u.Id == request.SubjectUserId).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsActive, u => u.IsActive), cancellationToken);
        Observation? observation = null;
        if (request.ObservationId is { } id)
        {
            await db.Observations.Where(o => o.Id == id).ExecuteUpdateAsync(set => set.SetProperty(o => o.ChangedAtUtc, o => o.ChangedAtUtc), cancellationToken);
            observation = await db.Observations.Include(o => o.Ratings).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
            if (observation is null)
            {
                return Outcome<long>.Missing();
            }

            // Its author, from the branch it was recorded in: only that branch's managers may open it (a manager who
            // moved would otherwise correct what their new branch cannot see, and their old one sees changed).
            if (observation.ObserverUserId != actor.UserId || observation.BranchId != branchId)
            {
                return Outcome<long>.Denied();
            }

            if (observation.AcknowledgedAtUtc is not null)
            {
                return Outcome<long>.Refused("", text["Refusal.Observation.Acknowledged"]);
            }
        }

        var subject = await db.Users.Where(u => u.Id == request.SubjectUserId)
            .Select(u => new { u.Id, u.DisplayName, u.EmployeeNumber, u.BranchId, u.IsActive, u.HireDate })
            .SingleOrDefaultAsync(cancellationToken);
        if (subject is null || !subject.IsActive || subject.BranchId != branchId || (observation is not null && observation.SubjectUserId != subject.Id))
        {
            // Someone outside the branch is not the manager's to observe, whether or not they exist.
            return Outcome<long>.Denied();
        }

        var refusals = new List<Refusal>();
        if (subject.Id == actor.UserId)
        {
            refusals.Add(new Refusal("SubjectUserId", text["Refusal.Observation.Self"]));
        }

        var course = content.Base.Find(request.CourseSlug);
        if (course?.Checklist is not { } checklist || (observation is not null && observation.CourseSlug != course.Slug))
        {
            return Outcome<long>.Refused("CourseSlug", text["Refusal.Observation.NoChecklist"]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        switch (Observations.DateProblem(request.ObservedOn, calendar.DateOf(now), subject.HireDate, observation?.ObservedOn))
        {
            case "before-hire":
                refusals.Add(new Refusal("ObservedOn", text["Refusal.Observation.BeforeHire"]));
                break;
            case "future":
                refusals.Add(new Refusal("ObservedOn", text["Refusal.Observation.FutureDate"]));
                break;
            case "too-old":
                refusals.Add(new Refusal("ObservedOn", text["Refusal.Observation.TooOld"]));
                break;
        }

        var note = Clean(request.Note);
        if (note is not null && !Observations.IsAcceptableNote(note))
        {
            refusals.Add(new Refusal("Note", text["Refusal.Observation.Note", Observations.MaxNoteLength]));
        }

        var ratings = new List<ObservationRating>();
        foreach (var input in request.Ratings)
        {
            if (checklist.Find(input.BehaviourId) is null)
            {
                refusals.Add(new Refusal("", text["Refusal.Observation.UnknownBehaviour"]));
                continue;
            }

            var behaviourNote = Clean(input.Note);
            if (behaviourNote is not null && !Observations.IsAcceptableNote(behaviourNote))
            {
                refusals.Add(new Refusal("", text["Refusal.Observation.Note", Observations.MaxNoteLength]));
            }
            else if (input.Rating is { } rating && Enum.IsDefined(rating) && ratings.All(r => r.BehaviourId != input.BehaviourId))
            {
                ratings.Add(new ObservationRating { BehaviourId = input.BehaviourId, Rating = rating, Note = behaviourNote });
            }
            else if (input.Rating is null && behaviourNote is not null)
            {
                refusals.Add(new Refusal("", text["Refusal.Observation.NoteWithoutRating"]));
            }
        }

        if (ratings.Count == 0)
        {
            refusals.Add(new Refusal("", text["Refusal.Observation.NothingRated"]));
        }

        if (refusals.Count > 0)
        {
            return Outcome<long>.Refused(refusals);
        }

        var isNew = observation is null;
        // Read under the person's lock, so a form sent twice at once finds its first sending here.
        if (isNew && await JustRecordedAsync(actor.UserId, subject.Id, course.Slug, request.ObservedOn, note, ratings, now, cancellationToken) is { } first)
        {
            return Outcome<long>.Done(first);
        }

        if (observation is null)
        {
            observation = new Observation
            {
                SubjectUserId = subject.Id,
                ObserverUserId = actor.UserId,
                BranchId = branchId,
                CourseSlug = course.Slug,
                RecordedAtUtc = now,
            };
            db.Observations.Add(observation);
        }
        else
        {
            observation.ChangedAtUtc = now;
            observation.Ratings.Clear();
        }

        observation.ObservedOn = request.ObservedOn;
        observation.Note = note;
        observation.Ratings.AddRange(ratings);

        await tallies.ChangingPeopleAsync([subject.Id], async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            await RelinkAsync(subject.Id, course.Slug, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        // Who observed whom, against what and when; not the ratings, which are the person's and their managers' to read.
        audit.Record(actor, isNew ? AuditActions.ObservationRecorded : AuditActions.ObservationChanged, AuditTargets.Observation,
            observation.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{(isNew ? "Observed" : "Corrected the observation of")} {subject.DisplayName} ({subject.EmployeeNumber}) against '{course.Title}' on {request.ObservedOn:yyyy-MM-dd}",
            after: new { observation.CourseSlug, observation.ObservedOn, observation.SubjectUserId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<long>.Done(observation.Id);
    }

    /// <summary>Sets when each of the person's ratings against the course was superseded, now that one has been added or changed.</summary>
    private async Task RelinkAsync(string subjectId, string courseSlug, CancellationToken cancellationToken)
    {
        var ratings = await db.ObservationRatings
            .Where(r => r.Observation.SubjectUserId == subjectId && r.Observation.CourseSlug == courseSlug)
            .Select(r => new { Rating = r, r.Observation.ObservedOn })
            .ToListAsync(cancellationToken);
        foreach (var behaviour in ratings.GroupBy(r => r.Rating.BehaviourId))
        {
            var next = Observations.SupersededOn(behaviour.Select(r => (r.Rating.ObservationId, r.ObservedOn)));
            foreach (var r in behaviour)
            {
                r.Rating.SupersededOn = next[r.Rating.ObservationId];
            }
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The author's observation recorded moments ago that this request repeats (<see cref="Observations.ResendWindow"/>), if any.</summary>
    private async Task<long?> JustRecordedAsync(string authorId, string subjectId, string courseSlug, DateOnly observedOn, string? note,
        IReadOnlyList<ObservationRating> ratings, DateTime now, CancellationToken cancellationToken)
    {
        var since = now - Observations.ResendWindow;
        var recent = await db.Observations.AsNoTracking().Include(o => o.Ratings)
            .Where(o => o.ObserverUserId == authorId && o.SubjectUserId == subjectId && o.CourseSlug == courseSlug && o.ObservedOn == observedOn
                && o.RecordedAtUtc >= since && o.ChangedAtUtc == null)
            .ToListAsync(cancellationToken);
        var sent = ratings.Select(r => (r.BehaviourId, r.Rating, r.Note)).ToHashSet();
        return recent.FirstOrDefault(o => o.Note == note && o.Ratings.Count == sent.Count && o.Ratings.All(r => sent.Contains((r.BehaviourId, r.Rating, r.Note))))?.Id;
    }
}
