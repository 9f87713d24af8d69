using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

public class ObservationUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Course = "customer-communication";

    private DateOnly Today => new(2026, 11, 2); // PortalFactory.StartTime in the bank's calendar

    private Actor DemoManager() =>
        Actors.Of(TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == "manager@demo.bank")), Roles.BranchManager);

    private IReadOnlyList<string> Behaviours() => Arrange.Course(Services, Course).Checklist!.Behaviours.Select(b => b.Id).ToList();

    private ObservationRequest Request(string subjectId, BehaviourRating rating = BehaviourRating.Seen, long? id = null, DateOnly? on = null, string? note = null) =>
        new(id, subjectId, Course, on ?? Today, Behaviours().Select(b => new RatingInput(b, rating, null)).ToList(), note);

    private Task<Outcome<long>> RecordAsync(ObservationRequest request, Actor actor) =>
        UseCase.RunAsync(Services, (RecordObservation u) => u.ExecuteAsync(request, actor, CancellationToken.None));

    [Fact]
    public async Task A_manager_records_an_observation_of_their_own_staff_audited_without_the_notes()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var request = Request(person.Id, note: "Listened well; rushed the summary.") with
        {
            Ratings = [new RatingInput(Behaviours()[0], BehaviourRating.Seen, "Let the customer finish."), new RatingInput(Behaviours()[1], BehaviourRating.NotYet, null), new RatingInput(Behaviours()[2], null, null)],
        };

        var outcome = await RecordAsync(request, DemoManager());

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
        var stored = TestData.Query(Services, db => db.Observations.Include(o => o.Ratings).Single(o => o.Id == outcome.Value));
        Assert.Equal((person.Id, Course, Today, "Listened well; rushed the summary."), (stored.SubjectUserId, stored.CourseSlug, stored.ObservedOn, stored.Note));
        Assert.Equal(2, stored.Ratings.Count); // "did not come up" is not a rating
        Assert.Equal("Let the customer finish.", stored.Ratings.Single(r => r.Rating == BehaviourRating.Seen).Note);
        var audit = TestData.Query(Services, db => db.AuditEntries.Single(a => a.Action == AuditActions.ObservationRecorded && a.TargetId == stored.Id.ToString()));
        Assert.Contains(person.DisplayName, audit.Summary);
        Assert.DoesNotContain("Listened", audit.Summary + audit.AfterJson); // HR reads the audit trail; notes are not theirs to read
        Assert.DoesNotContain("customer finish", audit.Summary + audit.AfterJson);
    }

    [Fact]
    public async Task A_manager_cannot_observe_someone_of_another_branch_and_nothing_is_stored()
    {
        var elsewhere = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RecordAsync(Request(elsewhere.Id), DemoManager());

        Assert.True(outcome.Forbidden);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Staff_who_are_not_managers_cannot_record_observations()
    {
        var colleague = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);

        Assert.True((await RecordAsync(Request(person.Id), Actors.Of(colleague, Roles.Employee))).Forbidden);
        Assert.True((await RecordAsync(Request(person.Id), Actors.Hr(Services))).Forbidden);
    }

    [Fact]
    public async Task A_manager_corrects_their_own_observation_but_not_another_managers()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var otherManager = await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: 0);
        var id = (await RecordAsync(Request(person.Id, BehaviourRating.Partly), DemoManager())).Value;

        var byOther = await RecordAsync(Request(person.Id, BehaviourRating.Seen, id), Actors.Of(otherManager, Roles.BranchManager));
        var byAuthor = await RecordAsync(Request(person.Id, BehaviourRating.Seen, id), DemoManager());

        Assert.True(byOther.Forbidden);
        Assert.True(byAuthor.Succeeded);
        var stored = TestData.Query(Services, db => db.Observations.Include(o => o.Ratings).Single(o => o.Id == id));
        Assert.All(stored.Ratings, r => Assert.Equal(BehaviourRating.Seen, r.Rating));
        Assert.NotNull(stored.ChangedAtUtc);
        Assert.Single(TestData.Query(Services, db => db.AuditEntries.Where(a => a.Action == AuditActions.ObservationChanged && a.TargetId == id.ToString()).ToList()));
    }

    [Fact]
    public async Task Only_the_person_observed_acknowledges_and_then_it_cannot_be_changed()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var colleague = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var id = (await RecordAsync(Request(person.Id), DemoManager())).Value;

        var byColleague = await UseCase.RunAsync(Services, (AcknowledgeObservation u) => u.ExecuteAsync(id, readVersion: 0, Actors.Of(colleague, Roles.Employee), CancellationToken.None));
        var byManager = await UseCase.RunAsync(Services, (AcknowledgeObservation u) => u.ExecuteAsync(id, readVersion: 0, DemoManager(), CancellationToken.None));
        var bySubject = await UseCase.RunAsync(Services, (AcknowledgeObservation u) => u.ExecuteAsync(id, readVersion: 0, Actors.Of(person, Roles.Employee), CancellationToken.None));
        var correction = await RecordAsync(Request(person.Id, BehaviourRating.NotYet, id), DemoManager());

        Assert.True(byColleague.Forbidden);
        Assert.True(byManager.Forbidden);
        Assert.True(bySubject.Succeeded);
        Assert.False(correction.Succeeded);
        Assert.Contains(correction.Refusals, r => r.Message.Contains("acknowledged", StringComparison.Ordinal));
        Assert.All(TestData.Query(Services, db => db.ObservationRatings.Where(r => r.ObservationId == id).ToList()), r => Assert.Equal(BehaviourRating.Seen, r.Rating));
    }

    [Fact]
    public async Task An_acknowledgement_of_a_version_corrected_since_it_was_read_is_refused_and_the_correction_may_still_be_corrected()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var id = (await RecordAsync(Request(person.Id), DemoManager())).Value;
        var read = AcknowledgeObservation.VersionOf(TestData.Query(Services, db => db.Observations.AsNoTracking().Single(o => o.Id == id)));
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await RecordAsync(Request(person.Id, BehaviourRating.NotYet, id), DemoManager())).Succeeded);

        var stale = await UseCase.RunAsync(Services, (AcknowledgeObservation u) => u.ExecuteAsync(id, read, Actors.Of(person, Roles.Employee), CancellationToken.None));

        Assert.Contains("corrected this observation after you opened it", Assert.Single(stale.Refusals).Message, StringComparison.Ordinal);
        var stored = TestData.Query(Services, db => db.Observations.AsNoTracking().Single(o => o.Id == id));
        Assert.Null(stored.AcknowledgedAtUtc);
        var current = await UseCase.RunAsync(Services, (AcknowledgeObservation u) => u.ExecuteAsync(id, AcknowledgeObservation.VersionOf(stored), Actors.Of(person, Roles.Employee), CancellationToken.None));
        Assert.True(current.Succeeded);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "future", "ObservedOn" },
        { "too-old", "ObservedOn" },
        { "control-characters", "Note" },
        { "too-long", "Note" },
        { "nothing-rated", "" },
        { "unknown-behaviour", "" },
        { "self", "SubjectUserId" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_the_field_and_nothing_is_stored(string problem, string field)
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var manager = DemoManager();
        var request = Request(person.Id);
        request = problem switch
        {
            "future" => request with { ObservedOn = Today.AddDays(1) },
            "too-old" => request with { ObservedOn = Today.AddYears(-2) },
            "control-characters" => request with { Note = "fine\u0000not fine" },
            "too-long" => request with { Note = new string('x', Observations.MaxNoteLength + 1) },
            "nothing-rated" => request with { Ratings = Behaviours().Select(b => new RatingInput(b, null, null)).ToList() },
            "unknown-behaviour" => request with { Ratings = [.. request.Ratings, new RatingInput("no-such-behaviour", BehaviourRating.Seen, null)] },
            "self" => request with { SubjectUserId = manager.UserId },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RecordAsync(request, manager);

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Refusals, r => r.Field == field);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task The_same_form_sent_twice_records_one_observation_and_a_different_one_the_same_day_is_a_second()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var manager = DemoManager();
        var request = Request(person.Id, note: "Double-clicked Save");
        var lastAudit = Audit.LastId(Services);

        var outcomes = await Task.WhenAll(RecordAsync(request, manager), RecordAsync(request, manager)); // a double click
        var again = await RecordAsync(request, manager); // a refresh a moment later

        Assert.All(outcomes.Append(again), o => Assert.True(o.Succeeded));
        Assert.Single(outcomes.Append(again).Select(o => o.Value).Distinct());
        Assert.Equal(1, TestData.Query(Services, db => db.Observations.Count(o => o.SubjectUserId == person.Id)));
        Assert.Single(Audit.Since(Services, lastAudit));

        Factory.Clock.Advance(Observations.ResendWindow + TimeSpan.FromSeconds(1));
        Assert.NotEqual(again.Value, (await RecordAsync(request, manager)).Value); // later, the same again is a new observation
        Assert.NotEqual(again.Value, (await RecordAsync(request with { Note = "Another conversation" }, manager)).Value);
        Assert.Equal(3, TestData.Query(Services, db => db.Observations.Count(o => o.SubjectUserId == person.Id)));
    }

    [Fact]
    public async Task An_observation_dated_before_the_person_joined_is_refused()
    {
        var branchId = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Id).First()); // the demo manager's
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var joined = await UseCase.RunAsync(Services, (CreateAccount u) => u.ExecuteAsync(
            new NewAccount("J" + suffix, $"New Joiner {suffix}", $"joiner-{suffix}@demo.bank", "Teller", Today.AddDays(-7), branchId, Roles.Employee), Actor.Console, CancellationToken.None));
        Assert.True(joined.Succeeded);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RecordAsync(Request(joined.Value!.Id) with { ObservedOn = Today.AddDays(-8) }, DemoManager());

        Assert.Equal(("ObservedOn", "The date observed is before the person joined the bank."), (Assert.Single(outcome.Refusals).Field, outcome.Refusals[0].Message));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
        Assert.True((await RecordAsync(Request(joined.Value.Id) with { ObservedOn = Today.AddDays(-7) }, DemoManager())).Succeeded);
    }

    [Fact]
    public async Task Recording_that_fails_part_way_changes_nothing()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var before = await DatabaseState.ReadAsync(Services);

        using (Factory.Faults.Arm(WritePattern.Parse("insert AuditEntries")))
        {
            await UseCase.AssertFailsWithInjectedFaultAsync(() => RecordAsync(Request(person.Id), DemoManager()));
        }

        Assert.Contains(Factory.Faults.Writes, WritePattern.Parse("insert ObservationRatings").Matches);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
        Assert.True((await RecordAsync(Request(person.Id), DemoManager())).Succeeded);
    }

    [Fact]
    public async Task A_behaviour_is_established_only_while_its_latest_rating_is_seen()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 2);
        var manager = await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: 2);
        var actor = Actors.Of(manager, Roles.BranchManager);
        var branchId = Arrange.BranchId(Services, 2);
        var behaviour = Behaviours()[0];
        ObservationRequest One(BehaviourRating rating, DateOnly on) => new(null, person.Id, Course, on, [new RatingInput(behaviour, rating, null)], null);

        async Task<BehaviourPartial> CountsAsync(DateOnly asOf)
        {
            await using var scope = Services.CreateAsyncScope();
            var shares = await scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>().BehaviourSharesAsync(asOf, null, branchId, CancellationToken.None);
            return shares.SingleOrDefault(s => s.CourseSlug == Course && s.BehaviourId == behaviour)?.Counts ?? BehaviourPartial.Empty;
        }

        var baseline = await CountsAsync(Today);
        Assert.True((await RecordAsync(One(BehaviourRating.Seen, Today.AddDays(-20)), actor)).Succeeded);
        Assert.True((await RecordAsync(One(BehaviourRating.NotYet, Today.AddDays(-10)), actor)).Succeeded);

        Assert.Equal(baseline with { Observed = baseline.Observed + 1 }, await CountsAsync(Today)); // latest is "not yet"
        Assert.Equal(baseline with { Observed = baseline.Observed + 1, Established = baseline.Established + 1 }, await CountsAsync(Today.AddDays(-15))); // as of then, "seen"

        // Recorded later but dated earlier: the observation date decides which is latest, not the order of recording.
        Assert.True((await RecordAsync(One(BehaviourRating.Seen, Today.AddDays(-12)), actor)).Succeeded);
        Assert.Equal(baseline with { Observed = baseline.Observed + 1 }, await CountsAsync(Today));
    }

    [Fact]
    public async Task Kept_latest_ratings_match_the_definition_on_random_observations_and_corrections()
    {
        var random = new Random(19);
        var branchId = Arrange.BranchId(Services, 5);
        var manager = Actors.Of(await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: 5), Roles.BranchManager);
        var people = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            people.Add((await TestData.CreateLearnerAsync(Services, branchIndex: 5)).Id);
        }

        var behaviours = Behaviours().Take(3).ToList();
        var recorded = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            // Dates collide often (same day, several records) and arrive out of order; some corrections move the date.
            var on = Today.AddDays(-random.Next(0, 12) * 7);
            var ratings = behaviours.Where(_ => random.NextDouble() < 0.7).Select(b => new RatingInput(b, (BehaviourRating)random.Next(3), null)).ToList();
            if (ratings.Count == 0)
            {
                continue;
            }

            var correct = recorded.Count > 0 && random.NextDouble() < 0.25;
            var id = correct ? recorded[random.Next(recorded.Count)] : (long?)null;
            var subject = id is { } existing ? TestData.Query(Services, db => db.Observations.Single(o => o.Id == existing).SubjectUserId) : people[random.Next(people.Count)];
            var outcome = await RecordAsync(new ObservationRequest(id, subject, Course, on, ratings, null), manager);
            Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
            if (!correct)
            {
                recorded.Add(outcome.Value);
            }
        }

        // Everyone of the branch counts, the seeded staff as well as ours.
        var all = TestData.Query(Services, db => db.ObservationRatings
            .Where(r => r.Observation.CourseSlug == Course && db.Users.Any(u => u.Id == r.Observation.SubjectUserId && u.IsActive && u.BranchId == branchId))
            .Select(r => new { r.Observation.SubjectUserId, r.BehaviourId, r.Observation.ObservedOn, r.ObservationId, r.Rating }).ToList());
        foreach (var asOf in Enumerable.Range(0, 13).Select(w => Today.AddDays(-7 * w)).Append(Today.AddDays(-3)))
        {
            // The definition, by brute force: per person and behaviour, the rating with the latest date, then the latest record, by asOf.
            var expected = all.Where(r => r.ObservedOn <= asOf)
                .GroupBy(r => (r.SubjectUserId, r.BehaviourId))
                .Select(g => g.OrderByDescending(r => r.ObservedOn).ThenByDescending(r => r.ObservationId).First())
                .GroupBy(r => r.BehaviourId)
                .ToDictionary(g => g.Key, g => new BehaviourPartial(g.Count(), g.Count(r => r.Rating == BehaviourRating.Seen)));

            await using var scope = Services.CreateAsyncScope();
            var actual = (await scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>().BehaviourSharesAsync(asOf, null, branchId, CancellationToken.None))
                .Where(s => s.CourseSlug == Course)
                .ToDictionary(s => s.BehaviourId, s => s.Counts);
            Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        }
    }
}
