using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>
/// CreateAssignment and ChangeAssignmentDue over the real database. The course is one the demo data requires of
/// region 0 only; tests work with their own learners in other regions (branches alternate between four regions),
/// and each test targets different branches, so they do not see each other's assignments.
/// </summary>
public class AssignmentUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Course = "working-in-the-new-organisation";

    private DateOnly Today => Arrange.Today(Factory);

    private Task<Outcome<CreatedAssignment>> CreateAsync(NewAssignment input) =>
        UseCase.RunAsync(Services, (CreateAssignment u) => u.ExecuteAsync(input, Actors.Hr(Services), CancellationToken.None));

    private Task<Outcome<string>> ChangeAsync(DueChange change) =>
        UseCase.RunAsync(Services, (ChangeAssignmentDue u) => u.ExecuteAsync(change, Actors.Hr(Services), CancellationToken.None));

    private static NewAssignment Named(string numbers, DueRule rule = DueRule.DaysAfterAssignment, DateOnly? date = null, int? days = 30) =>
        new(Course, AssignmentTarget.Employees, null, null, null, numbers, rule, date, days);

    /// <summary>A new learner of the third branch, and an assignment to them alone made today.</summary>
    private async Task<(PortalUser Learner, long Id)> AssignedToANewLearnerAsync(int days = 30)
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 2);
        var created = await CreateAsync(Named(learner.EmployeeNumber, days: days));
        Assert.True(created.Succeeded);
        return (learner, created.Value!.Id);
    }

    private Assignment Stored(long id) =>
        TestData.Query(Services, db => db.Assignments.AsNoTracking().Include(a => a.Employees).Single(a => a.Id == id));

    [Fact]
    public async Task Creating_an_assignment_for_named_employees_requires_the_course_of_exactly_them_and_audits_it()
    {
        var first = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var second = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var bystander = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        Assert.Null(RequiredCourseTable.Of(Services, first.Id, Course));
        var lastAudit = Audit.LastId(Services);
        var before = await DatabaseState.ReadAsync(Services);

        // Lower case, repeated and mixed separators are one list of two people.
        var outcome = await CreateAsync(Named($" {first.EmployeeNumber.ToLowerInvariant()}, {second.EmployeeNumber};\n{first.EmployeeNumber}\t"));

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        Assert.Equal("Working in the new organisation", outcome.Value!.CourseTitle);
        Assert.Equal("2 named employee(s)", outcome.Value.TargetLabel);
        var assignment = Stored(outcome.Value.Id);
        Assert.Equal((Course, AssignmentTarget.Employees, DueRule.DaysAfterAssignment, (int?)30, (DateOnly?)null, Today, Actors.Hr(Services).UserId),
            (assignment.CourseSlug, assignment.Target, assignment.DueRule, assignment.DueDays, assignment.DueDate, assignment.AssignedOn, assignment.CreatedByUserId));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), assignment.Employees.Select(e => e.UserId).Order());

        foreach (var learner in new[] { first, second })
        {
            var row = RequiredCourseTable.Of(Services, learner.Id, Course)!;
            Assert.Equal((Today, Today.AddDays(30), learner.EmployeeNumber), (row.AssignedOn, row.DueOn, row.EmployeeNumber));
        }

        Assert.Null(RequiredCourseTable.Of(Services, bystander.Id, Course));

        var entry = Assert.Single(Audit.Since(Services, lastAudit));
        Assert.Equal((AuditActions.AssignmentCreated, "Assignment", assignment.Id.ToString(CultureInfo.InvariantCulture), Actors.Hr(Services).UserId, "Grace Okafor", Arrange.Now(Factory)),
            (entry.Action, entry.TargetType, entry.TargetId, entry.ActorUserId, entry.ActorName, entry.AtUtc));
        Assert.Equal("Assigned 'Working in the new organisation' to 2 named employee(s), due 30 days after assignment", entry.Summary);
        Assert.Equal(2, JsonDocument.Parse(entry.AfterJson!).RootElement.GetProperty("Employees").GetInt32());

        var after = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged(before, after, typeof(Assignment), typeof(AssignmentEmployee), typeof(AuditEntry), typeof(RequiredCourse));
        // The course's rows are rebuilt (new ids); everyone else's stay as they were.
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.CourseSlug != Course || (r.UserId != first.Id && r.UserId != second.Id), nameof(RequiredCourse.Id));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData(AssignmentTarget.Branch)]
    [InlineData(AssignmentTarget.Region)]
    [InlineData(AssignmentTarget.JobTitle)]
    public async Task Creating_an_assignment_for_a_branch_region_or_job_title_requires_the_course_of_the_active_staff_it_covers(AssignmentTarget target)
    {
        // Each target its own corner of the organisation: branch 5 (region 1), region 2, a job title nobody else has.
        var jobTitle = "Branch Auditor " + Guid.NewGuid().ToString("N")[..6];
        var branchId = Arrange.BranchId(Services, 5);
        var regionId = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Skip(2).Select(b => b.RegionId).First());
        var titled = await Arrange.StaffAsync(Services, jobTitle, branchIndex: 3, new DateOnly(2025, 3, 1));
        var input = target switch
        {
            AssignmentTarget.Branch => new NewAssignment(Course, target, null, branchId, null, null, DueRule.FixedDate, Today, null),
            AssignmentTarget.Region => new NewAssignment(Course, target, regionId, null, null, null, DueRule.DaysAfterAssignment, null, DueRules.MaxDays),
            _ => new NewAssignment(Course, target, null, null, $"  {jobTitle.ToUpperInvariant()} ", null, DueRule.DaysAfterHire, null, 90),
        };
        Expression<Func<PortalUser, bool>> coveredBy = target switch
        {
            AssignmentTarget.Branch => u => u.BranchId == branchId,
            AssignmentTarget.Region => u => u.Branch!.RegionId == regionId,
            _ => u => u.Id == titled.Id,
        };
        var covered = TestData.Query(Services, db => db.Users.Where(u => u.IsActive).Where(coveredBy).Select(u => u.Id).ToList());
        Assert.NotEmpty(covered);
        var requiredBefore = RequiredCourseTable.UsersRequired(Services, Course);
        var lastAudit = Audit.LastId(Services);

        var outcome = await CreateAsync(input);

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        Assert.Equal(requiredBefore.Union(covered).Order(), RequiredCourseTable.UsersRequired(Services, Course).Order());
        var assignment = Stored(outcome.Value!.Id);
        Assert.Empty(assignment.Employees);
        Assert.Equal(target == AssignmentTarget.JobTitle ? jobTitle.ToUpperInvariant() : null, assignment.TargetJobTitle);
        Assert.Equal(target == AssignmentTarget.Region ? regionId : null, assignment.TargetRegionId);
        Assert.Equal(target == AssignmentTarget.Branch ? branchId : null, assignment.TargetBranchId);
        if (target == AssignmentTarget.JobTitle)
        {
            // Hired before the assignment: 90 days from today rather than overdue at once.
            Assert.Equal(Today.AddDays(90), RequiredCourseTable.Of(Services, titled.Id, Course)!.DueOn);
        }

        var entry = Assert.Single(Audit.Since(Services, lastAudit));
        Assert.Equal(AuditActions.AssignmentCreated, entry.Action);
        Assert.Contains(outcome.Value.TargetLabel, entry.Summary, StringComparison.Ordinal);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData("unknown course", "CourseSlug")]
    [InlineData("unknown region", "RegionId")]
    [InlineData("no region", "RegionId")]
    [InlineData("unknown branch", "BranchId")]
    [InlineData("empty job title", "JobTitle")]
    [InlineData("unknown employee number", "EmployeeNumbers")]
    [InlineData("no employee numbers", "EmployeeNumbers")]
    [InlineData("unknown target", "Target")]
    [InlineData("unknown due rule", "DueRule")]
    [InlineData("due date in the past", "DueDate")]
    [InlineData("no due date", "DueDate")]
    [InlineData("no days", "DueDays")]
    [InlineData("zero days", "DueDays")]
    [InlineData("too many days", "DueDays")]
    [InlineData("unknown course and a past date", "CourseSlug,DueDate")]
    public async Task Creating_a_bad_assignment_is_refused_with_the_field_at_fault_and_writes_nothing(string problem, string fields)
    {
        var known = TestData.Query(Services, db => db.Users.OrderBy(u => u.EmployeeNumber).Select(u => u.EmployeeNumber).First());
        var ok = Named(known);
        var input = problem switch
        {
            "unknown course" => ok with { CourseSlug = "no-such-course" },
            "unknown region" => ok with { Target = AssignmentTarget.Region, RegionId = 999_999 },
            "no region" => ok with { Target = AssignmentTarget.Region, RegionId = null },
            "unknown branch" => ok with { Target = AssignmentTarget.Branch, BranchId = 999_999 },
            "empty job title" => ok with { Target = AssignmentTarget.JobTitle, JobTitle = "   " },
            "unknown employee number" => ok with { EmployeeNumbers = $"{known}, NOPE-1" },
            "no employee numbers" => ok with { EmployeeNumbers = " ,; \n" },
            "unknown target" => ok with { Target = (AssignmentTarget)42 },
            "unknown due rule" => ok with { DueRule = (DueRule)42 },
            "due date in the past" => ok with { DueRule = DueRule.FixedDate, DueDate = Today.AddDays(-1) },
            "no due date" => ok with { DueRule = DueRule.FixedDate, DueDate = null },
            "no days" => ok with { DueDays = null },
            "zero days" => ok with { DueDays = 0 },
            "too many days" => ok with { DueRule = DueRule.DaysAfterHire, DueDays = DueRules.MaxDays + 1 },
            "unknown course and a past date" => ok with { CourseSlug = "no-such-course", DueRule = DueRule.FixedDate, DueDate = Today.AddDays(-1) },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await CreateAsync(input);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.NotFound);
        Assert.Null(outcome.Value);
        Assert.Equal(fields.Split(','), outcome.Refusals.Select(r => r.Field));
        Assert.All(outcome.Refusals, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        if (problem == "unknown employee number")
        {
            Assert.Equal("Unknown employee number(s): NOPE-1", outcome.Refusals[0].Message);
        }

        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Changing_an_assignments_due_moves_the_due_date_of_everyone_it_covers_and_audits_before_and_after()
    {
        var first = await TestData.CreateLearnerAsync(Services, branchIndex: 13);
        var second = await TestData.CreateLearnerAsync(Services, branchIndex: 13);
        var created = await CreateAsync(Named($"{first.EmployeeNumber} {second.EmployeeNumber}", days: 60));
        Assert.True(created.Succeeded);
        var id = created.Value!.Id;
        var newDate = Today.AddDays(10);
        var lastAudit = Audit.LastId(Services);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ChangeAsync(new DueChange(id, DueRule.FixedDate, newDate, DueDays: 60));

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        Assert.Equal($"by {newDate.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en"))}", outcome.Value); // shown to HR: the site's date format
        var assignment = Stored(id);
        Assert.Equal((DueRule.FixedDate, (DateOnly?)newDate, (int?)null, Today), (assignment.DueRule, assignment.DueDate, assignment.DueDays, assignment.AssignedOn));
        Assert.All(new[] { first, second }, learner => Assert.Equal(newDate, RequiredCourseTable.Of(Services, learner.Id, Course)!.DueOn));

        var entry = Assert.Single(Audit.Since(Services, lastAudit));
        Assert.Equal((AuditActions.AssignmentChanged, "Assignment", id.ToString(CultureInfo.InvariantCulture), Actors.Hr(Services).UserId),
            (entry.Action, entry.TargetType, entry.TargetId, entry.ActorUserId));
        Assert.Equal($"Changed the due date of 'Working in the new organisation' to by {newDate:yyyy-MM-dd}", entry.Summary);
        var was = JsonDocument.Parse(entry.BeforeJson!).RootElement;
        var now = JsonDocument.Parse(entry.AfterJson!).RootElement;
        Assert.Equal(("DaysAfterAssignment", JsonValueKind.Null, 60), (was.GetProperty("DueRule").GetString(), was.GetProperty("DueDate").ValueKind, was.GetProperty("DueDays").GetInt32()));
        Assert.Equal(("FixedDate", newDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), JsonValueKind.Null),
            (now.GetProperty("DueRule").GetString(), now.GetProperty("DueDate").GetString(), now.GetProperty("DueDays").ValueKind));

        var after = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged(before, after, typeof(Assignment), typeof(AuditEntry), typeof(RequiredCourse));
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.CourseSlug != Course);
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.UserId != first.Id && r.UserId != second.Id, nameof(RequiredCourse.Id));
        DatabaseState.AssertUnchanged<Assignment>(before, after, a => a.Id != id);
        await RequiredCourseTable.AssertInStepAsync(Services);

        // And back to a number of days: the date is dropped, the days counted from hire (or from the assignment, if later).
        var again = await ChangeAsync(new DueChange(id, DueRule.DaysAfterHire, newDate, DueDays: 400));
        Assert.Equal("400 days after hire date", again.Value);
        Assert.Equal((DueRule.DaysAfterHire, (DateOnly?)null, (int?)400), (Stored(id).DueRule, Stored(id).DueDate, Stored(id).DueDays));
        Assert.Equal(Today.AddDays(400), RequiredCourseTable.Of(Services, first.Id, Course)!.DueOn);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData("due date in the past", "DueDate")]
    [InlineData("no due date", "DueDate")]
    [InlineData("no days", "DueDays")]
    [InlineData("zero days", "DueDays")]
    [InlineData("too many days", "DueDays")]
    [InlineData("unknown due rule", "DueRule")]
    public async Task Changing_a_due_to_a_bad_rule_date_or_days_is_refused_and_writes_nothing(string problem, string field)
    {
        var id = TestData.Query(Services, db => db.Assignments.OrderBy(a => a.Id).Select(a => a.Id).First());
        var change = problem switch
        {
            "due date in the past" => new DueChange(id, DueRule.FixedDate, Today.AddDays(-1), null),
            "no due date" => new DueChange(id, DueRule.FixedDate, null, 30),
            "no days" => new DueChange(id, DueRule.DaysAfterAssignment, Today, null),
            "zero days" => new DueChange(id, DueRule.DaysAfterHire, null, 0),
            "too many days" => new DueChange(id, DueRule.DaysAfterAssignment, null, DueRules.MaxDays + 1),
            "unknown due rule" => new DueChange(id, (DueRule)42, Today, 30),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ChangeAsync(change);

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(field, refusal.Field);
        Assert.False(outcome.NotFound);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Days_changed_later_count_from_the_day_the_assignment_was_made_and_may_not_end_before_today()
    {
        var (learner, id) = await AssignedToANewLearnerAsync(days: 60);
        Factory.Clock.Advance(TimeSpan.FromDays(45));
        var before = await DatabaseState.ReadAsync(Services);

        var refused = await ChangeAsync(new DueChange(id, DueRule.DaysAfterAssignment, null, 30));

        Assert.Equal("DueDays", Assert.Single(refused.Refusals).Field);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
        Assert.True((await ChangeAsync(new DueChange(id, DueRule.DaysAfterAssignment, null, 45))).Succeeded);
        Assert.Equal(Today, TestData.Query(Services, db => db.RequiredCourses.Single(r => r.UserId == learner.Id && r.CourseSlug == Course).DueOn));
    }

    [Fact]
    public async Task A_due_change_decides_on_a_colleague_s_change_made_meanwhile_rather_than_overwriting_it()
    {
        var (_, id) = await AssignedToANewLearnerAsync(days: 20);
        Factory.Clock.Advance(TimeSpan.FromDays(45)); // overdue since day 20
        await using var scope = Services.CreateAsyncScope();
        Task<Outcome<string>>? colleague = null;
        // Right after this change reads the assignment, a colleague extends it to 90 days, and is given two seconds to finish.
        scope.ServiceProvider.GetRequiredService<PortalDbContext>().ChangeTracker.Tracked += (_, e) =>
        {
            if (colleague is null && e.Entry.Entity is Assignment { } read && read.Id == id)
            {
                colleague = Task.Run(() => ChangeAsync(new DueChange(id, DueRule.DaysAfterAssignment, null, 90)));
                ((IAsyncResult)colleague).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(2));
            }
        };

        // 30 days extends the 20 it read, but would bring the colleague's 90 forward to before today.
        var outcome = await scope.ServiceProvider.GetRequiredService<ChangeAssignmentDue>()
            .ExecuteAsync(new DueChange(id, DueRule.DaysAfterAssignment, null, 30), Actors.Hr(Services), CancellationToken.None);
        Assert.True((await colleague!).Succeeded);

        // Either order is a right one: this change first and the colleague's after it, or the colleague's first and this one refused.
        Assert.Equal(90, Stored(id).DueDays);
        if (!outcome.Succeeded)
        {
            Assert.Equal("DueDays", Assert.Single(outcome.Refusals).Field);
        }

        Assert.Equal(outcome.Succeeded ? 2 : 1, TestData.Query(Services, db => db.AuditEntries.Count(a => a.Action == AuditActions.AssignmentChanged && a.TargetId == id.ToString(CultureInfo.InvariantCulture))));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task The_due_of_an_ended_assignment_cannot_be_changed()
    {
        var (_, id) = await AssignedToANewLearnerAsync();
        Assert.True((await UseCase.RunAsync(Services, (EndAssignment u) => u.ExecuteAsync(id, Actors.Hr(Services), CancellationToken.None))).Succeeded);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ChangeAsync(new DueChange(id, DueRule.DaysAfterAssignment, null, 90));

        Assert.Equal("This assignment has already ended.", Assert.Single(outcome.Refusals).Message);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Ending_is_hr_s_alone_once_only_and_an_unknown_assignment_is_not_found_and_each_refusal_writes_nothing()
    {
        var (learner, id) = await AssignedToANewLearnerAsync();
        Task<Outcome<EndedAssignment>> EndAsync(long assignmentId, Actor actor) =>
            UseCase.RunAsync(Services, (EndAssignment u) => u.ExecuteAsync(assignmentId, actor, CancellationToken.None));
        var manager = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == "manager@demo.bank"));
        var before = await DatabaseState.ReadAsync(Services);

        Assert.Equal("Only HR and administrators may do this.", Assert.Single((await EndAsync(id, Actors.Of(manager, Roles.BranchManager))).Refusals).Message);
        Assert.True((await EndAsync(999_999, Actors.Hr(Services))).NotFound);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));

        var ended = await EndAsync(id, Actors.Hr(Services));
        Assert.True(ended.Succeeded);
        Assert.Equal((Course, 1), (ended.Value!.CourseSlug, ended.Value.PeopleKept));
        Assert.NotNull(RequiredCourseTable.Of(Services, learner.Id, Course)); // the people it covered keep the course
        await RequiredCourseTable.AssertInStepAsync(Services);
        var afterEnding = await DatabaseState.ReadAsync(Services);
        Assert.Equal("This assignment has already ended.", Assert.Single((await EndAsync(id, Actors.Hr(Services))).Refusals).Message);
        DatabaseState.AssertUnchanged(afterEnding, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Changing_the_due_of_an_unknown_assignment_is_not_found_and_writes_nothing()
    {
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ChangeAsync(new DueChange(999_999, DueRule.DaysAfterAssignment, null, 30));

        Assert.True(outcome.NotFound);
        Assert.False(outcome.Succeeded);
        Assert.Empty(outcome.Refusals);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Someone_who_is_not_hr_or_an_administrator_cannot_assign_or_move_a_due_date_whatever_page_calls_it()
    {
        var employee = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == "employee@demo.bank"));
        var existing = TestData.Query(Services, db => db.Assignments.Select(a => a.Id).First());
        var before = await DatabaseState.ReadAsync(Services);

        var created = await UseCase.RunAsync(Services, (CreateAssignment u) =>
            u.ExecuteAsync(new NewAssignment(Course, AssignmentTarget.AllStaff, null, null, null, null, DueRule.DaysAfterAssignment, null, 30), Actors.Of(employee, Roles.Employee), CancellationToken.None));
        var changed = await UseCase.RunAsync(Services, (ChangeAssignmentDue u) =>
            u.ExecuteAsync(new DueChange(existing, DueRule.DaysAfterAssignment, null, 5), Actors.Of(employee, Roles.BranchManager), CancellationToken.None));

        Assert.Equal("Only HR and administrators may do this.", Assert.Single(created.Refusals).Message);
        Assert.Equal("Only HR and administrators may do this.", Assert.Single(changed.Refusals).Message);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }
}
