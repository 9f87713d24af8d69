using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Tests.UseCases;

public class ExtraAttemptUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Slug = Arrange.QuizCourse;

    private Task<Outcome<string>> GrantAsync(ExtraAttemptRequest request, Actor actor) =>
        UseCase.RunAsync(Services, (GrantExtraAttempt u) => u.ExecuteAsync(request, actor, CancellationToken.None));

    private async Task<PortalUser> LearnerOutOfAttemptsAsync(string role = Roles.Employee)
    {
        var learner = await TestData.CreateLearnerAsync(Services, role: role);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        await Arrange.UseUpAttemptsAsync(Services, learner.Id, Slug);
        return learner;
    }

    [Fact]
    public async Task Hr_grants_a_learner_who_used_every_attempt_one_more_with_the_reason_on_record()
    {
        var learner = await LearnerOutOfAttemptsAsync();
        var hr = Actors.Hr(Services);
        var course = Arrange.Course(Services, Slug);
        var lastAudit = Audit.LastId(Services);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await GrantAsync(new ExtraAttemptRequest(learner.Id, Slug, "  Off sick during the second and third attempts  "), hr);

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        Assert.Equal($"{learner.DisplayName} may now take one more attempt at {course.Title}.", outcome.Value);
        var grant = Assert.Single(TestData.Query(Services, db => db.ExtraAttemptGrants.AsNoTracking().Where(g => g.UserId == learner.Id).ToList()));
        Assert.Equal((Slug, hr.UserId, Arrange.Now(Factory), "Off sick during the second and third attempts"), (grant.CourseSlug, grant.GrantedByUserId, grant.GrantedAtUtc, grant.Reason));
        var entry = Assert.Single(Audit.Since(Services, lastAudit));
        Assert.Equal((AuditActions.ExtraAttemptGranted, "Employee", learner.Id, hr.UserId), (entry.Action, entry.TargetType, entry.TargetId, entry.ActorUserId));
        Assert.EndsWith(": Off sick during the second and third attempts", entry.Summary, StringComparison.Ordinal);
        Assert.Equal(course.MaxAttempts, JsonDocument.Parse(entry.BeforeJson!).RootElement.GetProperty("allowed").GetInt32());
        Assert.Equal(course.MaxAttempts + 1, JsonDocument.Parse(entry.AfterJson!).RootElement.GetProperty("allowed").GetInt32());
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services), typeof(ExtraAttemptGrant), typeof(AuditEntry));

        // The learner may now start exactly one more attempt.
        var attempt = await Arrange.OpenAttemptAsync(Services, learner.Id, Slug);
        Assert.Equal(course.MaxAttempts + 1, attempt.AttemptNumber);
        Assert.False((await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0)).Result.Passed);
        Assert.False(await Arrange.StartAsync(Services, learner.Id, Slug));
    }

    [Fact]
    public async Task Granting_an_extra_attempt_to_someone_unknown_is_not_found_and_writes_nothing()
    {
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await GrantAsync(new ExtraAttemptRequest("no-such-user", Slug, "reason"), Actors.Hr(Services));

        Assert.True(outcome.NotFound);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Hr_cannot_grant_themselves_an_extra_attempt()
    {
        var hrLearner = await LearnerOutOfAttemptsAsync(Roles.HR);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await GrantAsync(new ExtraAttemptRequest(hrLearner.Id, Slug, "I was interrupted"), Actors.Of(hrLearner, Roles.HR));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal("", refusal.Field);
        Assert.Contains("colleague", refusal.Message, StringComparison.Ordinal);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("unknown course", "CourseSlug")]
    [InlineData("empty reason", "Reason")]
    [InlineData("no attempt used yet", "CourseSlug")]
    [InlineData("attempts left", "CourseSlug")]
    [InlineData("attempt open", "CourseSlug")]
    [InlineData("already passed", "CourseSlug")]
    public async Task Granting_an_extra_attempt_that_is_not_due_is_refused_and_writes_nothing(string situation, string field)
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        var request = new ExtraAttemptRequest(learner.Id, Slug, "Needs another go");
        switch (situation)
        {
            case "unknown course":
                await Arrange.UseUpAttemptsAsync(Services, learner.Id, Slug);
                request = request with { CourseSlug = "no-such-course" };
                break;
            case "empty reason":
                await Arrange.UseUpAttemptsAsync(Services, learner.Id, Slug);
                request = request with { Reason = " \t " };
                break;
            case "attempts left":
                await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0);
                break;
            case "attempt open":
                await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0);
                await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0);
                await Arrange.OpenAttemptAsync(Services, learner.Id, Slug);
                break;
            case "already passed":
                await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0);
                await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: 0);
                await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: int.MaxValue);
                break;
        }

        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await GrantAsync(request, Actors.Hr(Services));

        Assert.False(outcome.NotFound);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(field, refusal.Field);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Two_colleagues_granting_the_same_extra_attempt_at_once_give_one_and_the_other_is_told_it_is_no_longer_needed()
    {
        // On PostgreSQL the two serializable transactions conflict and one fails at commit; it runs again, sees the
        // grant, and refuses as it would have a moment later.
        var learner = await LearnerOutOfAttemptsAsync();
        var hr = Actors.Hr(Services);
        var admin = Actors.Admin(Services);

        var outcomes = await Task.WhenAll(
            Task.Run(() => GrantAsync(new ExtraAttemptRequest(learner.Id, Slug, "Off sick"), hr)),
            Task.Run(() => GrantAsync(new ExtraAttemptRequest(learner.Id, Slug, "Off sick too"), admin)));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Single(outcomes, o => o.Refusals.Any(r => r.Field == "CourseSlug"));
        Assert.Single(TestData.Query(Services, db => db.ExtraAttemptGrants.Where(g => g.UserId == learner.Id).ToList()));
    }
}
