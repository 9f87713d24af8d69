using System.Net;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

public class AssignmentTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Course = "working-in-the-new-organisation";

    private async Task<HttpResponseMessage> AssignAsync(Dictionary<string, string> values)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/assignments");
        return await hr.SubmitAsync(page, "main form[method=post]", values);
    }

    private List<string> RequiredOf(string courseSlug) =>
        TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.CourseSlug == courseSlug).Select(r => r.UserId).ToList());

    [Fact]
    public async Task Each_target_type_gives_the_course_to_the_right_people_and_writes_one_audit_row()
    {
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(3).Select(b => new { b.Id, b.RegionId }).First());
        var auditBefore = TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "assignment.created"));
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Named Learner", branchIndex: 1);
        var coveredBefore = RequiredOf(Course); // the demo data already assigns this course to one region

        var byBranch = await AssignAsync(new() { ["Input.CourseSlug"] = Course, ["Input.Target"] = "Branch", ["Input.BranchId"] = branch.Id.ToString(), ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "30" });
        Assert.Equal(HttpStatusCode.Redirect, byBranch.StatusCode);
        var branchStaff = TestData.Query(factory.Services, db => db.Users.Where(u => u.BranchId == branch.Id && u.IsActive).Select(u => u.Id).ToList());
        Assert.Equal(coveredBefore.Union(branchStaff).Order(), RequiredOf(Course).Order());
        Assert.DoesNotContain(learner.Id, RequiredOf(Course));

        await AssignAsync(new() { ["Input.CourseSlug"] = Course, ["Input.Target"] = "Employees", ["Input.EmployeeNumbers"] = learner.EmployeeNumber, ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "30" });
        Assert.Contains(learner.Id, RequiredOf(Course));

        await AssignAsync(new() { ["Input.CourseSlug"] = Course, ["Input.Target"] = "JobTitle", ["Input.JobTitle"] = "Operations Officer", ["Input.DueRule"] = "DaysAfterHire", ["Input.DueDays"] = "90" });
        var officers = TestData.Query(factory.Services, db => db.Users.Where(u => u.JobTitle == "Operations Officer" && u.IsActive).Select(u => u.Id).ToList());
        Assert.All(officers, id => Assert.Contains(id, RequiredOf(Course)));

        await AssignAsync(new() { ["Input.CourseSlug"] = Course, ["Input.Target"] = "Region", ["Input.RegionId"] = branch.RegionId.ToString(), ["Input.DueRule"] = "FixedDate", ["Input.DueDate"] = "2027-01-31" });
        var regionStaff = TestData.Query(factory.Services, db => db.Users.Where(u => u.Branch!.RegionId == branch.RegionId && u.IsActive).Select(u => u.Id).ToList());
        Assert.All(regionStaff, id => Assert.Contains(id, RequiredOf(Course)));

        await AssignAsync(new() { ["Input.CourseSlug"] = Course, ["Input.Target"] = "AllStaff", ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "120" });
        var everyone = TestData.Query(factory.Services, db => db.Users.Count(u => u.IsActive));
        Assert.Equal(everyone, RequiredOf(Course).Count);

        Assert.Equal(auditBefore + 5, TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "assignment.created")));
        // The branch's staff keep the earliest due date: 30 days, not the later all-staff 120.
        var due = TestData.Query(factory.Services, db => db.RequiredCourses.First(r => r.CourseSlug == Course && r.UserId == branchStaff[0]).DueOn);
        Assert.Equal(DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(30), due);
    }

    [Fact]
    public async Task A_bad_assignment_is_refused_with_the_reason()
    {
        var response = await AssignAsync(new() { ["Input.CourseSlug"] = Course, ["Input.Target"] = "Employees", ["Input.EmployeeNumbers"] = "NOPE-1", ["Input.DueRule"] = "FixedDate", ["Input.DueDate"] = "2001-01-01" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Unknown employee number(s): NOPE-1", html);
        Assert.Contains("Give a due date from today on.", html);
    }

    [Fact]
    public async Task Staff_who_join_a_branch_later_get_its_assignments()
    {
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(5).Select(b => new { b.Id, b.Code }).First());
        await AssignAsync(new() { ["Input.CourseSlug"] = "customer-information-and-segmentation", ["Input.Target"] = "Branch", ["Input.BranchId"] = branch.Id.ToString(), ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "30" });
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var csv = "employee_number,name,email,branch_code,job_title,hire_date\nNEW-777,New Joiner,new.joiner@demo.bank," + branch.Code + ",Teller,2026-11-01\n";
        var response = await ImportTests.UploadAsync(hr, csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var joinerId = TestData.Query(factory.Services, db => db.Users.Single(u => u.EmployeeNumber == "NEW-777").Id);
        Assert.Contains(joinerId, RequiredOf("customer-information-and-segmentation"));
    }

    [Fact]
    public async Task Changing_an_assignments_due_date_moves_everyones_date_and_is_audited_with_before_and_after()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var assignment = TestData.Query(factory.Services, db => db.Assignments.OrderBy(a => a.Id).First());
        var page = await hr.GetPageAsync("/hr/assignments");
        var newDue = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(45);

        var response = await hr.SubmitAsync(page, $"form.change-due:has(input[value='{assignment.Id}'][name='Change.AssignmentId'])", new Dictionary<string, string>
        {
            ["Change.DueRule"] = "FixedDate",
            ["Change.DueDate"] = newDue.ToString("yyyy-MM-dd"),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var dues = TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.CourseSlug == assignment.CourseSlug).Select(r => r.DueOn).Distinct().ToList());
        Assert.Contains(newDue, dues);
        var entry = Assert.Single(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "assignment.changed").ToList()));
        Assert.Contains("DaysAfterAssignment", entry.BeforeJson);
        Assert.Contains(newDue.ToString("yyyy-MM-dd"), entry.AfterJson);
    }

    [Fact]
    public async Task An_employee_sees_their_required_courses_with_due_dates_on_their_home_page()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var home = await employee.GetPageAsync("/");

        var rows = home.QuerySelectorAll("[data-testid=required-courses] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Putting customers at the centre") && r.Contains("Completed"));
        Assert.Contains(rows, r => r.Contains("Customer communication skills"));
    }
}
