using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Learning;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.PostgreSql;

/// <summary>
/// A renewal submitted while HR's change to the same person rebuilds their required courses, on a server where the
/// two overlap (SQLite's single writer makes them take turns): the renewal must reach the rebuilt row.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class RenewalDuringRebuildTests(PostgreSqlUseCaseFactory factory) : IClassFixture<PostgreSqlUseCaseFactory>
{
    private const string YearlyCourse = "customer-information-and-segmentation";

    [Fact]
    public async Task A_renewal_that_scores_no_better_than_last_year_reaches_the_row_hr_rebuilds_at_the_same_moment()
    {
        var services = factory.Services;
        var learner = await TestData.CreateLearnerAsync(services, "Renewing Teller");
        await Arrange.CompleteLessonsAsync(services, learner.Id, YearlyCourse);
        Assert.True((await Arrange.TakeQuizAsync(services, learner.Id, YearlyCourse, rightCount: int.MaxValue)).Result.Passed);
        factory.Clock.Advance(TimeSpan.FromDays(340)); // inside the renewal window: the same full marks beat nothing
        var attempt = await Arrange.OpenAttemptAsync(services, learner.Id, YearlyCourse);

        // HR's change is held right after it deleted the person's rows, before it writes them again.
        var (reached, release) = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        factory.Hook.Arm("DELETE FROM \"RequiredCourses\"", async () =>
        {
            reached.TrySetResult();
            await release.Task;
        });
        var rename = UseCase.RunAsync(services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(learner.Id, "Renewing Teller Wong", learner.BranchId, learner.JobTitle, Roles.Employee), Actors.Hr(services), CancellationToken.None));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var renewal = Arrange.SubmitAsync(services, learner.Id, YearlyCourse, attempt.Id, Arrange.Answers(Arrange.Course(services, YearlyCourse), attempt));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the renewal reaches the rows the rebuild holds
        release.TrySetResult();

        Assert.True((await rename).Succeeded);
        var submitted = Assert.IsType<SubmitOutcome.Submitted>(await renewal);
        var renewed = TestData.Query(services, db => db.Certificates.AsNoTracking().Single(c => c.Serial == submitted.CertificateSerial));
        var row = RequiredCourseTable.Of(services, learner.Id, YearlyCourse)!;
        Assert.Equal(("Renewing Teller Wong", (DateTime?)renewed.IssuedAtUtc), (row.DisplayName, row.CertifiedAtUtc));
        await RequiredCourseTable.AssertInStepAsync(services);
    }
}
