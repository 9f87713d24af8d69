using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>
/// The behaviour figures the bank and its regions read from the counts, against the definition worked out from every
/// rating: a year of random observations, corrections and backdated records in two branches, then people moved by an
/// administrator and by an import, one disabled and one made a leaver by an import. After the test, the counts the use
/// cases kept must also equal a recount (<see cref="UseCaseTestBase"/>).
/// </summary>
public class BehaviourCountTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private sealed record Rated(string SubjectUserId, bool Active, int? BranchId, int? RegionId, long ObservationId, DateOnly ObservedOn, string CourseSlug, string BehaviourId, BehaviourRating Rating);

    [Fact]
    public async Task Figures_read_from_the_counts_equal_the_latest_ratings_on_every_quarter_end_and_today()
    {
        var random = new Random(2027);
        var today = Services.GetRequiredService<BankCalendar>().DateOf(Factory.Clock.GetUtcNow().UtcDateTime);
        var course = Arrange.Course(Services, "customer-communication");
        var behaviours = course.Checklist!.Behaviours.Select(b => b.Id).ToList();
        // Two branches in different regions, so that a move between them moves counts from one region to the other.
        var branchRegions = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.RegionId).ToList());
        int[] branchIndexes = [3, Enumerable.Range(4, branchRegions.Count - 4).First(i => branchRegions[i] != branchRegions[3])];
        var staff = new Dictionary<int, List<PortalUser>>();
        var managers = new Dictionary<int, Actor>();
        foreach (var index in branchIndexes)
        {
            managers[index] = Actors.Of(await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: index), Roles.BranchManager);
            staff[index] = [];
            for (var i = 0; i < 4; i++)
            {
                staff[index].Add(await TestData.CreateLearnerAsync(Services, branchIndex: index));
            }
        }

        var recorded = new List<(long Id, int Branch, string Subject)>();
        for (var i = 0; i < 60; i++)
        {
            var branch = branchIndexes[random.Next(branchIndexes.Length)];
            var ratings = behaviours.Where(_ => random.NextDouble() < 0.6).Select(b => new RatingInput(b, (BehaviourRating)random.Next(3), null)).ToList();
            if (ratings.Count == 0)
            {
                continue;
            }

            // Dates over the past year, near quarter ends more often than not; a quarter of the records correct an earlier one.
            var on = random.NextDouble() < 0.5 ? Quarters.EndOf(today.AddMonths(-3 * random.Next(1, 4))).AddDays(random.Next(-1, 2)) : today.AddDays(-random.Next(0, 360));
            var mine = recorded.Where(r => r.Branch == branch).ToList();
            var correction = mine.Count > 0 && random.NextDouble() < 0.25 ? mine[random.Next(mine.Count)] : default;
            var subject = correction.Subject ?? staff[branch][random.Next(staff[branch].Count)].Id;
            var outcome = await UseCase.RunAsync(Services, (RecordObservation u) =>
                u.ExecuteAsync(new ObservationRequest(correction.Subject is null ? null : correction.Id, subject, course.Slug, on, ratings, null), managers[branch], CancellationToken.None));
            Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
            if (correction.Subject is null)
            {
                recorded.Add((outcome.Value, branch, subject));
            }
        }

        var (first, second) = (Arrange.BranchId(Services, branchIndexes[0]), Arrange.BranchId(Services, branchIndexes[1]));
        var admin = Actors.Admin(Services);
        var moved = staff[branchIndexes[0]][0];
        Assert.True((await UseCase.RunAsync(Services, (ChangeAccount u) =>
            u.ExecuteAsync(new AccountChange(moved.Id, moved.DisplayName, second, moved.JobTitle, Roles.Employee), admin, CancellationToken.None))).Succeeded);
        Assert.True((await UseCase.RunAsync(Services, (SetAccountActive u) =>
            u.ExecuteAsync(staff[branchIndexes[1]][0].Id, active: false, admin, CancellationToken.None))).Succeeded);
        var (importMoved, importLeaver) = (staff[branchIndexes[1]][1], staff[branchIndexes[0]][1]);
        string Line(PortalUser p, int branchIndex, string active) =>
            $"{p.EmployeeNumber},{p.DisplayName},{p.Email},{Arrange.BranchCode(Services, branchIndex)},{p.JobTitle},{p.HireDate:yyyy-MM-dd},employee,{active}";
        var import = await UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(
            Arrange.Csv("employee_number,name,email,branch_code,job_title,hire_date,role,active", Line(importMoved, branchIndexes[0], "yes"), Line(importLeaver, branchIndexes[0], "no")),
            "moves.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));
        Assert.Empty(import.Problems);

        var ratingsNow = TestData.Query(Services, db => (
            from r in db.ObservationRatings
            join u in db.Users on r.Observation.SubjectUserId equals u.Id
            select new Rated(u.Id, u.IsActive, u.BranchId, (int?)u.Branch!.RegionId, r.ObservationId, r.Observation.ObservedOn, r.Observation.CourseSlug, r.BehaviourId, r.Rating)).ToList());
        Assert.Contains(ratingsNow, r => r.SubjectUserId == moved.Id && r.BranchId == second);
        int[] regions = [branchRegions[branchIndexes[0]], branchRegions[branchIndexes[1]]];

        // The definition: per active person and behaviour, the rating with the latest date, then the latest record, by the day.
        List<BehaviourShare> Expected(DateOnly day, int? regionId) => ratingsNow
            .Where(r => r.Active && r.ObservedOn <= day && (regionId is null || r.RegionId == regionId))
            .GroupBy(r => (r.SubjectUserId, r.CourseSlug, r.BehaviourId))
            .Select(g => g.OrderByDescending(r => r.ObservedOn).ThenByDescending(r => r.ObservationId).First())
            .GroupBy(r => (r.CourseSlug, r.BehaviourId))
            .Select(g => new BehaviourShare(g.Key.CourseSlug, g.Key.BehaviourId, new BehaviourPartial(g.Count(), g.Count(r => Observations.IsEstablished(r.Rating)))))
            .OrderBy(s => s.CourseSlug, StringComparer.Ordinal).ThenBy(s => s.BehaviourId, StringComparer.Ordinal)
            .ToList();

        await using var scope = Services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>();
        var days = Quarters.UpTo(today, 5).Select(Quarters.EndOf).Where(end => end < today).Append(today).ToList();
        foreach (var day in days)
        {
            foreach (var regionId in new int?[] { null, regions[0], regions[1] })
            {
                Assert.True(BehaviourQuarterKey.IsExactOn(day, today));
                var actual = (await query.BehaviourSharesAsync(day, regionId, null, CancellationToken.None))
                    .OrderBy(s => s.CourseSlug, StringComparer.Ordinal).ThenBy(s => s.BehaviourId, StringComparer.Ordinal).ToList();
                Assert.Equal(Expected(day, regionId), actual);
            }
        }

        // The people observed by each day, per branch: those with a rating dated on or before it, each once.
        foreach (var day in days)
        {
            var expectedPeople = ratingsNow.Where(r => r.Active && r.ObservedOn <= day)
                .GroupBy(r => r.BranchId ?? TallyKey.HeadOffice)
                .ToDictionary(g => g.Key, g => g.Select(r => r.SubjectUserId).Distinct().Count());
            Assert.Equal(expectedPeople.OrderBy(e => e.Key), (await query.ObservedPeopleAsync(day, CancellationToken.None)).OrderBy(e => e.Key));
        }

        var byBranch = await query.BehaviourByBranchAsync(null, null, CancellationToken.None);
        var expectedByBranch = ratingsNow.Where(r => r.Active)
            .GroupBy(r => (r.SubjectUserId, r.CourseSlug, r.BehaviourId))
            .Select(g => g.OrderByDescending(r => r.ObservedOn).ThenByDescending(r => r.ObservationId).First())
            .GroupBy(r => r.BranchId ?? TallyKey.HeadOffice)
            .ToDictionary(g => g.Key, g => new BehaviourPartial(g.Count(), g.Count(r => Observations.IsEstablished(r.Rating))));
        Assert.Equal(expectedByBranch.OrderBy(e => e.Key), byBranch.OrderBy(e => e.Key));
        Assert.True(expectedByBranch[first].Observed > 0 && expectedByBranch[second].Observed > 0, "both branches have observed behaviours");
    }
}
