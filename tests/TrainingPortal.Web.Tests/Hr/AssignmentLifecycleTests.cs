using System.Net;
using Microsoft.Extensions.DependencyInjection;
using AngleSharp.Dom;
using TrainingPortal.Tests;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.Hr;

public class AssignmentLifecycleTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Course = "customer-information-and-segmentation";

    private List<string> RequiredOf(string courseSlug) =>
        TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.CourseSlug == courseSlug).Select(r => r.UserId).ToList());

    private Dictionary<string, string> ForBranch(int branchId) => new()
    {
        ["Input.CourseSlug"] = Course, ["Input.Target"] = "Branch", ["Input.BranchId"] = branchId.ToString(), ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "30",
    };

    [Fact]
    public async Task An_assignment_whose_course_a_content_release_removed_is_flagged_in_the_list()
    {
        var hr = TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "hr@demo.bank").Id);
        // A content release without the course (a renamed folder, say): the assignment stays, naming a course no one can open.
        var orphan = TestData.Query(factory.Services, db =>
        {
            var assignment = new Data.Assignment
            {
                CourseSlug = "retired-course", Target = Core.Assignments.AssignmentTarget.Employees, DueRule = Core.Assignments.DueRule.DaysAfterAssignment,
                DueDays = 30, AssignedOn = new DateOnly(2026, 10, 1), CreatedAtUtc = factory.Clock.GetUtcNow().UtcDateTime, CreatedByUserId = hr,
            };
            db.Assignments.Add(assignment);
            db.SaveChanges();
            return assignment.Id;
        });
        var client = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var page = await client.GetPageAsync("/hr/assignments");

        Assert.Contains("no longer in the portal's content", PortalClient.Text(page.QuerySelector($"[data-testid=assignment-{orphan}] [data-testid=course-missing]")));
        Assert.Single(page.QuerySelectorAll("[data-testid=course-missing]"));
    }

    [Fact]
    public async Task Hr_sees_how_many_people_an_assignment_covers_before_saving_and_nothing_is_stored()
    {
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(2).Select(b => b.Id).First());
        var branchStaff = TestData.Query(factory.Services, db => db.Users.Count(u => u.BranchId == branch && u.IsActive));
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/assignments");
        var before = await DatabaseState.ReadAsync(factory.Services);

        var form = PortalClient.FormFields(page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form[method=post]")!).Where(f => !ForBranch(branch).ContainsKey(f.Key)).Concat(ForBranch(branch));
        var preview = await hr.Http.PostAsync(page.QuerySelector("[data-testid=preview-assignment]")!.GetAttribute("formaction"), new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = await hr.ParseAsync(preview);
        Assert.Equal($"This assignment would cover {branchStaff} people today. Nothing has been saved yet.", PortalClient.Text(shown.QuerySelector("[data-testid=assignment-preview]")));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(factory.Services));

        var saved = await hr.FollowAsync(await hr.SubmitAsync(shown, "main form[method=post]", new Dictionary<string, string>()));
        var list = await hr.ParseAsync(saved);
        Assert.Contains($"It covers {branchStaff} people today.", PortalClient.Text(list.QuerySelector("[role=status]")));
        var savedId = TestData.Query(factory.Services, db => db.Assignments.Max(a => a.Id));
        Assert.Equal(branchStaff.ToString(System.Globalization.CultureInfo.InvariantCulture), PortalClient.Text(list.QuerySelector($"[data-testid=assignment-{savedId}] [data-testid=covers]")));
    }

    [Fact]
    public async Task An_ended_assignment_adds_no_one_new_and_its_people_keep_the_course_and_certificates()
    {
        // A course and a branch no other assignment joins, so that a person added later has no other reason to be required.
        var slugs = factory.Services.GetRequiredService<TrainingPortal.Core.Content.CourseCatalog>().Courses.Select(c => c.Slug).ToList();
        var branchIds = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Id).ToList());
        var taken = TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.BranchId != null).Select(r => new { r.CourseSlug, BranchId = r.BranchId!.Value }).Distinct().ToList());
        var (Course, branchIndex) = slugs.SelectMany(slug => branchIds.Select((id, index) => (slug, index))).First(pair => !taken.Contains(new { CourseSlug = pair.slug, BranchId = branchIds[pair.index] }));
        var branch = branchIds[branchIndex];
        var unrelated = await TestData.CreateLearnerAsync(factory.Services, "Before Assignment", branchIndex: branchIndex);
        Assert.DoesNotContain(unrelated.Id, RequiredOf(Course)); // no other assignment gives this branch the course
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        await hr.SubmitAsync(await hr.GetPageAsync("/hr/assignments"), "main form[method=post]", new Dictionary<string, string>(ForBranch(branch)) { ["Input.CourseSlug"] = Course });
        var assignment = TestData.Query(factory.Services, db => db.Assignments.OrderByDescending(a => a.Id).First());
        var covered = RequiredOf(Course);
        Assert.Contains(unrelated.Id, covered);

        var page = await hr.GetPageAsync("/hr/assignments");
        var ended = await hr.FollowAsync(await hr.SubmitAsync(page, $"[data-testid=assignment-{assignment.Id}] form[action*='handler=End']", new Dictionary<string, string>()));

        var list = await hr.ParseAsync(ended);
        Assert.StartsWith($"Ended the assignment of {Arrange.Course(factory.Services, Course).Title}.", PortalClient.Text(list.QuerySelector("[role=status]")));
        Assert.NotNull(list.QuerySelector($"[data-testid=assignment-{assignment.Id}] [data-testid=ended]"));
        Assert.Equal(covered.Order(), RequiredOf(Course).Order());
        var entry = TestData.Query(factory.Services, db => db.AuditEntries.Single(a => a.Action == "assignment.ended" && a.TargetId == assignment.Id.ToString()));
        Assert.Contains("keep the course", entry.Summary);

        var joiner = await TestData.CreateLearnerAsync(factory.Services, "After The End", branchIndex: branchIndex);
        Assert.DoesNotContain(joiner.Id, RequiredOf(Course));
        Assert.Contains(unrelated.Id, RequiredOf(Course));

        var again = await hr.SubmitAsync(page, $"[data-testid=assignment-{assignment.Id}] form[action*='handler=End']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This assignment has already ended.", await again.Content.ReadAsStringAsync());
    }
}

public class JoinerDueDateTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_new_joiner_is_not_overdue_on_day_one_and_the_report_can_list_new_joiners()
    {
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(6).Select(b => new { b.Id, b.Code }).First());
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        await hr.SubmitAsync(await hr.GetPageAsync("/hr/assignments"), "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.CourseSlug"] = "customer-communication", ["Input.Target"] = "Branch", ["Input.BranchId"] = branch.Id.ToString(),
            ["Input.DueRule"] = "FixedDate", ["Input.DueDate"] = today.AddDays(21).ToString("yyyy-MM-dd"),
        });

        factory.Clock.Advance(TimeSpan.FromDays(30)); // the assignment's due date has passed
        hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var hired = today.AddDays(28);
        var csv = $"employee_number,name,email,branch_code,job_title,hire_date\nJOIN-1,新同事 New Joiner,join.1@demo.bank,{branch.Code},Teller,{hired:yyyy-MM-dd}\n";
        Assert.Equal(HttpStatusCode.OK, (await ImportTests.UploadAsync(hr, csv)).StatusCode);

        var row = TestData.Query(factory.Services, db => db.RequiredCourses.Single(r => r.EmployeeNumber == "JOIN-1" && r.CourseSlug == "customer-communication"));
        Assert.True(row.JoinedAfterAssignment);
        Assert.Equal(hired.AddDays(21), row.DueOn);
        var report = await hr.GetPageAsync($"/reports/completion?branch={branch.Id}&joiners=true&q=join-1&course=customer-communication");
        var rows = report.QuerySelectorAll("[data-testid=completion-rows] tbody tr");
        var only = Assert.Single(rows);
        Assert.Contains("新同事 New Joiner", only.TextContent);
        Assert.Contains("Not started", only.TextContent);
        Assert.Contains("new joiner", only.TextContent);
        Assert.Equal("1", PortalClient.Text(report.QuerySelector("[data-testid=total-assigned]")));
        var overdue = await hr.GetPageAsync($"/reports/completion?branch={branch.Id}&status=Overdue&q=%E6%96%B0%E5%90%8C%E4%BA%8B");
        Assert.Empty(overdue.QuerySelectorAll("[data-testid=completion-rows] tbody tr"));
    }
}
