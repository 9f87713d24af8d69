using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>
/// The use cases that write several things in one transaction, made to fail part-way: a command interceptor on the
/// app's DbContext throws right after a chosen write has run (its change and every earlier one are in the transaction).
/// Afterwards every table the use cases touch, RequiredCourses included, must be exactly as before, and the same call
/// must succeed once the fault is disarmed.
/// </summary>
public class AtomicityTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Slug = Arrange.QuizCourse;

    /// <param name="fault">The write after which the call fails.</param>
    /// <param name="ranBefore">Writes that must have run, inside the transaction, before the failure: proof it was part-way.</param>
    private async Task AssertAllOrNothingAsync(string fault, string ranBefore, Func<Task> call)
    {
        var pattern = WritePattern.Parse(fault);
        var before = await DatabaseState.ReadAsync(Services);

        using (Factory.Faults.Arm(pattern))
        {
            await UseCase.AssertFailsWithInjectedFaultAsync(call);
        }

        var writes = Factory.Faults.Writes;
        Assert.Equal(1, Factory.Faults.TimesFired);
        Assert.True(pattern.Matches(writes[^1]), $"The last write was not the one that failed: {writes[^1]}");
        foreach (var earlier in WritePattern.ParseList(ranBefore))
        {
            Assert.True(writes.SkipLast(1).Any(earlier.Matches), $"Expected '{earlier}' to run before '{pattern}'; the writes were:{Environment.NewLine}{string.Join(Environment.NewLine, writes)}");
        }

        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData("insert AuditEntries", "insert Assignments, insert AssignmentEmployees")]
    [InlineData("insert RequiredCourses", "insert Assignments, insert AssignmentEmployees, insert AuditEntries, delete RequiredCourses")]
    public async Task Creating_an_assignment_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var input = new NewAssignment("working-in-the-new-organisation", AssignmentTarget.Employees, null, null, null, learner.EmployeeNumber, DueRule.DaysAfterAssignment, null, 30);
        Task<Outcome<CreatedAssignment>> Create() =>
            UseCase.RunAsync(Services, (CreateAssignment u) => u.ExecuteAsync(input, Actors.Hr(Services), CancellationToken.None));

        await AssertAllOrNothingAsync(fault, ranBefore, Create);

        Assert.True((await Create()).Succeeded);
        Assert.NotNull(RequiredCourseTable.Of(Services, learner.Id, input.CourseSlug));
    }

    [Theory]
    [InlineData("insert AuditEntries", "update Assignments")]
    [InlineData("insert RequiredCourses", "update Assignments, insert AuditEntries, delete RequiredCourses")]
    public async Task Changing_an_assignments_due_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        // The demo data's first assignment: a course required of all staff, so the failed rebuild had deleted every row of it.
        var assignment = TestData.Query(Services, db => db.Assignments.AsNoTracking().OrderBy(a => a.Id).First());
        // Days that still reach past today, counted from the day it was made.
        var days = Math.Max(assignment.DueDays ?? 0, Arrange.Today(Factory).DayNumber - assignment.AssignedOn.DayNumber) + 31;
        var change = new DueChange(assignment.Id, DueRule.DaysAfterAssignment, null, days);
        Task<Outcome<string>> Change() =>
            UseCase.RunAsync(Services, (ChangeAssignmentDue u) => u.ExecuteAsync(change, Actors.Hr(Services), CancellationToken.None));
        Assert.True(RequiredCourseTable.UsersRequired(Services, assignment.CourseSlug).Count > 200);

        await AssertAllOrNothingAsync(fault, ranBefore, Change);

        Assert.True((await Change()).Succeeded);
        Assert.Equal(change.DueDays, TestData.Query(Services, db => db.Assignments.Single(a => a.Id == assignment.Id).DueDays));
    }

    [Theory]
    [InlineData("insert AuditEntries", "update Assignments")]
    [InlineData("insert RequiredCourses", "update Assignments, insert AuditEntries, delete RequiredCourses")]
    public async Task Ending_an_assignment_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 3);
        var created = await UseCase.RunAsync(Services, (CreateAssignment u) => u.ExecuteAsync(
            new NewAssignment("working-in-the-new-organisation", AssignmentTarget.Employees, null, null, null, learner.EmployeeNumber, DueRule.DaysAfterAssignment, null, 30),
            Actors.Hr(Services), CancellationToken.None));
        Assert.True(created.Succeeded);
        Task<Outcome<EndedAssignment>> End() =>
            UseCase.RunAsync(Services, (EndAssignment u) => u.ExecuteAsync(created.Value!.Id, Actors.Hr(Services), CancellationToken.None));

        await AssertAllOrNothingAsync(fault, ranBefore, End);

        Assert.True((await End()).Succeeded);
        Assert.NotNull(TestData.Query(Services, db => db.Assignments.Single(a => a.Id == created.Value!.Id).EndedOn));
    }

    [Theory]
    [InlineData("insert AuditEntries", "insert AspNetUsers, insert AspNetUserRoles")]
    [InlineData("insert RequiredCourses", "insert AspNetUsers, insert AspNetUserRoles, insert AuditEntries, delete RequiredCourses")]
    public async Task Opening_an_account_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var input = new NewAccount($"A-{suffix}", "Atomic Person", $"atomic.{suffix}@demo.bank", "Teller", new DateOnly(2025, 5, 5), Arrange.BranchId(Services, 2), Roles.Employee);
        Task<Outcome<PortalUser>> Create() =>
            UseCase.RunAsync(Services, (CreateAccount u) => u.ExecuteAsync(input, Actors.Hr(Services), CancellationToken.None));

        await AssertAllOrNothingAsync(fault, ranBefore, Create);

        var created = await Create();
        Assert.True(created.Succeeded, string.Join(", ", created.Refusals));
        Assert.NotEmpty(RequiredCourseTable.Of(Services, created.Value!.Id));
    }

    [Theory]
    [InlineData("insert AuditEntries", "insert AspNetUsers, update AspNetUsers")] // each person's audit entry goes with them
    [InlineData("insert RequiredCourses", "insert AspNetUsers, insert AspNetUserRoles, update AspNetUsers, delete RequiredCourses")]
    public async Task Importing_a_staff_file_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var existing = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var id = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var code = Arrange.BranchCode(Services, 0);
        var csv = new[]
        {
            "employee_number,name,email,branch_code,job_title,hire_date",
            $"AT-{id}-1,First Joiner,first.{id}@demo.bank,{code},Teller,2026-10-01",
            $"AT-{id}-2,Second Joiner,second.{id}@demo.bank,{code},Relationship Manager,2026-10-01",
            $"{existing.EmployeeNumber},Renamed {id},{existing.Email},{code},Teller,2024-01-15",
        };
        Task<StaffImportOutcome> Import() =>
            UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(Arrange.Csv(csv), "atomic.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));

        await AssertAllOrNothingAsync(fault, ranBefore, Import);

        Assert.Equal(new ImportSummary(2, 1, 0, 0), (await Import()).Summary);
    }

    [Theory]
    [InlineData("insert AuditEntries", "")] // EF writes the audit row before the certificate's update
    [InlineData("update RequiredCourses", "insert AuditEntries, update Certificates")]
    public async Task Revoking_a_certificate_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var (learner, certificate) = await Arrange.CertifiedLearnerAsync(Services);
        Task<Outcome<string>> Revoke() =>
            UseCase.RunAsync(Services, (RevokeCertificate u) => u.ExecuteAsync(new Revocation(learner.Id, certificate.Id, "Shared sign-in"), Actors.Hr(Services), CancellationToken.None));

        await AssertAllOrNothingAsync(fault, ranBefore, Revoke);

        Assert.True((await Revoke()).Succeeded);
        Assert.Null(RequiredCourseTable.Of(Services, learner.Id, Slug)!.CertifiedAtUtc);
    }

    [Theory]
    [InlineData("insert AuditEntries", "")] // the first write of the call: the audit row itself must go
    [InlineData("insert ExtraAttemptGrants", "insert AuditEntries")]
    public async Task Granting_an_extra_attempt_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        await Arrange.UseUpAttemptsAsync(Services, learner.Id, Slug);
        Task<Outcome<string>> Grant() =>
            UseCase.RunAsync(Services, (GrantExtraAttempt u) => u.ExecuteAsync(new ExtraAttemptRequest(learner.Id, Slug, "Power cut"), Actors.Hr(Services), CancellationToken.None));

        await AssertAllOrNothingAsync(fault, ranBefore, Grant);

        Assert.False(await Arrange.StartAsync(Services, learner.Id, Slug));
        Assert.True((await Grant()).Succeeded);
        Assert.True(await Arrange.StartAsync(Services, learner.Id, Slug));
    }

    [Theory]
    [InlineData("insert Certificates", "update QuizAttempts, update RequiredCourses, insert CourseCompletions")]
    [InlineData("update Certificates", "update QuizAttempts, insert CourseCompletions, insert Certificates")]
    [InlineData("update RequiredCourses CertifiedAtUtc", "update QuizAttempts, insert CourseCompletions, insert Certificates, update Certificates")]
    public async Task Submitting_a_passing_quiz_that_fails_part_way_changes_nothing(string fault, string ranBefore)
    {
        var learner = await TestData.CreateLearnerAsync(Services);
        await Arrange.CompleteLessonsAsync(Services, learner.Id, Slug);
        var attempt = await Arrange.OpenAttemptAsync(Services, learner.Id, Slug);
        var answers = Arrange.Answers(Arrange.Course(Services, Slug), attempt);

        await AssertAllOrNothingAsync(fault, ranBefore, () => Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, answers));

        Assert.Equal(attempt.Id, Arrange.OpenAttempt(Services, learner.Id, Slug)?.Id);
        var submitted = Assert.IsType<SubmitOutcome.Submitted>(await Arrange.SubmitAsync(Services, learner.Id, Slug, attempt.Id, answers));
        Assert.True(submitted.Result.Passed);
        Assert.Single(TestData.Query(Services, db => db.Certificates.Where(c => c.UserId == learner.Id).ToList()));
        Assert.Single(TestData.Query(Services, db => db.CourseCompletions.Where(c => c.UserId == learner.Id).ToList()));
    }
}
