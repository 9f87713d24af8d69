using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Learning;
using TrainingPortal.Web.Mail;
using TrainingPortal.Web.Tests.Mail;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.PostgreSql;

/// <summary>
/// Two instances of the app, as behind a load balancer: separate hosts (their own caches, rate limiters and background
/// services) started at the same moment on one fresh PostgreSQL database, and an SMTP server both send to.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public TestSmtpServer Smtp { get; private set; } = null!;

    public MailFactory First { get; private set; } = null!;

    public MailFactory Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartAsync();
        var database = TestDatabase.NewPostgreSql();
        First = Host(database);
        Second = Host(database.SharedWithAnotherInstance());
        // Each start migrates, creates the roles and seeds the demo data unless another instance has: the startup lock decides.
        await Task.WhenAll(Task.Run(() => First.Services), Task.Run(() => Second.Services));
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private MailFactory Host(TestDatabase database) => new(MailHarness.SendingTo(Smtp, batchSize: 4), database: database);
}

[Collection(PostgreSqlCollection.Name)]
public sealed class TwoInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private MailFactory First => instances.First;

    private MailFactory Second => instances.Second;

    [Fact]
    public void Started_together_they_migrate_and_seed_the_database_once()
    {
        var migrations = TestData.Query(First.Services, db => db.Database.GetMigrations().Count());
        var applied = TestData.Query(First.Services, db => db.Database.GetAppliedMigrations().Count());
        var figures = TestData.Query(Second.Services, db => new
        {
            Regions = db.Regions.Count(),
            Branches = db.Branches.Count(),
            Roles = db.Roles.Count(),
            HrAccounts = db.Users.Count(u => u.Email == "hr@demo.bank"),
        });

        Assert.Equal(migrations, applied);
        Assert.Equal((4, 16, Roles.All.Count, 1), (figures.Regions, figures.Branches, figures.Roles, figures.HrAccounts));
    }

    [Fact]
    public async Task A_sign_in_on_one_is_accepted_by_the_other_and_a_sign_out_on_either_ends_it_on_both()
    {
        var jar = new CookieContainer();
        var onFirst = new PortalClient(First.CreateDefaultClient(new CookieContainerHandler(jar)));
        var onSecond = new PortalClient(Second.CreateDefaultClient(new CookieContainerHandler(jar)));

        Assert.Equal(HttpStatusCode.Redirect, (await onFirst.SignInAsync("hr@demo.bank", PortalClient.DemoPassword)).StatusCode);
        var session = jar.GetCookieHeader(new Uri("http://localhost/"));
        var home = await onSecond.GetPageAsync("/hr"); // the first's cookie and antiforgery token, read by the second
        var signedOut = await onSecond.SubmitAsync(home, "form[action^='/Identity/Account/Logout']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        foreach (var instance in new[] { First, Second })
        {
            using var replay = instance.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            replay.DefaultRequestHeaders.Add("Cookie", session);
            var response = await replay.GetAsync("/hr");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Submits_of_one_attempt_split_across_both_yield_one_result_and_one_certificate()
    {
        const string slug = Arrange.QuizCourse;
        for (var round = 0; round < 4; round++)
        {
            var learner = await TestData.CreateLearnerAsync(First.Services);
            await Arrange.CompleteLessonsAsync(Second.Services, learner.Id, slug);
            var attempt = await Arrange.OpenAttemptAsync(First.Services, learner.Id, slug);
            var answers = Arrange.Answers(Arrange.Course(First.Services, slug), attempt);

            var outcomes = await Task.WhenAll(
                Task.Run(() => Arrange.SubmitAsync(First.Services, learner.Id, slug, attempt.Id, answers)),
                Task.Run(() => Arrange.SubmitAsync(Second.Services, learner.Id, slug, attempt.Id, answers)));

            Assert.Single(outcomes.OfType<SubmitOutcome.Submitted>());
            Assert.Single(outcomes.OfType<SubmitOutcome.AlreadySubmitted>());
            var recorded = TestData.Query(First.Services, db => new
            {
                Completions = db.CourseCompletions.Count(c => c.UserId == learner.Id && c.CourseSlug == slug),
                Certificates = db.Certificates.Count(c => c.UserId == learner.Id && c.CourseSlug == slug),
                Submitted = db.QuizAttempts.Count(a => a.UserId == learner.Id && a.SubmittedAtUtc != null),
            });
            Assert.Equal((1, 1, 1), (recorded.Completions, recorded.Certificates, recorded.Submitted));
        }

        await RequiredCourseTable.AssertInStepAsync(First.Services);
    }

    [Fact]
    public async Task Lesson_completions_on_both_at_once_lose_nothing()
    {
        const string slug = "working-in-the-new-organisation";
        var learner = await TestData.CreateLearnerAsync(First.Services);
        var course = Arrange.Course(First.Services, slug);

        // Every lesson completed on both instances at once: each of them twice, at the same moment.
        await Task.WhenAll(course.Lessons.SelectMany(lesson => new[] { First, Second }.Select(instance => Task.Run(() =>
            UseCase.RunAsync(instance.Services, (CompleteLesson u) => u.ExecuteAsync(learner.Id, course, lesson, CancellationToken.None))))));

        var completed = TestData.Query(Second.Services, db => db.LessonCompletions.Where(c => c.UserId == learner.Id && c.CourseSlug == slug).Select(c => c.LessonSlug).ToList());
        Assert.Equal(course.Lessons.Select(l => l.Slug).Order(StringComparer.Ordinal), completed.Order(StringComparer.Ordinal));
        await RequiredCourseTable.AssertInStepAsync(Second.Services);
    }

    [Fact]
    public async Task Observations_recorded_on_both_at_once_all_count_once()
    {
        const string slug = "customer-communication";
        var manager = Actors.Of(await TestData.CreateLearnerAsync(First.Services, role: Roles.BranchManager, branchIndex: 2), Roles.BranchManager);
        var staff = new List<PortalUser>();
        for (var i = 0; i < 3; i++)
        {
            staff.Add(await TestData.CreateLearnerAsync(First.Services, branchIndex: 2));
        }

        var behaviours = Arrange.Course(First.Services, slug).Checklist!.Behaviours.Select(b => b.Id).ToList();
        var today = DateOnly.FromDateTime(First.Clock.GetUtcNow().UtcDateTime);

        // Twelve recordings at the same moment, half on each instance: four of the same person on different days, the
        // rest of colleagues, all against the same behaviours, so they add to the same counts and supersede each other.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
        {
            var subject = i < 4 ? staff[0] : staff[1 + i % 2];
            var request = new ObservationRequest(null, subject.Id, slug, today.AddDays(-7 * i),
                behaviours.Select((b, j) => new RatingInput(b, (BehaviourRating)((i + j) % 3), null)).ToList(), null);
            return UseCase.RunAsync((i % 2 == 0 ? First : Second).Services, (RecordObservation u) => u.ExecuteAsync(request, manager, CancellationToken.None));
        })));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, string.Join(", ", o.Refusals.Select(r => r.Message))));
        var ratings = TestData.Query(Second.Services, db => db.ObservationRatings.Where(r => r.Observation.CourseSlug == slug && staff.Select(s => s.Id).Contains(r.Observation.SubjectUserId))
            .Select(r => new { r.Observation.SubjectUserId, r.BehaviourId, r.ObservationId, r.Observation.ObservedOn, r.SupersededOn }).ToList());
        Assert.Equal(12 * behaviours.Count, ratings.Count);
        foreach (var chain in ratings.GroupBy(r => (r.SubjectUserId, r.BehaviourId)))
        {
            var expected = Observations.SupersededOn(chain.Select(r => (r.ObservationId, r.ObservedOn)));
            Assert.All(chain, r => Assert.Equal(expected[r.ObservationId], r.SupersededOn));
        }

        await SummaryCounts.AssertMatchRowsAsync(Second.Services);
    }

    [Fact]
    public async Task A_staff_file_checked_on_one_is_applied_on_the_other()
    {
        var jar = new CookieContainer();
        var onFirst = new PortalClient(First.CreateDefaultClient(new CookieContainerHandler(jar)));
        var onSecond = new PortalClient(Second.CreateDefaultClient(new CookieContainerHandler(jar)));
        await onFirst.SignInAsync("hr@demo.bank", PortalClient.DemoPassword);
        var branch = TestData.Query(First.Services, db => db.Branches.OrderBy(b => b.Code).Select(b => b.Code).First());
        var number = "T" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        var csv = $"employee_number,name,email,branch_code,job_title,hire_date\n{number},何家明,{number.ToLowerInvariant()}@staff.demo.bank,{branch},Teller,2026-01-05\n";

        var preview = await onFirst.ParseAsync(await Hr.ImportTests.PreviewAsync(onFirst, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(csv)], null));
        // Both hosts run in this one process and would share a temporary folder: what shows the file is shared is where it waits.
        var pendingId = preview.QuerySelector("form[data-testid=import-apply] input[name=pendingId]")!.GetAttribute("value");
        Assert.True(TestData.Query(Second.Services, db => db.PendingStaffFiles.Any(f => f.Id == pendingId)));
        // The preview's form, posted to the other instance as a load balancer may send it.
        var applied = await onSecond.ParseAsync(await onSecond.SubmitAsync(preview, "form[data-testid=import-apply]", Hr.ImportTests.ConfirmingNewJobTitles(preview)));

        Assert.Null(applied.QuerySelector("[data-testid=import-problems]"));
        Assert.Equal("何家明", TestData.Query(First.Services, db => db.Users.Where(u => u.EmployeeNumber == number).Select(u => u.DisplayName).SingleOrDefault()));
    }

    [Fact]
    public async Task Mail_queued_once_is_delivered_once_while_both_instances_deliver()
    {
        var queued = await MailHarness.AddAsync(First.Services, Enumerable.Range(1, 24)
            .Select(i => MailHarness.Draft($"twin-{i}@staff.demo.bank", subject: $"邀请 {i}")).ToArray());
        var before = instances.Smtp.Messages.Count;

        // Both deliver in small batches until nothing is due, racing for the same rows on every round.
        async Task DrainAsync(MailFactory instance)
        {
            while (true)
            {
                await using var scope = instance.Services.CreateAsyncScope();
                if ((await scope.ServiceProvider.GetRequiredService<MailDelivery>().DeliverDueAsync(CancellationToken.None)).Claimed == 0)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync(First)), Task.Run(() => DrainAsync(Second)));

        var received = instances.Smtp.Messages.Skip(before).Where(m => m.To.ToString().Contains("twin-", StringComparison.Ordinal)).ToList();
        Assert.Equal(queued.Select(m => m.MessageId).Order(StringComparer.Ordinal), received.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        var states = TestData.Query(Second.Services, db => db.OutboxMails.Where(m => m.ToAddress.StartsWith("twin-")).Select(m => m.State).ToList());
        Assert.All(states, state => Assert.Equal(OutboxState.Sent, state));
    }
}
