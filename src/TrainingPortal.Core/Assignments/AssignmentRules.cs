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
/// <param name="JoinerDays">The window of someone hired after the assignment was made, counted from their hire date;
/// null for the assignment's own window (<see cref="JoinerWindowDays"/>).</param>
/// <param name="Ended">An ended assignment covers no one new: only <paramref name="EmployeeIds"/>, the people it covered
/// when it ended.</param>
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
    DateOnly AssignedOn,
    int? JoinerDays = null,
    bool Ended = false)
{
    public bool Covers(EmployeeFacts employee) => Ended ? EmployeeIds.Contains(employee.UserId) : Target switch
    {
        AssignmentTarget.AllStaff => true,
        AssignmentTarget.Region => RegionId is { } region && employee.Regions.Contains(region),
        AssignmentTarget.Branch => employee.BranchId is not null && employee.BranchId == BranchId,
        AssignmentTarget.JobTitle => string.Equals(employee.JobTitle, JobTitle, StringComparison.OrdinalIgnoreCase),
        AssignmentTarget.Employees => EmployeeIds.Contains(employee.UserId),
        _ => false,
    };

    /// <summary>The days a joiner gets from their hire date: as set, or the time everyone else was given.</summary>
    public int JoinerWindowDays => JoinerDays ?? DueRule switch
    {
        DueRule.FixedDate => Math.Max(1, DueDate!.Value.DayNumber - AssignedOn.DayNumber),
        _ => DueDays!.Value,
    };

    /// <summary>Hired after the assignment was made: the assignment's own date came before they could act on it.</summary>
    public bool IsJoiner(EmployeeFacts employee) => employee.HireDate > AssignedOn;

    /// <summary>
    /// The date this employee must finish by. Counting from hire, someone hired before the assignment still gets at
    /// least the same number of days from the day it was made, rather than being overdue at once; a joiner is never
    /// due before their hire date plus the joiners' window; and someone who came under the assignment after it was made,
    /// by a move or a new job title, is never due before that day plus the same window.
    /// </summary>
    public DateOnly DueFor(EmployeeFacts employee)
    {
        var due = DueRule switch
        {
            DueRule.FixedDate => DueDate!.Value,
            DueRule.DaysAfterAssignment => AssignedOn.AddDays(DueDays!.Value),
            _ => Max(employee.HireDate.AddDays(DueDays!.Value), AssignedOn.AddDays(DueDays!.Value)),
        };
        if (IsJoiner(employee))
        {
            due = Max(due, employee.HireDate.AddDays(JoinerWindowDays));
        }

        return employee.RequiredSince.TryGetValue(CourseSlug, out var since) && since > AssignedOn ? Max(due, since.AddDays(JoinerWindowDays)) : due;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

/// <param name="Regions">The region of the employee's branch and every region above it (regions nest); empty at head office.</param>
public sealed record EmployeeFacts(string UserId, int? BranchId, IReadOnlyCollection<int> Regions, string JobTitle, DateOnly HireDate)
{
    /// <summary>
    /// The day each course came to be required of this person after they had joined, by a change to their record (a
    /// move of branch, a new job title) rather than by a new assignment (<see cref="RequiredCourses.StartsLate"/>).
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly> RequiredSince { get; init; } = new Dictionary<string, DateOnly>();
}

/// <param name="Joiner">The person joined after the assignment that sets the due date was made.</param>
public sealed record RequiredCourseLine(string CourseSlug, DateOnly AssignedOn, DateOnly DueOn, bool Joiner = false);

public static class RequiredCourses
{
    /// <summary>
    /// An employee's required courses: the union of every assignment that covers them. Where two
    /// assignments require the same course, the earlier due date stands. A course that came to them late
    /// (<see cref="EmployeeFacts.RequiredSince"/>) counts as assigned that day.
    /// </summary>
    public static IReadOnlyList<RequiredCourseLine> For(EmployeeFacts employee, IEnumerable<AssignmentRule> assignments) =>
        assignments
            .Where(a => a.Covers(employee))
            .GroupBy(a => a.CourseSlug)
            .Select(g =>
            {
                var earliest = g.OrderBy(a => a.DueFor(employee)).ThenBy(a => a.AssignedOn).First();
                var assignedOn = g.Min(a => a.AssignedOn);
                if (employee.RequiredSince.TryGetValue(g.Key, out var since) && since > assignedOn)
                {
                    assignedOn = since; // for them the course was assigned the day it came to be required of them
                }

                return new RequiredCourseLine(g.Key, assignedOn, earliest.DueFor(employee), earliest.IsJoiner(employee));
            })
            .OrderBy(l => l.CourseSlug, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Whether a course that was not required of this person yesterday and is today came to them late: they had already
    /// joined, and an assignment requiring it was already made, so the day counts as their start
    /// (<see cref="EmployeeFacts.RequiredSince"/>) and they get the joiners' window from it instead of the time already
    /// gone. A course required by an assignment made today starts with everyone else's.
    /// </summary>
    /// <param name="onRecordSince">The day the person's account was made: someone the portal learns of today (an import
    /// of new staff) is a joiner by their hire date, not a late start.</param>
    public static bool StartsLate(RequiredCourseLine line, EmployeeFacts employee, DateOnly onRecordSince, DateOnly today) =>
        line.AssignedOn < today && employee.HireDate < today && onRecordSince < today;
}

/// <summary>Why a due rule cannot be saved; the web layer words it in the reader's language.</summary>
public enum DueProblem
{
    RuleUnknown,
    DateBeforeToday,
    DaysMissing,
    DaysOutOfRange,
    JoinerDaysOutOfRange,
    /// <summary>More than <see cref="DueRules.MaxDays"/> ahead: joiners' windows are counted from it.</summary>
    DateTooFar,
}

/// <summary>What HR may give as a due rule, checked the same way when an assignment is made and when it changes.</summary>
public static class DueRules
{
    public const int MaxDays = 3650;

    /// <summary>The input at fault and why, or null when the rule can be saved.</summary>
    public static (string Field, DueProblem Problem)? Problem(DueRule rule, DateOnly? date, int? days, DateOnly today, int? joinerDays = null) => rule switch
    {
        _ when joinerDays is < 1 or > MaxDays => ("JoinerDays", DueProblem.JoinerDaysOutOfRange),
        _ when !Enum.IsDefined(rule) => ("DueRule", DueProblem.RuleUnknown),
        DueRule.FixedDate when date is null || date < today => ("DueDate", DueProblem.DateBeforeToday),
        DueRule.FixedDate when date > today.AddDays(MaxDays) => ("DueDate", DueProblem.DateTooFar),
        DueRule.FixedDate => null,
        _ when days is null => ("DueDays", DueProblem.DaysMissing),
        _ when days is < 1 or > MaxDays => ("DueDays", DueProblem.DaysOutOfRange),
        _ => null,
    };
}
