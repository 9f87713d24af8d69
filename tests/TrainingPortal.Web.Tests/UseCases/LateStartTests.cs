using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>
/// Someone who comes under an assignment after it was made, by a move of branch or a new job title in a staff import,
/// gets the joiners' window from that day rather than a due date already gone. A class of its own: it moves the clock.
/// Each test works in branches of regions other than region 0, the only one the demo requires the course of.
/// </summary>
public class LateStartTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Header = "employee_number,name,email,branch_code,job_title,hire_date,role,active";
    private const string Course = "working-in-the-new-organisation";

    private DateOnly Today => Services.GetRequiredService<BankCalendar>().DateOf(Arrange.Now(Factory));

    private async Task ImportAsync(PortalUser person, int branchIndex, string? jobTitle = null, string? name = null, string active = "")
    {
        var outcome = await UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(Arrange.Csv(Header,
                $"{person.EmployeeNumber},{name ?? person.DisplayName},{person.Email},{Arrange.BranchCode(Services, branchIndex)},{jobTitle ?? person.JobTitle},{person.HireDate:yyyy-MM-dd},,{active}"),
            "moves.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));
        Assert.Empty(outcome.Problems);
    }

    private async Task<long> AssignAsync(NewAssignment assignment)
    {
        var created = await UseCase.RunAsync(Services, (CreateAssignment u) => u.ExecuteAsync(assignment, Actors.Hr(Services), CancellationToken.None));
        Assert.True(created.Succeeded, string.Join(", ", created.Refusals));
        return created.Value!.Id;
    }

    private DateOnly? StartOf(string userId, long assignmentId) =>
        TestData.Query(Services, db => db.LateStarts.AsNoTracking().Where(s => s.UserId == userId && s.AssignmentId == assignmentId).Select(s => (DateOnly?)s.CoveredSince).SingleOrDefault());

    /// <summary>The note under the course's due date on the person's page for HR, with the day it names, if any.</summary>
    private async Task<(string? CameUnderOn, bool Joiner)> NotesOnPersonPageAsync(string userId)
    {
        var hr = await PortalClient.SignedInAsync(Factory, "hr@demo.bank");
        var page = await hr.GetPageAsync($"/hr/employees/{userId}");
        var title = Services.GetRequiredService<CourseCatalog>().Find(Course)!.Title;
        var row = page.QuerySelectorAll("[data-testid=employee-required] tbody tr").Single(tr => PortalClient.Text(tr.QuerySelector("td")) == title);
        return (row.QuerySelector("[data-testid=came-under] time")?.GetAttribute("datetime"), row.QuerySelector("[data-testid=joiner-window]") is not null);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private TrainingStatus StatusOf(RequiredCourse row) => TrainingStatuses.Of(row, Services.GetRequiredService<BankCalendar>().MomentAt(Arrange.Now(Factory)));

    [Fact]
    public async Task Someone_moved_into_a_branch_after_its_assignment_gets_the_window_from_the_move_and_a_new_one_when_they_come_back()
    {
        var mover = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var stayer = await TestData.CreateLearnerAsync(Services, branchIndex: 5);
        var dueDate = Today.AddDays(20);
        var assignment = await AssignAsync(new NewAssignment(Course, AssignmentTarget.Branch, null, Arrange.BranchId(Services, 5), null, null, DueRule.FixedDate, dueDate, null));
        Assert.Null(RequiredCourseTable.Of(Services, mover.Id, Course));

        Factory.Clock.Advance(TimeSpan.FromDays(30));
        var movedOn = Today;
        await ImportAsync(mover, branchIndex: 5);

        var row = RequiredCourseTable.Of(Services, mover.Id, Course)!;
        Assert.Equal((movedOn, movedOn.AddDays(20), TrainingStatus.NotStarted), (row.AssignedOn, row.DueOn, StatusOf(row))); // the assignment's 20 days, from the move
        Assert.Equal(movedOn, StartOf(mover.Id, assignment));
        Assert.Equal((Iso(movedOn), false), await NotesOnPersonPageAsync(mover.Id)); // HR sees why the dates are later
        Assert.Equal((null, false), await NotesOnPersonPageAsync(stayer.Id));
        var stayed = RequiredCourseTable.Of(Services, stayer.Id, Course)!;
        Assert.Equal((dueDate, TrainingStatus.Overdue), (stayed.DueOn, StatusOf(stayed))); // who was there all along is late
        Assert.Null(StartOf(stayer.Id, assignment));

        // Rebuilding everyone, or the same person again, keeps the start while the assignment covers them.
        Factory.Clock.Advance(TimeSpan.FromDays(3));
        await RequiredCourseTable.AssertInStepAsync(Services);
        await ImportAsync(mover, branchIndex: 5, name: "Renamed " + mover.DisplayName);
        Assert.Equal(movedOn.AddDays(20), RequiredCourseTable.Of(Services, mover.Id, Course)!.DueOn);
        Assert.Equal(movedOn, StartOf(mover.Id, assignment));

        await ImportAsync(mover, branchIndex: 1);
        Assert.Null(RequiredCourseTable.Of(Services, mover.Id, Course));
        Assert.Null(StartOf(mover.Id, assignment));

        Factory.Clock.Advance(TimeSpan.FromDays(2));
        var backOn = Today;
        await ImportAsync(mover, branchIndex: 5);
        row = RequiredCourseTable.Of(Services, mover.Id, Course)!;
        Assert.Equal((backOn, backOn.AddDays(20)), (row.AssignedOn, row.DueOn));
        Assert.Equal(backOn, StartOf(mover.Id, assignment));
        await RequiredCourseTable.AssertInStepAsync(Services);

        // Disabled, the person holds no courses and no starts; enabled again, they are as anyone in the branch: the
        // portal cannot tell a return from a mistake, and keeps to the assignment's own date.
        await ImportAsync(mover, branchIndex: 5, active: "no");
        Assert.Null(StartOf(mover.Id, assignment));
        await ImportAsync(mover, branchIndex: 5, active: "yes");
        Assert.Equal(dueDate, RequiredCourseTable.Of(Services, mover.Id, Course)!.DueOn);
        Assert.Null(StartOf(mover.Id, assignment));
    }

    [Fact]
    public async Task Someone_who_already_had_the_course_from_another_assignment_is_not_overdue_on_the_day_they_come_under_an_older_one()
    {
        var mover = await TestData.CreateLearnerAsync(Services, branchIndex: 2);
        var branchWide = await AssignAsync(new NewAssignment(Course, AssignmentTarget.Branch, null, Arrange.BranchId(Services, 9), null, null, DueRule.FixedDate, Today.AddDays(10), null));
        Factory.Clock.Advance(TimeSpan.FromDays(20));
        var named = await AssignAsync(new NewAssignment(Course, AssignmentTarget.Employees, null, null, null, mover.EmployeeNumber, DueRule.DaysAfterAssignment, null, 60));
        var namedOn = Today;

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await ImportAsync(mover, branchIndex: 9);

        var row = RequiredCourseTable.Of(Services, mover.Id, Course)!;
        Assert.Equal((namedOn, Today.AddDays(10), TrainingStatus.NotStarted), (row.AssignedOn, row.DueOn, StatusOf(row))); // the branch's 10 days, from the move
        Assert.Equal(Today, StartOf(mover.Id, branchWide));
        Assert.Null(StartOf(mover.Id, named));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task A_move_under_another_assignment_of_a_course_already_overdue_leaves_it_overdue()
    {
        var mover = await TestData.CreateLearnerAsync(Services, branchIndex: 6);
        var assignedOn = Today;
        await AssignAsync(new NewAssignment(Course, AssignmentTarget.Branch, null, Arrange.BranchId(Services, 6), null, null, DueRule.FixedDate, Today.AddDays(5), null));
        var there = await AssignAsync(new NewAssignment(Course, AssignmentTarget.Branch, null, Arrange.BranchId(Services, 7), null, null, DueRule.FixedDate, Today.AddDays(10), null));
        Factory.Clock.Advance(TimeSpan.FromDays(45));
        Assert.Equal(TrainingStatus.Overdue, StatusOf(RequiredCourseTable.Of(Services, mover.Id, Course)!));

        await ImportAsync(mover, branchIndex: 7);

        var row = RequiredCourseTable.Of(Services, mover.Id, Course)!;
        Assert.Equal((assignedOn, assignedOn.AddDays(10), TrainingStatus.Overdue), (row.AssignedOn, row.DueOn, StatusOf(row))); // the new branch's own date, long gone
        Assert.Equal(Today, StartOf(mover.Id, there));
        Assert.Equal((null, false), await NotesOnPersonPageAsync(mover.Id)); // the dates it had stand: nothing to explain
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task Someone_given_a_job_title_after_its_assignment_was_made_gets_the_window_from_that_day_and_a_new_joiner_keeps_the_hire_date_rule()
    {
        var promoted = await TestData.CreateLearnerAsync(Services, branchIndex: 3);
        var assignment = await AssignAsync(new NewAssignment(Course, AssignmentTarget.JobTitle, null, null, "Relationship Manager", null, DueRule.DaysAfterAssignment, null, 30));
        var assignedOn = Today;
        Factory.Clock.Advance(TimeSpan.FromDays(45));

        await ImportAsync(promoted, branchIndex: 3, jobTitle: "Relationship Manager");

        var row = RequiredCourseTable.Of(Services, promoted.Id, Course)!;
        Assert.Equal((Today, Today.AddDays(30), false, TrainingStatus.NotStarted), (row.AssignedOn, row.DueOn, row.JoinedAfterAssignment, StatusOf(row)));
        Assert.Equal(Today, StartOf(promoted.Id, assignment));
        Assert.Equal((Iso(Today), false), await NotesOnPersonPageAsync(promoted.Id));

        // Someone the portal learns of today has no courses before, so is a joiner by their hire date, as before.
        var number = "LS" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var hired = Today.AddDays(-3);
        var outcome = await UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(Arrange.Csv(Header,
                $"{number},New Joiner,{number.ToLowerInvariant()}@demo.bank,{Arrange.BranchCode(Services, 3)},Relationship Manager,{hired:yyyy-MM-dd},,"),
            "joiners.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));
        Assert.Empty(outcome.Problems);
        var joiner = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.EmployeeNumber == number));
        var joinerRow = RequiredCourseTable.Of(Services, joiner.Id, Course)!;
        Assert.Equal((assignedOn, hired.AddDays(30), true), (joinerRow.AssignedOn, joinerRow.DueOn, joinerRow.JoinedAfterAssignment));
        Assert.Null(StartOf(joiner.Id, assignment));
        Assert.Equal((null, true), await NotesOnPersonPageAsync(joiner.Id));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task Someone_who_had_no_required_courses_at_all_is_not_taken_for_a_newcomer_when_moved_or_given_a_job_title()
    {
        // With every assignment so far ended, people added afterwards are required nothing until a move or a title
        // brings them under one, so they have no rows to tell where they were. The other tests of the class make the
        // assignments they read, so ending the demo's does not touch them.
        var running = TestData.Query(Services, db => db.Assignments.Where(a => a.EndedAtUtc == null).Select(a => a.Id).ToList());
        foreach (var id in running)
        {
            Assert.True((await UseCase.RunAsync(Services, (EndAssignment u) => u.ExecuteAsync(id, Actors.Hr(Services), CancellationToken.None))).Succeeded);
        }

        var mover = await TestData.CreateLearnerAsync(Services, branchIndex: 10);
        var retitled = await TestData.CreateLearnerAsync(Services, branchIndex: 13);
        var movedInBulk = await TestData.CreateLearnerAsync(Services, branchIndex: 10);
        Assert.Empty(TestData.Query(Services, db => db.RequiredCourses.Where(r => r.UserId == mover.Id || r.UserId == retitled.Id || r.UserId == movedInBulk.Id).ToList()));
        var byBranch = await AssignAsync(new NewAssignment(Course, AssignmentTarget.Branch, null, Arrange.BranchId(Services, 11), null, null, DueRule.FixedDate, Today.AddDays(20), null));
        var byTitle = await AssignAsync(new NewAssignment(Course, AssignmentTarget.JobTitle, null, null, "Branch Operations Lead", null, DueRule.DaysAfterAssignment, null, 30));
        Factory.Clock.Advance(TimeSpan.FromDays(40));

        await ImportAsync(mover, branchIndex: 11);
        Assert.True((await UseCase.RunAsync(Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(retitled.Id, retitled.DisplayName, retitled.BranchId, "Branch Operations Lead", Roles.Employee), Actors.Admin(Services), CancellationToken.None))).Succeeded);

        var moved = RequiredCourseTable.Of(Services, mover.Id, Course)!;
        Assert.Equal((Today, Today.AddDays(20), TrainingStatus.NotStarted), (moved.AssignedOn, moved.DueOn, StatusOf(moved)));
        Assert.Equal(Today, StartOf(mover.Id, byBranch));
        var titled = RequiredCourseTable.Of(Services, retitled.Id, Course)!;
        Assert.Equal((Today, Today.AddDays(30), TrainingStatus.NotStarted), (titled.AssignedOn, titled.DueOn, StatusOf(titled)));
        Assert.Equal(Today, StartOf(retitled.Id, byTitle));

        // A file that changes more than half the staff (here a new spelling of every branch employee's name) rebuilds everyone at once.
        var staff = TestData.Query(Services, db => db.Users.AsNoTracking().Where(u => u.IsActive && u.Branch != null)
            .Select(u => new { u.Id, u.EmployeeNumber, u.DisplayName, u.Email, Branch = u.Branch!.Code, u.JobTitle, u.HireDate }).ToList());
        var outcome = await UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(Arrange.Csv([Header, .. staff.Select(p =>
                $"{p.EmployeeNumber},{p.DisplayName} (renamed),{p.Email},{(p.Id == movedInBulk.Id ? Arrange.BranchCode(Services, 11) : p.Branch)},{p.JobTitle},{p.HireDate:yyyy-MM-dd},,")]),
            "everyone.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));
        Assert.Empty(outcome.Problems);
        var bulk = RequiredCourseTable.Of(Services, movedInBulk.Id, Course)!;
        Assert.Equal((Today, Today.AddDays(20)), (bulk.AssignedOn, bulk.DueOn));
        Assert.Equal(Today, StartOf(movedInBulk.Id, byBranch));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }
}
