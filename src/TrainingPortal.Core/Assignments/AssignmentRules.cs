namespace TrainingPortal.Core.Assignments;

public enum AssignmentTarget
{
    AllStaff,
    Region,
    Branch,
    JobTitle,
    Employees,
}

public enum DueRule
{
    FixedDate,
    DaysAfterAssignment,
    DaysAfterHire,
}

/// <summary>Who an assignment covers and by when they must finish. Plain data, so the rules test without a database.</summary>
public sealed record AssignmentRule(
    long Id,
    string CourseSlug,
    AssignmentTarget Target,
    int? RegionId,
    int? BranchId,
    string? JobTitle,
    IReadOnlySet<string> EmployeeIds,
    DueRule DueRule,
    DateOnly? DueDate,
    int? DueDays,
    DateOnly AssignedOn)
{
    public bool Covers(EmployeeFacts employee) => Target switch
    {
        AssignmentTarget.AllStaff => true,
        AssignmentTarget.Region => employee.RegionId is not null && employee.RegionId == RegionId,
        AssignmentTarget.Branch => employee.BranchId is not null && employee.BranchId == BranchId,
        AssignmentTarget.JobTitle => string.Equals(employee.JobTitle, JobTitle, StringComparison.OrdinalIgnoreCase),
        AssignmentTarget.Employees => EmployeeIds.Contains(employee.UserId),
        _ => false,
    };

    /// <summary>
    /// The date this employee must finish by. Counting from hire, someone hired before the assignment still
    /// gets at least the same number of days from the day it was made, rather than being overdue at once.
    /// </summary>
    public DateOnly DueFor(EmployeeFacts employee) => DueRule switch
    {
        DueRule.FixedDate => DueDate!.Value,
        DueRule.DaysAfterAssignment => AssignedOn.AddDays(DueDays!.Value),
        _ => Max(employee.HireDate.AddDays(DueDays!.Value), AssignedOn.AddDays(DueDays!.Value)),
    };

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

public sealed record EmployeeFacts(string UserId, int? BranchId, int? RegionId, string JobTitle, DateOnly HireDate);

public sealed record RequiredCourseLine(string CourseSlug, DateOnly AssignedOn, DateOnly DueOn);

public static class RequiredCourses
{
    /// <summary>
    /// An employee's required courses: the union of every assignment that covers them. Where two
    /// assignments require the same course, the earlier due date stands.
    /// </summary>
    public static IReadOnlyList<RequiredCourseLine> For(EmployeeFacts employee, IEnumerable<AssignmentRule> assignments) =>
        assignments
            .Where(a => a.Covers(employee))
            .GroupBy(a => a.CourseSlug)
            .Select(g =>
            {
                var earliest = g.OrderBy(a => a.DueFor(employee)).ThenBy(a => a.AssignedOn).First();
                return new RequiredCourseLine(g.Key, g.Min(a => a.AssignedOn), earliest.DueFor(employee));
            })
            .OrderBy(l => l.CourseSlug, StringComparer.Ordinal)
            .ToList();
}

/// <summary>Why a due rule cannot be saved; the web layer words it in the reader's language.</summary>
public enum DueProblem
{
    RuleUnknown,
    DateBeforeToday,
    DaysMissing,
    DaysOutOfRange,
}

/// <summary>What HR may give as a due rule, checked the same way when an assignment is made and when it changes.</summary>
public static class DueRules
{
    public const int MaxDays = 3650;

    /// <summary>The input at fault and why, or null when the rule can be saved.</summary>
    public static (string Field, DueProblem Problem)? Problem(DueRule rule, DateOnly? date, int? days, DateOnly today) => rule switch
    {
        _ when !Enum.IsDefined(rule) => ("DueRule", DueProblem.RuleUnknown),
        DueRule.FixedDate when date is null || date < today => ("DueDate", DueProblem.DateBeforeToday),
        DueRule.FixedDate => null,
        _ when days is null => ("DueDays", DueProblem.DaysMissing),
        _ when days is < 1 or > MaxDays => ("DueDays", DueProblem.DaysOutOfRange),
        _ => null,
    };
}
