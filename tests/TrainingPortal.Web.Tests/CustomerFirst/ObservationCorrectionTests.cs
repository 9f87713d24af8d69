using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>Corrections as the year goes by: a portal of its own, since it moves the clock by days.</summary>
public class ObservationCorrectionTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Course = "customer-communication";

    [Fact]
    public async Task An_observation_kept_on_its_day_may_be_corrected_after_a_year_but_not_moved_to_an_older_day()
    {
        var manager = Actors.Of(TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == "manager@demo.bank")), Roles.BranchManager);
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var behaviours = Services.GetRequiredService<CourseCatalog>().Find(Course)!.Checklist!.Behaviours.Select(b => b.Id).ToList();
        ObservationRequest Request(long? id, DateOnly on, BehaviourRating rating) => new(id, person.Id, Course, on, behaviours.Select(b => new RatingInput(b, rating, null)).ToList(), null);
        Task<Outcome<long>> RecordAsync(ObservationRequest request) => UseCase.RunAsync(Services, (RecordObservation u) => u.ExecuteAsync(request, manager, CancellationToken.None));
        var observedOn = Services.GetRequiredService<BankCalendar>().DateOf(Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-360);
        var recorded = await RecordAsync(Request(null, observedOn, BehaviourRating.NotYet));
        Assert.True(recorded.Succeeded);

        Factory.Clock.Advance(TimeSpan.FromDays(10)); // the day observed is now more than a year ago
        var corrected = await RecordAsync(Request(recorded.Value, observedOn, BehaviourRating.Seen));
        var moved = await RecordAsync(Request(recorded.Value, observedOn.AddDays(-1), BehaviourRating.Seen));

        Assert.True(corrected.Succeeded, string.Join(", ", corrected.Refusals.Select(r => r.Message)));
        Assert.All(TestData.Query(Services, db => db.ObservationRatings.Where(r => r.ObservationId == recorded.Value).ToList()), r => Assert.Equal(BehaviourRating.Seen, r.Rating));
        Assert.Equal("ObservedOn", Assert.Single(moved.Refusals).Field);
    }
}
