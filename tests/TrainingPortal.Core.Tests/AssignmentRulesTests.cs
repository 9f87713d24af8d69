using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.Tests;

public class AssignmentRulesTests
{
    private static readonly DateOnly Assigned = new(2026, 9, 1);
    private static readonly EmployeeFacts Teller = new("u1", BranchId: 10, Regions: [1], "Teller", new DateOnly(2026, 10, 1));
    private static readonly EmployeeFacts Manager = new("u2", BranchId: 20, Regions: [2], "Branch Manager", new DateOnly(2015, 3, 1));

    /// <summary>The same teller hired before the assignments were made, so no joiners' window applies (see <see cref="JoinerAndEndedAssignmentTests"/>).</summary>
    private static readonly EmployeeFacts LongServingTeller = Teller with { HireDate = new DateOnly(2020, 1, 6) };

    private static AssignmentRule Rule(string course, AssignmentTarget target, DueRule due = DueRule.DaysAfterAssignment, int? days = 30, DateOnly? date = null,
        int? region = null, int? branch = null, string? title = null, params string[] employees) =>
        new(1, course, target, region, branch, title, employees.ToHashSet(), due, date, days, Assigned);

    [Fact]
    public void A_region_covers_the_staff_of_every_area_below_it_and_no_other()
    {
        var inArea = Teller with { Regions = [7, 1] }; // a branch of area 7, which lies in region 1

        Assert.True(Rule("c", AssignmentTarget.Region, region: 1).Covers(inArea));
        Assert.True(Rule("c", AssignmentTarget.Region, region: 7).Covers(inArea));
        Assert.False(Rule("c", AssignmentTarget.Region, region: 2).Covers(inArea));
        Assert.False(Rule("c", AssignmentTarget.Region, region: 1).Covers(Teller with { Regions = [] })); // head office
    }

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
        Assert.Equal(new DateOnly(2026, 12, 31), Rule("c", AssignmentTarget.AllStaff, DueRule.FixedDate, days: null, date: new DateOnly(2026, 12, 31)).DueFor(LongServingTeller));
        Assert.Equal(Assigned.AddDays(30), Rule("c", AssignmentTarget.AllStaff).DueFor(LongServingTeller));
        Assert.Equal(Teller.HireDate.AddDays(30), Rule("c", AssignmentTarget.AllStaff, DueRule.DaysAfterHire).DueFor(Teller));
        Assert.Equal(Assigned.AddDays(30), Rule("c", AssignmentTarget.AllStaff, DueRule.DaysAfterHire).DueFor(Manager)); // hired 2015
    }

    [Fact]
    public void Someone_who_comes_under_an_assignment_after_it_was_made_gets_the_joiners_window_from_that_day()
    {
        var fixedDate = Rule("c", AssignmentTarget.Branch, DueRule.FixedDate, days: null, date: new DateOnly(2026, 9, 30), branch: 10); // 29 days from Assigned
        var moved = LongServingTeller with { CoveredLate = new Dictionary<long, LateCover> { [fixedDate.Id] = new(new DateOnly(2026, 11, 16)) } };

        Assert.Equal(new DateOnly(2026, 9, 30), fixedDate.DueFor(LongServingTeller));
        Assert.Equal(new DateOnly(2026, 12, 15), fixedDate.DueFor(moved));
        Assert.Equal(new DateOnly(2026, 12, 16), Rule("c", AssignmentTarget.Branch, branch: 10).DueFor(moved)); // 30 days from the move, not from Assigned
        Assert.Equal(new DateOnly(2026, 12, 6), (fixedDate with { JoinerDays = 20 }).DueFor(moved));
        var later = Rule("c", AssignmentTarget.Branch, DueRule.FixedDate, days: null, date: new DateOnly(2027, 1, 1), branch: 10);
        Assert.Equal(new DateOnly(2027, 3, 18), later.DueFor(moved)); // the whole 122 days everyone else was given
        Assert.Equal(new DateOnly(2027, 1, 1), (later with { JoinerDays = 5 }).DueFor(moved)); // never brought forward

        var line = Assert.Single(RequiredCourses.For(moved, [fixedDate]));
        Assert.Equal(new RequiredCourseLine("c", new DateOnly(2026, 11, 16), new DateOnly(2026, 12, 15)), line); // assigned, for them, the day they came under it
        Assert.Equal(new DateOnly(2026, 9, 30), (fixedDate with { Id = 2 }).DueFor(moved)); // another assignment's start is not this one's
    }

    [Fact]
    public void Someone_who_already_had_the_course_from_another_assignment_is_not_overdue_on_the_day_they_come_under_an_older_one()
    {
        var old = Rule("c", AssignmentTarget.Branch, DueRule.FixedDate, days: null, date: new DateOnly(2026, 9, 30), branch: 10);
        var recent = Rule("c", AssignmentTarget.Employees, employees: "u1") with { Id = 2, AssignedOn = new DateOnly(2026, 11, 10) }; // due 10 December
        var moved = LongServingTeller with { CoveredLate = new Dictionary<long, LateCover> { [old.Id] = new(new DateOnly(2026, 11, 16), new HeldCourse(new DateOnly(2026, 11, 10), new DateOnly(2026, 12, 10))) } };

        Assert.Equal(new DateOnly(2026, 9, 30), RequiredCourses.For(LongServingTeller, [old, recent]).Single().DueOn);
        Assert.Equal(new RequiredCourseLine("c", new DateOnly(2026, 11, 10), new DateOnly(2026, 12, 10)), RequiredCourses.For(moved, [old, recent]).Single());
    }

    [Fact]
    public void Coming_under_an_assignment_of_a_course_already_held_keeps_its_assigned_date_and_never_puts_off_its_due_date()
    {
        var teller = Rule("c", AssignmentTarget.JobTitle, DueRule.FixedDate, days: null, date: new DateOnly(2026, 9, 30), title: "Teller");
        var manager = Rule("c", AssignmentTarget.JobTitle, DueRule.FixedDate, days: null, date: new DateOnly(2026, 10, 15), title: "Branch Manager") with { Id = 2 };
        var promoted = LongServingTeller with { JobTitle = "Branch Manager" };
        var overdue = new HeldCourse(Assigned, new DateOnly(2026, 9, 30));

        Assert.True(manager.CoversLate(promoted, [LongServingTeller], new DateOnly(2026, 11, 16)));
        var line = RequiredCourses.For(promoted with { CoveredLate = new Dictionary<long, LateCover> { [manager.Id] = new(new DateOnly(2026, 11, 16), overdue) } }, [teller, manager]).Single();
        Assert.Equal(new RequiredCourseLine("c", Assigned, new DateOnly(2026, 10, 15)), line); // the manager assignment's own date: still overdue on 16 November
        Assert.Equal(new DateOnly(2026, 12, 30), manager.DueFor(promoted with { CoveredLate = new Dictionary<long, LateCover> { [manager.Id] = new(new DateOnly(2026, 11, 16)) } }));
    }

    [Fact]
    public void After_a_change_a_late_cover_stands_while_its_assignment_covers_and_one_just_come_under_starts_today_with_the_course_as_held()
    {
        var today = new DateOnly(2026, 11, 16);
        var branch = Rule("c", AssignmentTarget.Branch, branch: 20);
        var title = Rule("d", AssignmentTarget.JobTitle, title: "Teller") with { Id = 2 };
        var madeToday = Rule("e", AssignmentTarget.Branch, branch: 20) with { Id = 3, AssignedOn = today };
        var moved = LongServingTeller with { BranchId = 20 };
        var before = new WorkedOutFrom([LongServingTeller], new Dictionary<string, HeldCourse> { ["c"] = new(Assigned, new DateOnly(2026, 9, 30)) });
        var standing = new Dictionary<long, LateCover> { [title.Id] = new(new DateOnly(2026, 10, 1)) };

        var after = RequiredCourses.LateCoversAfter(moved, [branch, title, madeToday], standing, before, today);

        Assert.Equal(new Dictionary<long, LateCover>
        {
            [branch.Id] = new(today, new HeldCourse(Assigned, new DateOnly(2026, 9, 30))), // came under it by the move, already holding the course
            [title.Id] = new(new DateOnly(2026, 10, 1)), // still covered: stands
        }, after);
        Assert.Empty(RequiredCourses.LateCoversAfter(moved with { JobTitle = "Clerk", BranchId = 10 }, [branch, title], standing, before, today)); // covered by neither: both end
        Assert.Equal([title.Id], RequiredCourses.LateCoversAfter(moved, [branch, title], standing, null, today).Keys); // no record of before: none starts
    }

    [Fact]
    public void A_course_held_when_they_came_under_an_assignment_late_stays_at_its_date_whatever_else_requires_it_later()
    {
        var branch = Rule("c", AssignmentTarget.Branch, DueRule.FixedDate, days: null, date: new DateOnly(2026, 9, 30), branch: 20) with { Id = 2 };
        var moved = LongServingTeller with
        {
            BranchId = 20,
            CoveredLate = new Dictionary<long, LateCover> { [branch.Id] = new(new DateOnly(2026, 11, 16), new HeldCourse(Assigned, new DateOnly(2026, 9, 30))) },
        };
        var campaign = Rule("c", AssignmentTarget.AllStaff, DueRule.FixedDate, days: null, date: new DateOnly(2027, 3, 31)) with { Id = 3, AssignedOn = new DateOnly(2026, 12, 1) };

        // Overdue before the move, overdue after; a wider assignment made later gives them no more than it gives the
        // colleagues they joined, for whom the branch's own date still stands.
        Assert.Equal(new DateOnly(2026, 9, 30), RequiredCourses.For(moved, [branch]).Single().DueOn);
        Assert.Equal(new DateOnly(2026, 9, 30), RequiredCourses.For(moved, [branch, campaign]).Single().DueOn);
        Assert.Equal(new DateOnly(2026, 9, 30), RequiredCourses.For(LongServingTeller with { BranchId = 20 }, [branch, campaign]).Single().DueOn);
    }

    [Fact]
    public void A_former_record_counts_as_one_more_version_and_is_all_there_is_for_someone_who_had_no_courses()
    {
        var today = new DateOnly(2026, 11, 16);
        var branch = Rule("c", AssignmentTarget.Branch, branch: 20);
        var moved = LongServingTeller with { BranchId = 20 };
        var rows = new WorkedOutFrom([LongServingTeller], new Dictionary<string, HeldCourse> { ["d"] = new(Assigned, new DateOnly(2026, 9, 30)) });
        var inBranch20 = LongServingTeller with { BranchId = 20 };

        Assert.Null(WorkedOutFrom.With(null, null));
        Assert.Same(rows, WorkedOutFrom.With(rows, null));
        var fromRecord = WorkedOutFrom.With(null, LongServingTeller)!;
        Assert.Equal([LongServingTeller], fromRecord.Facts);
        Assert.Empty(fromRecord.Courses);
        Assert.Equal([branch.Id], RequiredCourses.LateCoversAfter(moved, [branch], new Dictionary<long, LateCover>(), fromRecord, today).Keys); // moved from branch 10: starts today

        var both = WorkedOutFrom.With(rows, inBranch20)!;
        Assert.Equal([LongServingTeller, inBranch20], both.Facts);
        Assert.Same(rows.Courses, both.Courses);
        Assert.Empty(RequiredCourses.LateCoversAfter(moved, [branch], new Dictionary<long, LateCover>(), both, today)); // one version was in branch 20 already
    }

    [Fact]
    public void A_start_on_or_before_the_assignment_changes_nothing()
    {
        var rule = Rule("c", AssignmentTarget.AllStaff, DueRule.FixedDate, days: null, date: new DateOnly(2026, 9, 30));
        foreach (var since in new[] { Assigned, Assigned.AddDays(-1) })
        {
            var employee = LongServingTeller with { CoveredLate = new Dictionary<long, LateCover> { [rule.Id] = new(since) } };
            Assert.Equal(new DateOnly(2026, 9, 30), rule.DueFor(employee));
            Assert.Equal(Assigned, RequiredCourses.For(employee, [rule]).Single().AssignedOn);
        }
    }

    [Theory]
    [InlineData("2026-11-16", 20, 10, "Teller", true)]   // moved into branch 10 after the assignment was made
    [InlineData("2026-09-01", 20, 10, "Teller", false)]  // the assignment is made today: everyone starts together
    [InlineData("2026-11-16", 10, 10, "Teller", false)]  // in branch 10 all along
    [InlineData("2026-11-16", 20, 20, "Teller", false)]  // not covered now
    [InlineData("2026-11-16", 10, 10, "Clerk", false)]   // a new job title the branch assignment does not look at
    public void An_assignment_is_come_under_late_when_it_was_made_before_today_and_covers_someone_it_did_not_cover_as_they_were(
        string today, int branchBefore, int branchNow, string titleBefore, bool late)
    {
        var rule = Rule("c", AssignmentTarget.Branch, branch: 10);
        var before = LongServingTeller with { BranchId = branchBefore, JobTitle = titleBefore };

        Assert.Equal(late, rule.CoversLate(LongServingTeller with { BranchId = branchNow }, [before], DateOnly.Parse(today)));
    }

    [Fact]
    public void A_new_job_title_comes_under_the_assignments_of_that_title_late_and_no_others()
    {
        var today = new DateOnly(2026, 11, 16);
        var promoted = LongServingTeller with { JobTitle = "Branch Manager" };

        Assert.True(Rule("c", AssignmentTarget.JobTitle, title: "branch manager").CoversLate(promoted, [LongServingTeller], today));
        Assert.False(Rule("c", AssignmentTarget.JobTitle, title: "Teller").CoversLate(promoted, [LongServingTeller], today));
        Assert.False(Rule("c", AssignmentTarget.Region, region: 1).CoversLate(promoted, [LongServingTeller], today));
        Assert.False(Rule("c", AssignmentTarget.Employees, employees: "u1").CoversLate(promoted, [LongServingTeller], today));
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

        var required = RequiredCourses.For(LongServingTeller, rules);

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

    [Fact]
    public void Unfinished_is_exactly_not_started_in_progress_or_overdue_across_every_boundary()
    {
        var now = new DateTime(2026, 11, 15, 12, 0, 0, DateTimeKind.Utc);
        var at = new StatusMoment(now, DateOnly.FromDateTime(now));
        var unfinished = TrainingStatuses.IsAny<TrainingDates>(TrainingStatuses.Unfinished, at).Compile();
        DateTime?[] instants = [null, now.AddDays(-400), now.AddTicks(-1), now, now.AddTicks(1), now.AddDays(400)];
        var seen = new HashSet<TrainingStatus>();
        foreach (var due in new[] { at.Today.AddDays(-1), at.Today, at.Today.AddDays(1) })
        foreach (var started in instants)
        foreach (var certified in instants)
        foreach (var expires in instants)
        {
            var dates = new TrainingDates(due, started, certified, expires);
            var status = TrainingStatuses.Of(dates, at);
            seen.Add(status);
            Assert.Equal(status is TrainingStatus.NotStarted or TrainingStatus.InProgress or TrainingStatus.Overdue, unfinished(dates));
        }

        Assert.Equal(Enum.GetValues<TrainingStatus>().Length, seen.Count);
    }
}

public class JoinerAndEndedAssignmentTests
{
    private static readonly DateOnly Assigned = new(2026, 10, 1);

    private static AssignmentRule Rule(DueRule due, int? days = null, DateOnly? date = null, int? joinerDays = null, bool ended = false, params string[] employees) =>
        new(1, "c", AssignmentTarget.AllStaff, null, null, null, employees.ToHashSet(), due, date, days, Assigned, joinerDays, ended);

    private static EmployeeFacts HiredOn(DateOnly hired, string id = "u1") => new(id, 10, [1], "Teller", hired);

    [Fact]
    public void Someone_hired_after_a_fixed_date_assignment_gets_its_own_window_from_the_hire_date()
    {
        var rule = Rule(DueRule.FixedDate, date: new DateOnly(2026, 10, 23)); // 22 days from assignment
        var joiner = HiredOn(new DateOnly(2026, 11, 16));

        Assert.Equal(22, rule.JoinerWindowDays);
        Assert.True(rule.IsJoiner(joiner));
        Assert.Equal(new DateOnly(2026, 12, 8), rule.DueFor(joiner));
        Assert.Equal(new DateOnly(2026, 10, 23), rule.DueFor(HiredOn(new DateOnly(2020, 1, 1))));
    }

    [Theory]
    [InlineData(DueRule.DaysAfterAssignment, null, "2026-12-16")] // the assignment's own 30 days, from hire
    [InlineData(DueRule.DaysAfterAssignment, 10, "2026-11-26")] // the joiners' window HR set
    [InlineData(DueRule.DaysAfterHire, null, "2026-12-16")]
    public void A_joiner_is_never_due_before_hire_date_plus_the_joiners_window(DueRule due, int? joinerDays, string expected)
    {
        var rule = Rule(due, days: 30, joinerDays: joinerDays);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rule.DueFor(HiredOn(new DateOnly(2026, 11, 16))));
    }

    [Fact]
    public void A_joiners_window_never_brings_a_due_date_forward()
    {
        var rule = Rule(DueRule.FixedDate, date: new DateOnly(2027, 3, 31), joinerDays: 5);

        Assert.Equal(new DateOnly(2027, 3, 31), rule.DueFor(HiredOn(new DateOnly(2026, 11, 16))));
    }

    [Fact]
    public void The_required_course_line_says_whether_its_due_date_came_from_the_joiners_window()
    {
        var rule = Rule(DueRule.DaysAfterAssignment, days: 30);

        Assert.True(RequiredCourses.For(HiredOn(new DateOnly(2026, 11, 16)), [rule]).Single().Joiner);
        Assert.False(RequiredCourses.For(HiredOn(new DateOnly(2026, 9, 1)), [rule]).Single().Joiner);
    }

    [Fact]
    public void An_ended_assignment_covers_only_the_people_it_covered_when_it_ended()
    {
        var ended = Rule(DueRule.DaysAfterAssignment, days: 30, ended: true, employees: "kept");

        Assert.True(ended.Covers(HiredOn(new DateOnly(2020, 1, 1), "kept")));
        Assert.False(ended.Covers(HiredOn(new DateOnly(2020, 1, 1), "new")));
    }

    [Fact]
    public void A_joiners_window_outside_one_day_to_ten_years_is_refused()
    {
        Assert.Equal(("JoinerDays", DueProblem.JoinerDaysOutOfRange), DueRules.Problem(DueRule.DaysAfterAssignment, null, 30, Assigned, joinerDays: 0));
        Assert.Null(DueRules.Problem(DueRule.DaysAfterAssignment, null, 30, Assigned, joinerDays: 45));
    }

    [Fact]
    public void A_fixed_due_date_more_than_ten_years_ahead_is_refused()
    {
        Assert.Null(DueRules.Problem(DueRule.FixedDate, Assigned.AddDays(DueRules.MaxDays), null, Assigned));
        Assert.Equal(("DueDate", DueProblem.DateTooFar), DueRules.Problem(DueRule.FixedDate, Assigned.AddDays(DueRules.MaxDays + 1), null, Assigned));
        Assert.Equal(("DueDate", DueProblem.DateTooFar), DueRules.Problem(DueRule.FixedDate, DateOnly.MaxValue, null, Assigned));
    }

    [Theory]
    [InlineData(DueRule.DaysAfterAssignment)]
    [InlineData(DueRule.DaysAfterHire)]
    public void A_later_change_may_not_bring_the_due_date_forward_to_before_today(DueRule rule)
    {
        var today = Assigned.AddDays(45);
        var sixtyDays = (Assigned, DueRules.EarliestDue(DueRule.DaysAfterAssignment, null, 60, Assigned));

        Assert.Equal(("DueDays", DueProblem.DaysEndBeforeToday), DueRules.Problem(rule, null, 30, today, current: sixtyDays));
        Assert.Null(DueRules.Problem(rule, null, 45, today, current: sixtyDays)); // due today
        Assert.Null(DueRules.Problem(rule, null, 90, today, current: sixtyDays));
        Assert.Null(DueRules.Problem(rule, null, 1, Assigned)); // a new assignment counts from today
    }

    [Theory]
    [InlineData(DueRule.DaysAfterAssignment)]
    [InlineData(DueRule.DaysAfterHire)]
    public void An_extension_is_allowed_even_when_the_longer_window_has_also_passed(DueRule rule)
    {
        // An onboarding assignment made two years ago, "30 days" moved to 45: long-serving staff were overdue already.
        var today = Assigned.AddDays(730);
        var thirtyDays = (Assigned, DueRules.EarliestDue(rule, null, 30, Assigned));

        Assert.Null(DueRules.Problem(rule, null, 45, today, current: thirtyDays));
        Assert.Equal(("DueDays", DueProblem.DaysEndBeforeToday), DueRules.Problem(rule, null, 20, today, current: thirtyDays));
        // From a fixed date still ahead to days that have run out: everyone would be overdue at once.
        Assert.Equal(("DueDays", DueProblem.DaysEndBeforeToday),
            DueRules.Problem(rule, null, 45, today, current: (Assigned, DueRules.EarliestDue(DueRule.FixedDate, today.AddDays(10), null, Assigned))));
    }
}
