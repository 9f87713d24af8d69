using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.Tests;

public class AssignmentRulesTests
{
    private static readonly DateOnly Assigned = new(2026, 9, 1);
    private static readonly EmployeeFacts Teller = new("u1", BranchId: 10, RegionId: 1, "Teller", new DateOnly(2026, 10, 1));
    private static readonly EmployeeFacts Manager = new("u2", BranchId: 20, RegionId: 2, "Branch Manager", new DateOnly(2015, 3, 1));

    private static AssignmentRule Rule(string course, AssignmentTarget target, DueRule due = DueRule.DaysAfterAssignment, int? days = 30, DateOnly? date = null,
        int? region = null, int? branch = null, string? title = null, params string[] employees) =>
        new(1, course, target, region, branch, title, employees.ToHashSet(), due, date, days, Assigned);

    [Fact]
    public void Each_target_type_covers_exactly_its_people()
    {
        Assert.True(Rule("c", AssignmentTarget.AllStaff).Covers(Manager));
        Assert.True(Rule("c", AssignmentTarget.Region, region: 1).Covers(Teller));
        Assert.False(Rule("c", AssignmentTarget.Region, region: 1).Covers(Manager));
        Assert.True(Rule("c", AssignmentTarget.Branch, branch: 20).Covers(Manager));
        Assert.False(Rule("c", AssignmentTarget.Branch, branch: 20).Covers(Teller));
        Assert.True(Rule("c", AssignmentTarget.JobTitle, title: "teller").Covers(Teller));
        Assert.False(Rule("c", AssignmentTarget.JobTitle, title: "Teller").Covers(Manager));
        Assert.True(Rule("c", AssignmentTarget.Employees, employees: "u2").Covers(Manager));
        Assert.False(Rule("c", AssignmentTarget.Employees, employees: "u2").Covers(Teller));
    }

    [Fact]
    public void Due_dates_follow_the_rule_and_hire_based_dates_never_fall_before_the_assignment_allows()
    {
        Assert.Equal(new DateOnly(2026, 12, 31), Rule("c", AssignmentTarget.AllStaff, DueRule.FixedDate, days: null, date: new DateOnly(2026, 12, 31)).DueFor(Teller));
        Assert.Equal(Assigned.AddDays(30), Rule("c", AssignmentTarget.AllStaff).DueFor(Teller));
        Assert.Equal(Teller.HireDate.AddDays(30), Rule("c", AssignmentTarget.AllStaff, DueRule.DaysAfterHire).DueFor(Teller));
        Assert.Equal(Assigned.AddDays(30), Rule("c", AssignmentTarget.AllStaff, DueRule.DaysAfterHire).DueFor(Manager)); // hired 2015
    }

    [Fact]
    public void Required_courses_are_the_union_with_the_earliest_due_date_winning()
    {
        var rules = new[]
        {
            Rule("a", AssignmentTarget.AllStaff, days: 60),
            Rule("a", AssignmentTarget.Branch, branch: 10, days: 14),
            Rule("b", AssignmentTarget.JobTitle, title: "Teller"),
            Rule("c", AssignmentTarget.Region, region: 2),
        };

        var required = RequiredCourses.For(Teller, rules);

        Assert.Equal(["a", "b"], required.Select(r => r.CourseSlug));
        Assert.Equal(Assigned.AddDays(14), required[0].DueOn);
    }

    [Fact]
    public void Someone_covered_by_nothing_has_no_required_courses()
    {
        Assert.Empty(RequiredCourses.For(Teller, [Rule("c", AssignmentTarget.Region, region: 9)]));
    }

    [Theory]
    [InlineData("2026-12-01", null, null, null, TrainingStatus.NotStarted)]
    [InlineData("2026-12-01", "2026-11-01", null, null, TrainingStatus.InProgress)]
    [InlineData("2026-11-01", "2026-10-01", null, null, TrainingStatus.Overdue)]
    [InlineData("2026-11-01", null, "2026-10-01", null, TrainingStatus.Completed)]
    [InlineData("2026-12-01", null, "2025-10-01", "2026-10-01", TrainingStatus.CertificateExpired)]
    [InlineData("2026-12-01", null, "2026-10-01", "2027-10-01", TrainingStatus.Completed)]
    public void Status_of_a_required_course(string due, string? started, string? certified, string? expires, TrainingStatus expected)
    {
        static DateTime? At(string? s) => s is null ? null : DateTime.SpecifyKind(DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var now = new DateTime(2026, 11, 15, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal(expected, TrainingStatuses.Of(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), At(started), At(certified), At(expires), new StatusMoment(now, DateOnly.FromDateTime(now))));
    }
}
