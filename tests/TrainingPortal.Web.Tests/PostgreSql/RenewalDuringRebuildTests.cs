using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
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
public sealed class RenewalDuringRebuildTests(RenewalDuringRebuildTests.PausingFactory factory) : IClassFixture<RenewalDuringRebuildTests.PausingFactory>
{
    private const string YearlyCourse = "customer-information-and-segmentation";

    public sealed class PausingFactory() : UseCaseFactory(TestDatabase.NewPostgreSql())
    {
        public PauseAfterDelete Pause { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(Pause)));
        }
    }

    /// <summary>Armed, holds the first transaction that deletes required-course rows right after the delete, until released.</summary>
    public sealed class PauseAfterDelete : DbCommandInterceptor
    {
        private volatile bool _armed;

        public TaskCompletionSource Reached { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm()
        {
            (Reached, Release) = (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));
            _armed = true;
        }

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (_armed && command.CommandText.Contains("DELETE FROM \"RequiredCourses\"", StringComparison.Ordinal))
            {
                _armed = false;
                Reached.TrySetResult();
                await Release.Task;
            }

            return result;
        }
    }

    [Fact]
    public async Task A_renewal_that_scores_no_better_than_last_year_reaches_the_row_hr_rebuilds_at_the_same_moment()
    {
        var services = factory.Services;
        var learner = await TestData.CreateLearnerAsync(services, "Renewing Teller");
        await Arrange.CompleteLessonsAsync(services, learner.Id, YearlyCourse);
        Assert.True((await Arrange.TakeQuizAsync(services, learner.Id, YearlyCourse, rightCount: int.MaxValue)).Result.Passed);
        factory.Clock.Advance(TimeSpan.FromDays(340)); // inside the renewal window: the same full marks beat nothing
        var attempt = await Arrange.OpenAttemptAsync(services, learner.Id, YearlyCourse);

        factory.Pause.Arm();
        var rename = UseCase.RunAsync(services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(learner.Id, "Renewing Teller Wong", learner.BranchId, learner.JobTitle, Roles.Employee), Actors.Hr(services), CancellationToken.None));
        await factory.Pause.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var renewal = Arrange.SubmitAsync(services, learner.Id, YearlyCourse, attempt.Id, Arrange.Answers(Arrange.Course(services, YearlyCourse), attempt));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the renewal reaches the rows the rebuild holds
        factory.Pause.Release.TrySetResult();

        Assert.True((await rename).Succeeded);
        var submitted = Assert.IsType<SubmitOutcome.Submitted>(await renewal);
        var renewed = TestData.Query(services, db => db.Certificates.AsNoTracking().Single(c => c.Serial == submitted.CertificateSerial));
        var row = RequiredCourseTable.Of(services, learner.Id, YearlyCourse)!;
        Assert.Equal(("Renewing Teller Wong", (DateTime?)renewed.IssuedAtUtc), (row.DisplayName, row.CertifiedAtUtc));
        await RequiredCourseTable.AssertInStepAsync(services);
    }
}
