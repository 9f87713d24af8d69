using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>HR withdraws a pulse period opened by mistake, while nobody has answered it; a period with answers runs its course.</summary>
public class PulseWithdrawalTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    internal static async Task<(PortalClient Hr, int PeriodId)> OpenAsync(PortalFactory factory, string title)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var opened = await hr.SubmitAsync(await hr.GetPageAsync("/hr/pulse"), "[data-testid=open-pulse]", new Dictionary<string, string> { ["Input.Title"] = title });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return (hr, TestData.Query(factory.Services, db => db.PulsePeriods.Single(p => p.Title == title).Id));
    }

    [Fact]
    public async Task A_period_nobody_has_answered_is_withdrawn_from_its_row_audited_and_asks_nobody_any_more()
    {
        var (hr, periodId) = await OpenAsync(factory, "Opened by mistake");
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 2);
        var employee = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        Assert.NotNull((await employee.GetPageAsync("/pulse")).QuerySelector("[data-testid=pulse-form]"));

        var page = await hr.GetPageAsync("/hr/pulse");
        var withdrawn = await hr.ParseAsync(await hr.FollowAsync(await hr.SubmitAsync(page, "[data-testid=withdraw-pulse]", new Dictionary<string, string>())));

        Assert.Equal("The pulse 'Opened by mistake' is withdrawn. No one had answered it.", PortalClient.Text(withdrawn.QuerySelector("[role=status]")));
        Assert.False(TestData.Query(Services, db => db.PulsePeriods.Any(p => p.Id == periodId)));
        var audit = TestData.Query(Services, db => db.AuditEntries.Single(a => a.Action == AuditActions.PulseWithdrawn));
        Assert.Equal(periodId.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.TargetId);
        Assert.Null((await employee.GetPageAsync("/pulse")).QuerySelector("[data-testid=pulse-form]"));
    }

    [Fact]
    public async Task A_period_that_closed_unanswered_stays_as_its_quarters_record_and_the_use_case_refuses_to_withdraw_it()
    {
        var (_, periodId) = await OpenAsync(factory, "Closed unanswered");
        var closesOn = TestData.Query(Services, db => db.PulsePeriods.Single(p => p.Id == periodId).ClosesOn);
        factory.Clock.Advance(closesOn.ToDateTime(TimeOnly.MinValue) - factory.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromDays(2));
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        Assert.Null((await hr.GetPageAsync("/hr/pulse")).QuerySelector("[data-testid=withdraw-pulse]"));
        var outcome = await UseCase.RunAsync(Services, (WithdrawPulsePeriod u) => u.ExecuteAsync(periodId, Actors.Hr(Services), CancellationToken.None));

        Assert.Contains("has closed", Assert.Single(outcome.Refusals).Message);
        Assert.True(TestData.Query(Services, db => db.PulsePeriods.Any(p => p.Id == periodId)));
        Assert.False(TestData.Query(Services, db => db.AuditEntries.Any(a => a.Action == AuditActions.PulseWithdrawn && a.TargetId == periodId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}

/// <summary>A period with answers runs its course: a database of its own, as periods may not overlap.</summary>
public class AnsweredPulseWithdrawalTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task A_period_someone_has_answered_offers_no_withdrawal_and_the_use_case_refuses_it()
    {
        var (hr, periodId) = await PulseWithdrawalTests.OpenAsync(factory, "Answered pulse");
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 3);
        var employee = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var form = await employee.GetPageAsync("/pulse");
        var statements = form.QuerySelectorAll("[data-testid=pulse-form] fieldset[data-statement]").Select(f => f.GetAttribute("data-statement")!).ToList();
        Assert.Equal(HttpStatusCode.Redirect, (await employee.SubmitAsync(form, "[data-testid=pulse-form]", statements.ToDictionary(id => $"Scores[{id}]", _ => "4"))).StatusCode);

        Assert.Null((await hr.GetPageAsync("/hr/pulse")).QuerySelector("[data-testid=withdraw-pulse]"));
        var outcome = await UseCase.RunAsync(Services, (WithdrawPulsePeriod u) => u.ExecuteAsync(periodId, Actors.Hr(Services), CancellationToken.None));

        Assert.Contains("answered (1 so far)", Assert.Single(outcome.Refusals).Message);
        Assert.True(TestData.Query(Services, db => db.PulsePeriods.Any(p => p.Id == periodId)));
        var manager = Actors.Of(TestData.Query(Services, db => db.Users.Single(u => u.Email == "manager@demo.bank")), TrainingPortal.Core.Staff.Roles.BranchManager);
        Assert.True((await UseCase.RunAsync(Services, (WithdrawPulsePeriod u) => u.ExecuteAsync(periodId, manager, CancellationToken.None))).Forbidden);

        // Who answered goes with a leaver's account; the answer stays, and keeps the period as answered.
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TrainingPortal.Data.PortalDbContext>().PulseParticipations.Where(p => p.PeriodId == periodId).ExecuteDeleteAsync();
        }

        var afterLeaving = await UseCase.RunAsync(Services, (WithdrawPulsePeriod u) => u.ExecuteAsync(periodId, Actors.Hr(Services), CancellationToken.None));
        Assert.Contains("answered (1 so far)", Assert.Single(afterLeaving.Refusals).Message);
    }
}

/// <summary>The pulse form posted in shapes a browser would not send: a database of its own, as periods may not overlap.</summary>
public class PulseFormTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task A_pulse_answer_posted_with_one_statement_twice_or_without_a_name_is_refused_as_incomplete_not_failed()
    {
        var (_, periodId) = await PulseWithdrawalTests.OpenAsync(factory, "Posted twice");
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 4);
        var employee = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var form = await employee.GetPageAsync("/pulse");
        var statement = form.QuerySelector("[data-testid=pulse-form] fieldset[data-statement]")!.GetAttribute("data-statement")!;

        // The dictionary binder's own form: a key named twice, and one left empty.
        var twice = await employee.SubmitAsync(form, "[data-testid=pulse-form]", new Dictionary<string, string>(),
            [new("Scores[0].Key", statement), new("Scores[0].Value", "3"), new("Scores[1].Key", statement), new("Scores[1].Value", "4")]);
        var unnamed = await employee.SubmitAsync(form, "[data-testid=pulse-form]", new Dictionary<string, string>(),
            [new("Scores[0].Key", ""), new("Scores[0].Value", "3")]);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (twice.StatusCode, unnamed.StatusCode));
        Assert.Contains("Answer every statement", PortalClient.Text((await employee.ParseAsync(twice)).QuerySelector(".validation-summary-errors")));
        Assert.False(TestData.Query(Services, db => db.PulseParticipations.Any(p => p.PeriodId == periodId)));

        // The form's token in its header, as antiforgery accepts it, and a body that is not a form.
        var token = form.QuerySelector("[data-testid=pulse-form] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var json = new HttpRequestMessage(HttpMethod.Post, "/pulse") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        json.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.BadRequest, (await employee.Http.SendAsync(json)).StatusCode);
    }
}

/// <summary>A pulse answer refused for statements left out says which: a database of its own, as periods may not overlap.</summary>
public class PulseUnansweredTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Each_statement_left_without_a_score_says_so_in_its_own_group_and_the_answered_ones_keep_their_score()
    {
        await PulseWithdrawalTests.OpenAsync(factory, "Left out");
        var learner = await TestData.CreateLearnerAsync(factory.Services, branchIndex: 4);
        var employee = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var form = await employee.GetPageAsync("/pulse");
        var statements = form.QuerySelectorAll("[data-testid=pulse-form] fieldset[data-statement]").Select(f => f.GetAttribute("data-statement")!).ToList();
        Assert.True(statements.Count >= 3, $"{statements.Count} statements");

        var refused = await employee.ParseAsync(await employee.SubmitAsync(form, "[data-testid=pulse-form]",
            new Dictionary<string, string> { [$"Scores[{statements[0]}]"] = "4", [$"Scores[{statements[1]}]"] = "9" }));

        var groups = refused.QuerySelectorAll("[data-testid=pulse-form] fieldset[data-statement]").ToList();
        Assert.Null(groups[0].QuerySelector("[data-testid=pulse-unanswered]"));
        Assert.Null(groups[0].GetAttribute("aria-describedby"));
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)groups[0].QuerySelector("input[value='4']")!).IsChecked);
        Assert.All(groups.Skip(1), group =>
        {
            var message = refused.GetElementById(group.GetAttribute("aria-describedby")!);
            Assert.NotNull(message);
            Assert.Equal("Not answered yet: choose a score from 1 to 5.", PortalClient.Text(message!));
            Assert.Same(message, group.QuerySelector("[data-testid=pulse-unanswered]"));
        });
    }
}
