using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Seeding;

/// <summary>
/// Believable customer-first history: each branch has its own strength (how often behaviours are seen, how its staff
/// answer the pulse), observations spread over the last three quarters and improve with time, and one closed pulse
/// period that most staff answered (one branch in eight answered too little to be shown). Written in batches.
/// </summary>
public sealed class DemoCulture(PortalDbContext db, CourseCatalog catalog, BankCalendar calendar, Random random, DateTime nowUtc, Action<string>? progress = null)
{
    private const int Batch = 2_000;

    private readonly List<Observation> _observations = [];
    private readonly List<PulseResponse> _responses = [];
    private readonly List<PulseParticipation> _participations = [];

    public async Task WriteAsync(SeededOrganisation organisation, CancellationToken cancellationToken)
    {
        var today = calendar.DateOf(nowUtc);
        var checklists = catalog.ObservableCourses.ToList();
        var staffByBranch = organisation.Employees.Where(e => e.BranchId is not null).GroupBy(e => e.BranchId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        var strength = organisation.Branches.ToDictionary(b => b.Id, _ => 0.35 + 0.5 * random.NextDouble());
        var demoManager = organisation.DemoUsers.GetValueOrDefault("manager@demo.bank");
        var demoEmployee = organisation.DemoUsers.GetValueOrDefault("employee@demo.bank");

        if (checklists.Count > 0)
        {
            var written = 0;
            var pending = 0;
            foreach (var branch in organisation.Branches)
            {
                var staff = staffByBranch.GetValueOrDefault(branch.Id) ?? [];
                if (staff.Count < 2)
                {
                    continue;
                }

                var observer = demoManager is not null && demoManager.BranchId == branch.Id
                    ? demoManager
                    : staff.FirstOrDefault(s => s.JobTitle.Contains("Manager", StringComparison.Ordinal)) ?? staff[0];
                foreach (var person in staff.Where(s => s.Id != observer.Id && random.NextDouble() < 0.4))
                {
                    var visits = Enumerable.Range(0, 1 + (random.NextDouble() < 0.3 ? 1 : 0))
                        .Select(_ => Observe(person.Id, observer.Id, branch.Id, checklists[random.Next(checklists.Count)], strength[branch.Id], today, acknowledged: random.NextDouble() < 0.7))
                        .ToList();
                    Link(visits);
                    _observations.AddRange(visits);
                    written += visits.Count;
                    pending += visits.Count;
                    if (pending >= Batch)
                    {
                        pending = 0;
                        await SaveObservationsAsync(cancellationToken);
                        progress?.Invoke($"  {written:N0} observations");
                    }
                }
            }

            if (demoEmployee is not null && demoManager is not null)
            {
                // The demo employee has one observation waiting for them on My learning.
                _observations.Add(Observe(demoEmployee.Id, demoManager.Id, demoManager.BranchId!.Value, checklists[0], strength[demoManager.BranchId.Value], today, acknowledged: false, observedOn: today.AddDays(-2)));
            }

            await SaveObservationsAsync(cancellationToken);
            await new BehaviourTallies(db).RebuildAsync(cancellationToken);
        }

        var statements = catalog.PulseStatements.Take(Pulse.MaxStatementsPerPeriod).Select(s => s.Id).ToList();
        var creator = organisation.DemoUsers.GetValueOrDefault("hr@demo.bank");
        if (statements.Count == 0 || creator is null)
        {
            return;
        }

        var period = new PulsePeriod
        {
            Title = "Customer-first pulse " + Quarters.Label(Quarters.StartOf(today.AddDays(-45))),
            OpensOn = today.AddDays(-45),
            ClosesOn = today.AddDays(-31),
            StatementIds = statements,
            CreatedByUserId = creator.Id,
            CreatedAtUtc = calendar.StartOfDayUtc(today.AddDays(-46)),
        };
        db.PulsePeriods.Add(period);
        await db.SaveChangesAsync(cancellationToken);

        var responses = 0;
        var branchNumber = 0;
        foreach (var branch in organisation.Branches)
        {
            var answerRate = branchNumber++ % 8 == 3 ? 0.15 : 0.55 + 0.3 * random.NextDouble();
            foreach (var person in staffByBranch.GetValueOrDefault(branch.Id) ?? [])
            {
                if (random.NextDouble() >= answerRate)
                {
                    continue;
                }

                var response = new PulseResponse { Id = AnswerPulse.RandomId(), PeriodId = period.Id, BranchId = branch.Id };
                response.SetScores(statements.Select(_ => Score(strength[branch.Id])).ToList());
                _responses.Add(response);
                _participations.Add(new PulseParticipation { PeriodId = period.Id, UserId = person.Id });
                if (++responses % Batch == 0)
                {
                    await SavePulseAsync(cancellationToken);
                    progress?.Invoke($"  {responses:N0} pulse responses");
                }
            }
        }

        await SavePulseAsync(cancellationToken);
        await new PulseTallies(db).RebuildAsync(cancellationToken);
    }

    private Observation Observe(string subjectId, string observerId, int branchId, Course course, double strength, DateOnly today, bool acknowledged, DateOnly? observedOn = null)
    {
        var day = observedOn ?? today.AddDays(-random.Next(1, 270));
        var recent = 1 - (today.DayNumber - day.DayNumber) / 270.0; // later observations see a little more
        var observation = new Observation
        {
            SubjectUserId = subjectId,
            ObserverUserId = observerId,
            BranchId = branchId,
            CourseSlug = course.Slug,
            ObservedOn = day,
            RecordedAtUtc = calendar.StartOfDayUtc(day).AddHours(11),
            AcknowledgedAtUtc = acknowledged ? calendar.StartOfDayUtc(day.AddDays(1)).AddHours(9) : null,
        };
        foreach (var behaviour in course.Checklist!.Behaviours)
        {
            if (random.NextDouble() < 0.2)
            {
                continue; // did not come up
            }

            var roll = random.NextDouble();
            var seen = Math.Min(0.95, strength + 0.15 * recent);
            observation.Ratings.Add(new ObservationRating
            {
                BehaviourId = behaviour.Id,
                Rating = roll < seen ? BehaviourRating.Seen : roll < seen + (1 - seen) / 2 ? BehaviourRating.Partly : BehaviourRating.NotYet,
            });
        }

        if (observation.Ratings.Count == 0)
        {
            observation.Ratings.Add(new ObservationRating { BehaviourId = course.Checklist.Behaviours[0].Id, Rating = BehaviourRating.Partly });
        }

        return observation;
    }

    /// <summary>One person's observations, in the order they will be written (and so numbered): when each rating was superseded.</summary>
    private static void Link(List<Observation> visits)
    {
        var ratings = visits.SelectMany((o, position) => o.Ratings.Select(r => (Observation: o, Position: position, Rating: r)));
        foreach (var chain in ratings.GroupBy(x => (x.Observation.CourseSlug, x.Rating.BehaviourId)))
        {
            var next = Observations.SupersededOn(chain.Select(x => ((long)x.Position, x.Observation.ObservedOn)));
            foreach (var x in chain)
            {
                x.Rating.SupersededOn = next[x.Position];
            }
        }
    }

    private int Score(double strength)
    {
        var centre = 1 + 4 * strength;
        var score = (int)Math.Round(centre + (random.NextDouble() + random.NextDouble() - 1) * 1.6);
        return Math.Clamp(score, Pulse.LowestScore, Pulse.HighestScore);
    }

    private async Task SaveObservationsAsync(CancellationToken cancellationToken)
    {
        await TableWriter.InsertAsync(db, _observations, cancellationToken);
        foreach (var observation in _observations)
        {
            observation.Ratings.ForEach(r => r.ObservationId = observation.Id);
        }

        await TableWriter.InsertAsync(db, _observations.SelectMany(o => o.Ratings).ToList(), cancellationToken);
        _observations.Clear();
    }

    private async Task SavePulseAsync(CancellationToken cancellationToken)
    {
        await TableWriter.InsertAsync(db, _responses, cancellationToken);
        await TableWriter.InsertAsync(db, _participations, cancellationToken);
        _responses.Clear();
        _participations.Clear();
    }
}
