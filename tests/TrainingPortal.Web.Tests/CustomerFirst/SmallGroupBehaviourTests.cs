using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>
/// The behaviour figures where few people were observed: a branch where one person was observed would show that
/// person's ratings to HR and executives, and a branch shown beside its region could give away the rest by subtraction.
/// </summary>
public class SmallGroupBehaviourTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task A_branch_where_one_person_was_observed_shows_neither_that_persons_share_nor_its_behaviours()
    {
        var regionId = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.RegionId).First());
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Branches.Add(new Branch { Code = "BRONE", Name = "One observed", City = "Kunshan", RegionId = regionId });
            await db.SaveChangesAsync();
        }

        var index = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).ToList()).IndexOf("BRONE");
        var managerAccount = await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: index);
        var manager = Actors.Of(managerAccount, Roles.BranchManager);
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: index);
        var course = Arrange.Course(Services, "customer-communication");
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var ratings = course.Checklist!.Behaviours.Select((b, i) => new RatingInput(b.Id, i == 0 ? BehaviourRating.Seen : BehaviourRating.NotYet, null)).ToList();
        var recorded = await UseCase.RunAsync(Services, (RecordObservation u) =>
            u.ExecuteAsync(new ObservationRequest(null, person.Id, course.Slug, today, ratings, null), manager, CancellationToken.None));
        Assert.True(recorded.Succeeded, string.Join(", ", recorded.Refusals.Select(r => r.Message)));

        // Someone observed in another branch on another checklist, then moved here: counted in this branch's figures,
        // but their ratings were recorded where this branch's manager may not read them.
        var demoManager = TestData.Query(Services, db => db.Users.Single(u => u.Email == "manager@demo.bank"));
        var demoBranchIndex = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Id).ToList()).IndexOf(demoManager.BranchId!.Value);
        var mover = await TestData.CreateLearnerAsync(Services, branchIndex: demoBranchIndex);
        var other = Arrange.Course(Services, "customer-information-and-segmentation");
        Assert.True((await UseCase.RunAsync(Services, (RecordObservation u) => u.ExecuteAsync(
            new ObservationRequest(null, mover.Id, other.Slug, today, other.Checklist!.Behaviours.Select(b => new RatingInput(b.Id, BehaviourRating.Seen, null)).ToList(), null),
            Actors.Of(demoManager, Roles.BranchManager), CancellationToken.None))).Succeeded);
        Assert.True((await UseCase.RunAsync(Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(mover.Id, mover.DisplayName, Arrange.BranchId(Services, index), mover.JobTitle, Roles.Employee), Actors.Admin(Services), CancellationToken.None))).Succeeded);

        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var regionView = await exec.GetPageAsync($"/dashboard?region={regionId}&cp=1&csort=behaviour&cdesc=true");
        var row = regionView.QuerySelector("[data-testid=culture-branches] tr[data-branch=BRONE]");
        Assert.NotNull(row);
        Assert.Equal("Too few people observed", PortalClient.Text(row.QuerySelector("td[data-component=Behaviour]")));
        Assert.Contains("Behaviour", PortalClient.Text(row.QuerySelector("td[data-component=Index]"))); // the index says which component is missing

        var branchPage = await exec.GetPageAsync("/dashboard/branches/BRONE");
        Assert.Equal("Too few people observed", PortalClient.Text(branchPage.QuerySelector("[data-testid=culture-scope] [data-component=Behaviour]")));
        Assert.Null(branchPage.QuerySelector("[data-testid=lagging-behaviours]"));
        Assert.NotNull(branchPage.QuerySelector("[data-testid=behaviours-for-managers]"));

        // The branch's manager, who may read the observation itself, reads its behaviours.
        var ownPage = await (await PortalClient.SignedInAsync(factory, managerAccount.Email!, TestData.LearnerPassword)).GetPageAsync("/dashboard/branches/BRONE");
        Assert.Equal(ratings.Count, ownPage.QuerySelectorAll("[data-testid=lagging-behaviours] tbody tr").Length); // not the newcomer's
        var broneId = Arrange.BranchId(Services, index);
        Assert.Equal(2, TestData.Query(Services, db => db.BehaviourPeopleTallies.Where(t => t.BranchId == broneId).Sum(t => t.People)));

        // Its region is still shown, so what the region's other branches show must leave at least a group's worth
        // beside the one person: each shown branch has enough people, and so does what the shown ones leave.
        await using var scope2 = Services.CreateAsyncScope();
        var query = scope2.ServiceProvider.GetRequiredService<CustomerFirstQuery>();
        var board = await query.BoardAsync(regionId, CancellationToken.None);
        var smallest = Pulse.SmallestShownGroup(query.MinimumGroupSize);
        Assert.NotNull(board.Scope.Components.Behaviour);
        var shown = board.Branches.Where(b => b.Components.Behaviour is not null).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, b => Assert.True(b.PeopleObserved >= smallest, $"{b.Name}: {b.PeopleObserved} people"));
        var rest = board.Scope.PeopleObserved - shown.Sum(b => b.PeopleObserved);
        Assert.True(rest == 0 || rest >= smallest, $"{rest} people observed in the region outside the branches shown");
        Assert.All(board.Behaviours, s => Assert.True(s.Counts.Observed >= smallest, $"{s.BehaviourId}: {s.Counts.Observed} people"));
    }

}

/// <summary>The lists of behaviours least established, where one region had one person observed: a database of its own, as a region of one changes what the bank's other regions may show.</summary>
public class SmallRegionBehaviourListTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task A_region_where_one_person_was_observed_lists_no_behaviour_and_no_list_shown_leaves_a_few_people_beside_it()
    {
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var region = new Region { Code = "R-ONE", Name = "One observed region" };
            db.Regions.Add(region);
            db.Branches.Add(new Branch { Code = "BRSOLO", Name = "Solo", City = "Zhuhai", Region = region });
            await db.SaveChangesAsync();
        }

        var index = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).ToList()).IndexOf("BRSOLO");
        var regionId = TestData.Query(Services, db => db.Regions.Single(r => r.Code == "R-ONE").Id);
        var manager = Actors.Of(await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: index), Roles.BranchManager);
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: index);
        var course = Arrange.Course(Services, "customer-communication");
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var ratings = course.Checklist!.Behaviours.Select(b => new RatingInput(b.Id, BehaviourRating.Seen, null)).ToList();
        Assert.True((await UseCase.RunAsync(Services, (RecordObservation u) =>
            u.ExecuteAsync(new ObservationRequest(null, person.Id, course.Slug, today, ratings, null), manager, CancellationToken.None))).Succeeded);

        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var regionView = await exec.GetPageAsync($"/dashboard?region={regionId}");
        Assert.Null(regionView.QuerySelector("[data-testid=lagging-behaviours]"));
        Assert.StartsWith("Too few people observed to show: 1 here", PortalClient.Text(regionView.QuerySelector("[data-testid=behaviours-hidden]")));

        // Every list shown, at the bank and in each region, names only behaviours observed for enough people, and what the
        // regions' lists leave of the bank's is nothing or enough: a list is never the one person's ratings by subtraction.
        await using var scope2 = Services.CreateAsyncScope();
        var query = scope2.ServiceProvider.GetRequiredService<CustomerFirstQuery>();
        var smallest = Pulse.SmallestShownGroup(query.MinimumGroupSize);
        var bank = await query.BoardAsync(null, CancellationToken.None);
        var regions = new List<CultureBoard>();
        foreach (var top in TestData.Query(Services, db => db.Regions.Where(r => r.ParentId == null).Select(r => r.Id).ToList()))
        {
            regions.Add(await query.BoardAsync(top, CancellationToken.None));
        }

        Assert.NotEmpty(bank.Behaviours);
        foreach (var listed in bank.Behaviours.Concat(regions.SelectMany(r => r.Behaviours)))
        {
            Assert.True(listed.Counts.Observed >= smallest, $"{listed.BehaviourId}: {listed.Counts.Observed} people");
        }

        foreach (var behaviour in bank.Behaviours)
        {
            var rest = behaviour.Counts.Observed - regions.SelectMany(r => r.Behaviours)
                .Where(s => (s.CourseSlug, s.BehaviourId) == (behaviour.CourseSlug, behaviour.BehaviourId)).Sum(s => s.Counts.Observed);
            Assert.True(rest == 0 || rest >= smallest, $"{behaviour.BehaviourId}: {rest} people outside the regions that list it");
        }
    }
}

/// <summary>
/// A branch's list of behaviours beside its figure, once someone last rated in another branch moves in: a database of
/// its own, as the move changes the demo branch's figures.
/// </summary>
public class BranchListNewcomerTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task A_branchs_list_is_held_back_while_a_newcomer_last_rated_elsewhere_would_be_its_figure_less_the_list_and_returns_once_they_are_rated_here()
    {
        var demoManager = TestData.Query(Services, db => db.Users.Single(u => u.Email == "manager@demo.bank"));
        var branchIds = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Id).ToList());
        var home = branchIds.IndexOf(demoManager.BranchId!.Value);
        var away = home == 0 ? 1 : 0;
        var code = TestData.Query(Services, db => db.Branches.Single(b => b.Id == demoManager.BranchId).Code);
        var awayManager = Actors.Of(await TestData.CreateLearnerAsync(Services, role: Roles.BranchManager, branchIndex: away), Roles.BranchManager);
        var newcomer = await TestData.CreateLearnerAsync(Services, branchIndex: away);
        var course = Arrange.Course(Services, "customer-communication");
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        ObservationRequest Rated(BehaviourRating rating) =>
            new(null, newcomer.Id, course.Slug, today, course.Checklist!.Behaviours.Select(b => new RatingInput(b.Id, rating, null)).ToList(), null);
        Assert.True((await UseCase.RunAsync(Services, (RecordObservation u) => u.ExecuteAsync(Rated(BehaviourRating.NotYet), awayManager, CancellationToken.None))).Succeeded);
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var before = await manager.GetPageAsync($"/dashboard/branches/{code}");
        Assert.NotNull(before.QuerySelector("[data-testid=lagging-behaviours]"));

        Assert.True((await UseCase.RunAsync(Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(newcomer.Id, newcomer.DisplayName, demoManager.BranchId, newcomer.JobTitle, Roles.Employee), Actors.Admin(Services), CancellationToken.None))).Succeeded);
        ((MemoryCache)Services.GetRequiredService<IMemoryCache>()).Clear(); // boards are kept a minute of real time
        var moved = await manager.GetPageAsync($"/dashboard/branches/{code}");

        // The figure counts the newcomer's ratings from elsewhere, all "not yet": it is shown, and lower.
        double Figure(AngleSharp.Html.Dom.IHtmlDocument page) =>
            double.Parse(PortalClient.Text(page.QuerySelector("[data-testid=culture-scope] [data-component=Behaviour]")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Figure(moved) < Figure(before), $"{Figure(moved)} against {Figure(before)} before the move");
        Assert.Null(moved.QuerySelector("[data-testid=lagging-behaviours]"));
        Assert.StartsWith("The list is held back: a few of this branch's people were last observed in another branch",
            PortalClient.Text(moved.QuerySelector("[data-testid=behaviours-hidden]")));

        Assert.True((await UseCase.RunAsync(Services, (RecordObservation u) =>
            u.ExecuteAsync(Rated(BehaviourRating.Seen), Actors.Of(demoManager, Roles.BranchManager), CancellationToken.None))).Succeeded);
        ((MemoryCache)Services.GetRequiredService<IMemoryCache>()).Clear(); // boards are kept a minute of real time
        var ratedHere = await manager.GetPageAsync($"/dashboard/branches/{code}");

        Assert.NotNull(ratedHere.QuerySelector("[data-testid=lagging-behaviours]"));
        Assert.Null(ratedHere.QuerySelector("[data-testid=behaviours-hidden]"));
    }
}
