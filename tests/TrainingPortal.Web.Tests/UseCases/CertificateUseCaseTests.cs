using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.UseCases;

public class CertificateUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Slug = Arrange.QuizCourse;

    private Task<Outcome<string>> RevokeAsync(Revocation revocation) =>
        UseCase.RunAsync(Services, (RevokeCertificate u) => u.ExecuteAsync(revocation, Actors.Hr(Services), CancellationToken.None));

    private Certificate Stored(long id) => TestData.Query(Services, db => db.Certificates.AsNoTracking().Single(c => c.Id == id));

    [Fact]
    public async Task Hr_revokes_a_certificate_with_a_reason_the_revocation_is_audited_and_the_course_is_due_again()
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        Assert.Equal(certificate.IssuedAtUtc, RequiredCourseTable.Of(Services, learner.Id, Slug)!.CertifiedAtUtc);
        var hr = Actors.Hr(Services);
        var lastAudit = Audit.LastId(Services);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RevokeAsync(new Revocation(learner.Id, certificate.Id, "  Completed under another person's sign-in "));

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        Assert.Equal(certificate.Serial, outcome.Value);
        var revoked = Stored(certificate.Id);
        Assert.Equal(((DateTime?)Arrange.Now(Factory), "Completed under another person's sign-in", hr.UserId), (revoked.RevokedAtUtc, revoked.RevokedReason, revoked.RevokedByUserId));
        var entry = Assert.Single(Audit.Since(Services, lastAudit));
        Assert.Equal((AuditActions.CertificateRevoked, "Certificate", certificate.Serial, hr.UserId), (entry.Action, entry.TargetType, entry.TargetId, entry.ActorUserId));
        Assert.Equal("Completed under another person's sign-in", JsonDocument.Parse(entry.AfterJson!).RootElement.GetProperty("reason").GetString());

        var required = RequiredCourseTable.Of(Services, learner.Id, Slug)!;
        Assert.Equal(((DateTime?)null, (DateOnly?)null, (DateTime?)null, (int?)null, (int?)100),
            (required.CertifiedAtUtc, required.CertifiedOn, required.CertificateExpiresAtUtc, required.DaysToComplete, required.BestScorePercent));
        var after = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged(before, after, typeof(Certificate), typeof(AuditEntry), typeof(RequiredCourse));
        DatabaseState.AssertUnchanged<Certificate>(before, after, c => c.Id != certificate.Id);
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.UserId != learner.Id || r.CourseSlug != Slug);
        await RequiredCourseTable.AssertInStepAsync(Services);

        // A new certification cycle: the learner may take the quiz again, and a new pass certifies them again.
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        var passed = await Arrange.TakeQuizAsync(Services, learner.Id, Slug, rightCount: int.MaxValue);
        Assert.NotEqual(certificate.Serial, passed.CertificateSerial);
        Assert.NotNull(RequiredCourseTable.Of(Services, learner.Id, Slug)!.CertifiedAtUtc);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData("named as someone else's")]
    [InlineData("unknown certificate")]
    public async Task Revoking_a_certificate_not_held_by_the_person_named_is_not_found_and_writes_nothing(string which)
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        var bystander = await TestData.CreateLearnerAsync(Services);
        var revocation = which == "unknown certificate"
            ? new Revocation(learner.Id, 999_999, "tampered")
            : new Revocation(bystander.Id, certificate.Id, "tampered");
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RevokeAsync(revocation);

        Assert.True(outcome.NotFound);
        Assert.Null(Stored(certificate.Id).RevokedAtUtc);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Revoking_a_certificate_twice_is_refused_and_the_first_revocation_stands()
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        Assert.True((await RevokeAsync(new Revocation(learner.Id, certificate.Id, "first reason"))).Succeeded);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RevokeAsync(new Revocation(learner.Id, certificate.Id, "second reason"));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal("", refusal.Field);
        Assert.Contains(certificate.Serial, refusal.Message, StringComparison.Ordinal);
        Assert.Equal("first reason", Stored(certificate.Id).RevokedReason);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Two_colleagues_revoking_one_certificate_at_once_revoke_it_once()
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        var lastAudit = Audit.LastId(Services);
        await using var scope = Services.CreateAsyncScope();
        Task<Outcome<string>>? colleague = null;
        // Right after this revocation reads the certificate, a colleague revokes it too, and is given two seconds to finish.
        scope.ServiceProvider.GetRequiredService<PortalDbContext>().ChangeTracker.Tracked += (_, e) =>
        {
            if (colleague is null && e.Entry.Entity is Certificate { } read && read.Id == certificate.Id)
            {
                colleague = Task.Run(() => RevokeAsync(new Revocation(learner.Id, certificate.Id, "second reason")));
                ((IAsyncResult)colleague).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(2));
            }
        };

        var first = await scope.ServiceProvider.GetRequiredService<RevokeCertificate>()
            .ExecuteAsync(new Revocation(learner.Id, certificate.Id, "first reason"), Actors.Hr(Services), CancellationToken.None);
        var second = await colleague!;

        // SQLite makes the colleague wait for the first to commit; PostgreSQL lets the colleague commit first and runs the first again.
        Outcome<string>[] both = [first, second];
        Assert.Single(both, o => o.Succeeded);
        Assert.Contains(certificate.Serial, Assert.Single(both.Single(o => !o.Succeeded).Refusals).Message, StringComparison.Ordinal);
        Assert.Equal(first.Succeeded ? "first reason" : "second reason", Stored(certificate.Id).RevokedReason);
        Assert.Single(Audit.Since(Services, lastAudit));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Revoking_a_certificate_without_a_reason_is_refused_and_writes_nothing(string reason)
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await RevokeAsync(new Revocation(learner.Id, certificate.Id, reason));

        Assert.Equal("Reason", Assert.Single(outcome.Refusals).Field);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Issuing_a_certificate_outside_the_transaction_of_a_passing_submission_is_refused_and_writes_nothing()
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        var attempt = await Arrange.OpenAttemptAsync(Services, learner.Id, Slug);
        var before = await DatabaseState.ReadAsync(Services);

        await using (var scope = Services.CreateAsyncScope())
        {
            var issue = scope.ServiceProvider.GetRequiredService<IssueCertificate>();
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                issue.ExecuteAsync(learner.Id, Arrange.Course(Services, Slug), attempt.Id, Arrange.Now(Factory), CancellationToken.None));
        }

        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData(-1, false)] // lapsed the day before the course was assigned: no head start, the course is to do
    [InlineData(1, true)] // still valid when the course was assigned: it counts, and lapses in its turn
    public async Task A_certificate_that_lapsed_before_its_course_was_assigned_does_not_count_for_it(int expiryDaysAfterAssignment, bool counts)
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        var row = RequiredCourseTable.Of(Services, learner.Id, Slug)!;
        var calendar = Services.GetRequiredService<TrainingPortal.Core.Calendar.BankCalendar>();
        var expires = calendar.StartOfDayUtc(row.AssignedOn.AddDays(expiryDaysAfterAssignment)).AddHours(12);
        var issued = expires.AddYears(-1);
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Certificates.Where(c => c.Id == certificate.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.IssuedAtUtc, issued).SetProperty(c => c.ExpiresAtUtc, expires));
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.Assignments.RequiredCourseSync>().RefreshCertificateAsync(learner.Id, Slug, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var refreshed = RequiredCourseTable.Of(Services, learner.Id, Slug)!;
        Assert.Equal(counts ? issued : null, refreshed.CertifiedAtUtc);
        Assert.Equal(counts ? expires : null, refreshed.CertificateExpiresAtUtc);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }
}
