using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>Observations through their real pages and forms, and who may see them.</summary>
public class ObservationPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Course = "customer-communication";

    private IServiceProvider Services => factory.Services;

    private async Task<(PortalUser User, PortalClient Client)> PersonAsync(int branchIndex, string role = Roles.Employee)
    {
        var user = await TestData.CreateLearnerAsync(Services, role: role, branchIndex: branchIndex);
        return (user, await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword));
    }

    [Fact]
    public async Task A_checklist_name_too_long_to_be_one_is_refused_in_the_readers_language()
    {
        var (person, _) = await PersonAsync(0);
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        manager.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var response = await manager.Http.GetAsync($"/branch/observations/new?person={person.Id}&course={new string('c', 101)}");

        var refusals = PortalClient.Text((await manager.ParseAsync(response)).QuerySelector("main"));
        Assert.Contains("不能超过100个字符", refusals);
        Assert.DoesNotContain("must be", refusals);
    }

    /// <summary>The demo manager (branch 0) rates the first behaviour seen and the second not yet, with notes; returns the new observation's id.</summary>
    private static async Task<long> RecordAsync(PortalClient manager, string personId)
    {
        var choose = await manager.GetPageAsync("/branch/observations/new");
        Assert.Contains(personId, choose.QuerySelectorAll("#o-person option").Select(o => o.GetAttribute("value")));
        var form = await manager.GetPageAsync($"/branch/observations/new?person={personId}&course={Course}");
        var response = await manager.SubmitAsync(form, "[data-testid=observation-form]", new Dictionary<string, string>
        {
            ["Input.Ratings[0].Rating"] = nameof(BehaviourRating.Seen),
            ["Input.Ratings[0].Note"] = "Waited for the customer to finish <b>every</b> time.",
            ["Input.Ratings[1].Rating"] = nameof(BehaviourRating.NotYet),
            ["Input.Note"] = "A calm counter; try summarising back next time.",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return long.Parse(location.Split('/', '?')[2], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_post_for_a_course_gone_from_the_catalogue_says_why_it_was_refused()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var (person, _) = await PersonAsync(branchIndex: 0);
        var form = await manager.GetPageAsync($"/branch/observations/new?person={person.Id}&course={Course}");

        // The course went out of the catalogue (or never had a checklist) while the form was open.
        var response = await manager.SubmitAsync(form, "[data-testid=observation-form]", new Dictionary<string, string>
        {
            ["course"] = "no-such-course",
            ["Input.Ratings[0].Rating"] = nameof(BehaviourRating.Seen),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await manager.ParseAsync(response);
        var refusal = Services.GetRequiredService<IStringLocalizer<TrainingPortal.Web.Shared>>()["Refusal.Observation.NoChecklist"].Value;
        Assert.Contains(refusal, PortalClient.Text(page.QuerySelector("[data-testid=observation-refusals]")));
        Assert.False(TestData.Query(Services, db => db.Observations.Any(o => o.SubjectUserId == person.Id)));
    }

    [Fact]
    public async Task A_manager_records_an_observation_and_the_employee_reads_and_acknowledges_it()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var (person, employee) = await PersonAsync(branchIndex: 0);

        var id = await RecordAsync(manager, person.Id);

        var saved = await manager.GetPageAsync($"/observations/{id}?saved=true");
        Assert.Equal("Waited for the customer to finish <b>every</b> time.", PortalClient.Text(saved.QuerySelector("[data-testid=ratings] tbody tr:first-child td:last-child"))); // encoded, not markup
        Assert.Contains(person.DisplayName, PortalClient.Text((await manager.GetPageAsync("/branch/observations")).QuerySelector($"[data-testid=observations] tr[data-observation='{id}']")));
        Assert.NotNull((await manager.GetPageAsync($"/branch/observations?course={Course.ToUpperInvariant()}")).QuerySelector($"[data-testid=observations] tr[data-observation='{id}']"));

        var home = await employee.GetPageAsync("/");
        var line = home.QuerySelector("[data-testid=my-observations] tbody tr");
        Assert.Contains("Read and acknowledge", PortalClient.Text(line));
        Assert.Contains("1 of 2", PortalClient.Text(line));
        var mine = await employee.GetPageAsync($"/observations/{id}");
        Assert.Equal("A calm counter; try summarising back next time.", PortalClient.Text(mine.QuerySelector("[data-testid=observation-note]")));
        var acknowledged = await employee.ParseAsync(await employee.FollowAsync(await employee.SubmitAsync(mine, "[data-testid=acknowledge]", new Dictionary<string, string>())));
        Assert.StartsWith("Acknowledged on", PortalClient.Text(acknowledged.QuerySelector("[data-testid=acknowledgement]")));
        Assert.Null(acknowledged.QuerySelector("[data-testid=acknowledge]"));
        Assert.NotNull(TestData.Query(Services, db => db.Observations.Single(o => o.Id == id).AcknowledgedAtUtc));
        Assert.Contains("Acknowledged", PortalClient.Text((await employee.GetPageAsync("/")).QuerySelector("[data-testid=my-observations] tbody tr")));

        // Acknowledged, it stands: the edit page sends the author back to the observation.
        var edit = await manager.Http.GetAsync($"/branch/observations/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
    }

    [Fact]
    public async Task Once_the_person_has_moved_to_another_branch_the_author_is_no_longer_offered_an_edit_and_the_edit_page_refuses()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var (person, _) = await PersonAsync(branchIndex: 0);
        var id = await RecordAsync(manager, person.Id);
        Assert.NotNull((await manager.GetPageAsync($"/observations/{id}")).QuerySelector($"a[href='/branch/observations/{id}/edit']"));

        var moved = await UseCase.RunAsync(Services, (TrainingPortal.Web.Accounts.ChangeAccount u) => u.ExecuteAsync(
            new TrainingPortal.Web.Accounts.AccountChange(person.Id, person.DisplayName, Arrange.BranchId(Services, 1), person.JobTitle, Roles.Employee), Actors.Hr(Services), CancellationToken.None));
        Assert.True(moved.Succeeded);

        Assert.Null((await manager.GetPageAsync($"/observations/{id}")).QuerySelector($"a[href='/branch/observations/{id}/edit']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Http.GetAsync($"/branch/observations/{id}/edit")).StatusCode);
    }

    [Fact]
    public async Task A_manager_moved_with_the_person_can_no_longer_correct_what_they_recorded_in_their_old_branch()
    {
        var (author, manager) = await PersonAsync(branchIndex: 0, role: Roles.BranchManager);
        var (person, _) = await PersonAsync(branchIndex: 0);
        var id = await RecordAsync(manager, person.Id);
        foreach (var (user, role) in new[] { (person, Roles.Employee), (author, Roles.BranchManager) })
        {
            Assert.True((await UseCase.RunAsync(Services, (TrainingPortal.Web.Accounts.ChangeAccount u) => u.ExecuteAsync(
                new TrainingPortal.Web.Accounts.AccountChange(user.Id, user.DisplayName, Arrange.BranchId(Services, 1), user.JobTitle, role), Actors.Hr(Services), CancellationToken.None))).Succeeded);
        }

        var before = TestData.Query(Services, db => db.Observations.AsNoTracking().Include(o => o.Ratings).Single(o => o.Id == id));
        manager = await PortalClient.SignedInAsync(factory, author.Email!, TestData.LearnerPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Http.GetAsync($"/branch/observations/{id}/edit")).StatusCode);
        var corrected = await UseCase.RunAsync(Services, (RecordObservation u) => u.ExecuteAsync(
            new ObservationRequest(id, person.Id, Course, before.ObservedOn, before.Ratings.Select(r => new RatingInput(r.BehaviourId, BehaviourRating.Seen, null)).ToList(), "Changed after the move"),
            Actors.Of(author, Roles.BranchManager), CancellationToken.None));

        Assert.True(corrected.Forbidden);
        Assert.Equal(before.Note, TestData.Query(Services, db => db.Observations.Single(o => o.Id == id).Note));
    }

    [Fact]
    public async Task Another_branchs_manager_other_staff_hr_and_executives_cannot_open_an_observation()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var (person, _) = await PersonAsync(branchIndex: 0);
        var id = await RecordAsync(manager, person.Id);
        var (_, otherBranchManager) = await PersonAsync(branchIndex: 1, Roles.BranchManager);
        var (_, colleague) = await PersonAsync(branchIndex: 0);
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");

        foreach (var client in new[] { otherBranchManager, colleague, hr, exec })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/observations/{id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await otherBranchManager.Http.GetAsync($"/branch/observations/{id}/edit")).StatusCode);
        Assert.DoesNotContain(person.DisplayName, PortalClient.Text((await otherBranchManager.GetPageAsync("/branch/observations")).Body));
    }

    [Fact]
    public async Task A_manager_is_refused_someone_of_another_branch_and_another_managers_observation()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var (elsewhere, _) = await PersonAsync(branchIndex: 1);
        var (person, _) = await PersonAsync(branchIndex: 0);
        var (_, secondManager) = await PersonAsync(branchIndex: 0, Roles.BranchManager);
        var id = await RecordAsync(manager, person.Id);
        var before = TestData.Query(Services, db => db.Observations.Count());

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Http.GetAsync($"/branch/observations/new?person={elsewhere.Id}&course={Course}")).StatusCode);
        var form = await manager.GetPageAsync($"/branch/observations/new?person={person.Id}&course={Course}");
        var forged = await manager.SubmitAsync(form, "[data-testid=observation-form]",
            new Dictionary<string, string> { ["person"] = elsewhere.Id, ["Input.Ratings[0].Rating"] = nameof(BehaviourRating.Seen) });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // The second manager of the branch may read it, but not correct it: the form is refused on the way in and out.
        Assert.Equal(HttpStatusCode.OK, (await secondManager.Http.GetAsync($"/observations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secondManager.Http.GetAsync($"/branch/observations/{id}/edit")).StatusCode);
        var ownForm = await manager.GetPageAsync($"/branch/observations/{id}/edit");
        var theirs = await secondManager.SubmitAsync(ownForm, "[data-testid=observation-form]", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = (await secondManager.GetPageAsync("/branch/observations/new")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Input.Ratings[0].Rating"] = nameof(BehaviourRating.NotYet),
        });
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.Equal(before, TestData.Query(Services, db => db.Observations.Count()));
        var first = Arrange.Course(Services, Course).Checklist!.Behaviours[0].Id;
        Assert.Equal(BehaviourRating.Seen, TestData.Query(Services, db => db.ObservationRatings.Single(r => r.ObservationId == id && r.BehaviourId == first).Rating));
    }

    [Fact]
    public async Task Bad_values_on_the_form_are_refused_beside_the_form_and_nothing_is_stored()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var (person, _) = await PersonAsync(branchIndex: 0);
        var form = await manager.GetPageAsync($"/branch/observations/new?person={person.Id}&course={Course}");
        var before = TestData.Query(Services, db => db.Observations.Count());

        foreach (var values in new Dictionary<string, string>[]
        {
            new() { ["Input.Ratings[0].Rating"] = "Brilliant" },
            new() { ["Input.Ratings[0].Rating"] = "Seen", ["Input.ObservedOn"] = "2099-01-01" },
            new() { ["Input.Ratings[0].Rating"] = "Seen", ["Input.ObservedOn"] = "not a date" },
            new() { ["Input.Ratings[0].Rating"] = "Seen", ["Input.Note"] = new string('x', 10_000) },
            new() { ["Input.Ratings[0].Rating"] = "Seen", ["Input.Ratings[0].Note"] = "bell\u0007" },
            new(),
        })
        {
            var response = await manager.SubmitAsync(form, "[data-testid=observation-form]", values);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await manager.ParseAsync(response);
            Assert.NotEmpty(PortalClient.Text(page.QuerySelector(".validation-summary-errors")));
        }

        Assert.Equal(before, TestData.Query(Services, db => db.Observations.Count()));
    }

    [Theory]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh-HK", "zh-Hant")]
    public async Task The_index_and_its_components_appear_in_the_readers_language(string acceptLanguage, string culture)
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        exec.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(acceptLanguage));
        var text = Services.GetRequiredService<IStringLocalizer<Shared>>();
        string In(string key)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try { return text[key].Value; } finally { CultureInfo.CurrentUICulture = previous; }
        }

        var branch = Arrange.BranchCode(Services, 0);
        var bank = await exec.GetPageAsync("/dashboard");
        Assert.NotNull(bank.QuerySelector("[data-testid=lagging-behaviours] tbody tr"));
        foreach (var page in new[] { bank, await exec.GetPageAsync($"/dashboard/branches/{branch}") })
        {
            var panel = page.QuerySelector("[data-testid=customer-first]");
            Assert.Equal(In("CustomerFirst.Heading"), PortalClient.Text(panel!.QuerySelector("h2")));
            Assert.NotEqual(text["CustomerFirst.Heading"].Value, In("CustomerFirst.Heading"));
            Assert.Contains(In("CustomerFirst.Component.Behaviour"), PortalClient.Text(panel.QuerySelector("[data-testid=culture-scope]")));
            // The bank lists its behaviours, from the translated checklist; a branch's list is its managers' alone, and says so.
            var behaviours = PortalClient.Text(panel.QuerySelector("[data-testid=lagging-behaviours] tbody tr") ?? panel.QuerySelector("[data-testid=behaviours-for-managers]"));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", behaviours);
        }
    }
}
