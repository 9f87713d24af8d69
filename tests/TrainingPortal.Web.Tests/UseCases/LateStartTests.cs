using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>
/// Someone who comes under an assignment after it was made, by a move of branch or a new job title in a staff import,
/// gets the joiners' window from that day rather than a due date already gone. A class of its own: it moves the clock.
/// </summary>
public class LateStartTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Header = "employee_number,name,email,branch_code,job_title,hire_date,role,active";
    private const string Course = "working-in-the-new-organisation"; // the demo requires it of region 0 only

    private DateOnly Today => Services.GetRequiredService<BankCalendar>().DateOf(Arrange.Now(Factory));

    private async Task ImportAsync(PortalUser person, int branchIndex, string? jobTitle = null)
    {
        var outcome = await UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(Arrange.Csv(Header,
                $"{person.EmployeeNumber},{person.DisplayName},{person.Email},{Arrange.BranchCode(Services, branchIndex)},{jobTitle ?? person.JobTitle},{person.HireDate:yyyy-MM-dd},,"),
            "moves.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));
        Assert.Empty(outcome.Problems);
    }

    private LateStart? StartOf(string userId, string course) =>
        TestData.Query(Services, db => db.LateStarts.AsNoTracking().SingleOrDefault(s => s.UserId == userId && s.CourseSlug == course));

    private TrainingStatus StatusOf(RequiredCourse row) => TrainingStatuses.Of(row, Services.GetRequiredService<BankCalendar>().MomentAt(Arrange.Now(Factory)));

    [Fact]
    public async Task Someone_moved_into_a_branch_after_its_assignment_gets_the_window_from_the_move_and_a_new_one_when_they_come_back()
    {
        var mover = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var stayer = await TestData.CreateLearnerAsync(Services, branchIndex: 5);
        var dueDate = Today.AddDays(20);
        var created = await UseCase.RunAsync(Services, (CreateAssignment u) =>
            u.ExecuteAsync(new NewAssignment(Course, AssignmentTarget.Branch, null, Arrange.BranchId(Services, 5), null, null, DueRule.FixedDate, dueDate, null), Actors.Hr(Services), CancellationToken.None));
        Assert.True(created.Succeeded, string.Join(", ", created.Refusals));
        Assert.Null(RequiredCourseTable.Of(Services, mover.Id, Course));

        Factory.Clock.Advance(TimeSpan.FromDays(30));
        var movedOn = Today;
        await ImportAsync(mover, branchIndex: 5);

        var row = RequiredCourseTable.Of(Services, mover.Id, Course)!;
        Assert.Equal((movedOn, movedOn.AddDays(20)), (row.AssignedOn, row.DueOn)); // the assignment's 20 days, from the move
        Assert.Equal(TrainingStatus.NotStarted, StatusOf(row));
        Assert.Equal(movedOn, StartOf(mover.Id, Course)!.RequiredSince);
        var stayed = RequiredCourseTable.Of(Services, stayer.Id, Course)!;
        Assert.Equal((dueDate, TrainingStatus.Overdue), (stayed.DueOn, StatusOf(stayed))); // who was there all along is late
        Assert.Null(StartOf(stayer.Id, Course));

        // Rebuilding everyone, or the same person again, keeps the start while the course stays required.
        Factory.Clock.Advance(TimeSpan.FromDays(3));
        await RequiredCourseTable.AssertInStepAsync(Services);
        await ImportAsync(mover, branchIndex: 5, jobTitle: "Relationship Manager");
        Assert.Equal(movedOn.AddDays(20), RequiredCourseTable.Of(Services, mover.Id, Course)!.DueOn);
        Assert.Equal(movedOn, StartOf(mover.Id, Course)!.RequiredSince);

        await ImportAsync(mover, branchIndex: 1);
        Assert.Null(RequiredCourseTable.Of(Services, mover.Id, Course));
        Assert.Null(StartOf(mover.Id, Course));

        Factory.Clock.Advance(TimeSpan.FromDays(2));
        var backOn = Today;
        await ImportAsync(mover, branchIndex: 5);
        Assert.Equal((backOn, backOn.AddDays(20)), (RequiredCourseTable.Of(Services, mover.Id, Course)!.AssignedOn, RequiredCourseTable.Of(Services, mover.Id, Course)!.DueOn));
        Assert.Equal(backOn, StartOf(mover.Id, Course)!.RequiredSince);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task Someone_given_a_job_title_after_its_assignment_was_made_gets_the_window_from_that_day_and_a_new_joiner_keeps_the_hire_date_rule()
    {
        // The demo's assignment for assistant branch managers: 30 days from the day it was made, two days before seeding.
        var assignment = TestData.Query(Services, db => db.Assignments.AsNoTracking().Single(a => a.TargetJobTitle == "Assistant Branch Manager"));
        var promoted = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        Factory.Clock.Advance(TimeSpan.FromDays(45));
        Assert.True(assignment.AssignedOn.AddDays(assignment.DueDays!.Value) < Today);

        await ImportAsync(promoted, branchIndex: 1, jobTitle: "Assistant Branch Manager");

        var row = RequiredCourseTable.Of(Services, promoted.Id, assignment.CourseSlug)!;
        Assert.Equal((Today, Today.AddDays(assignment.DueDays!.Value), false), (row.AssignedOn, row.DueOn, row.JoinedAfterAssignment));
        Assert.Equal(TrainingStatus.NotStarted, StatusOf(row));

        // Someone the portal learns of today is a joiner by their hire date, as before.
        var number = "LS" + Guid.NewGuid().ToString("N")[..6];
        var hired = Today.AddDays(-3);
        var outcome = await UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(Arrange.Csv(Header,
                $"{number},New Joiner,{number.ToLowerInvariant()}@demo.bank,{Arrange.BranchCode(Services, 1)},Assistant Branch Manager,{hired:yyyy-MM-dd},,"),
            "joiners.csv", deactivateMissing: false, Actors.Hr(Services), CancellationToken.None));
        Assert.Empty(outcome.Problems);
        var joiner = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.EmployeeNumber == number));
        var joinerRow = RequiredCourseTable.Of(Services, joiner.Id, assignment.CourseSlug)!;
        Assert.Equal((assignment.AssignedOn, hired.AddDays(assignment.DueDays!.Value), true), (joinerRow.AssignedOn, joinerRow.DueOn, joinerRow.JoinedAfterAssignment));
        Assert.Null(StartOf(joiner.Id, assignment.CourseSlug));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }
}
