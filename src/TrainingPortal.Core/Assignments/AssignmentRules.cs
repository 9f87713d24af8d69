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

        return LateCoverOf(employee) is { } late ? Max(due, late.LatestDue(JoinerWindowDays)) : due;
    }

    /// <summary>How this employee came under the assignment, when that came after it was made (<see cref="EmployeeFacts.CoveredLate"/>).</summary>
    public LateCover? LateCoverOf(EmployeeFacts employee) =>
        employee.CoveredLate.TryGetValue(Id, out var late) && late.Since > AssignedOn ? late : null;

    /// <summary>The day the course counts as assigned to this employee by this assignment.</summary>
    public DateOnly AssignedOnFor(EmployeeFacts employee) => LateCoverOf(employee) is { } late ? late.Held?.AssignedOn ?? late.Since : AssignedOn;

    /// <summary>
    /// Whether this assignment, made before today, covers the employee today and covered them in none of the ways they
    /// were (<paramref name="before"/>: what their required courses were last worked out from): they came under it by a
    /// move of branch or a new job title, and today starts their window.
    /// </summary>
    public bool CoversLate(EmployeeFacts employee, IEnumerable<EmployeeFacts> before, DateOnly today) =>
        AssignedOn < today && Covers(employee) && !before.Any(Covers);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

/// <param name="Regions">The region of the employee's branch and every region above it (regions nest); empty at head office.</param>
public sealed record EmployeeFacts(string UserId, int? BranchId, IReadOnlyCollection<int> Regions, string JobTitle, DateOnly HireDate)
{
    /// <summary>
    /// The assignments (by id) this person came under after they were made, by a change to their record
    /// (<see cref="AssignmentRule.CoversLate"/>); assignments they were covered by from the start are absent.
    /// </summary>
    public IReadOnlyDictionary<long, LateCover> CoveredLate { get; init; } = new Dictionary<long, LateCover>();
}

/// <summary>
/// Someone came under an assignment after it was made, on <paramref name="Since"/>: their window counts from that day,
/// as a joiner's from their hire date, and the course counts as assigned that day.
/// </summary>
/// <param name="Held">The course as it stood when they came under the assignment, if another assignment already required
/// it of them: it keeps its assigned date, and the window never goes past its due date, so a move does not wipe out a
/// course already overdue.</param>
public sealed record LateCover(DateOnly Since, HeldCourse? Held = null)
{
    public DateOnly LatestDue(int windowDays)
    {
        var due = Since.AddDays(windowDays);
        return Held is { } held && held.DueOn < due ? held.DueOn : due;
    }
}

public sealed record HeldCourse(DateOnly AssignedOn, DateOnly DueOn);

/// <param name="Joiner">The person joined after the assignment that sets the due date was made.</param>
public sealed record RequiredCourseLine(string CourseSlug, DateOnly AssignedOn, DateOnly DueOn, bool Joiner = false);

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
                return new RequiredCourseLine(g.Key, g.Min(a => a.AssignedOnFor(employee)), earliest.DueFor(employee), earliest.IsJoiner(employee));
            })
            .OrderBy(l => l.CourseSlug, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The assignments someone came under late, once their record has changed: a late cover stands while its assignment
    /// covers them and ends when it stops; one they have just come under (<see cref="AssignmentRule.CoversLate"/> against
    /// what their courses were last worked out from) starts today, with the course as they held it, if they did. Without
    /// <paramref name="before"/> (someone new or enabled again, or no change to anyone's record) none starts.
    /// </summary>
    public static Dictionary<long, LateCover> LateCoversAfter(EmployeeFacts employee, IEnumerable<AssignmentRule> assignments,
        IReadOnlyDictionary<long, LateCover> standing, WorkedOutFrom? before, DateOnly today)
    {
        var covers = new Dictionary<long, LateCover>();
        foreach (var assignment in assignments.Where(a => a.Covers(employee)))
        {
            if (standing.TryGetValue(assignment.Id, out var late))
            {
                covers[assignment.Id] = late;
            }
            else if (before is not null && assignment.CoversLate(employee, before.Facts, today))
            {
                covers[assignment.Id] = new LateCover(today, before.Courses.GetValueOrDefault(assignment.CourseSlug));
            }
        }

        return covers;
    }
}

/// <summary>
/// What someone's required courses were last worked out from: each version of their record copied onto their rows
/// (rows that disagree give each), and the dates of each course they held.
/// </summary>
public sealed record WorkedOutFrom(IReadOnlyList<EmployeeFacts> Facts, IReadOnlyDictionary<string, HeldCourse> Courses)
{
    private static readonly IReadOnlyDictionary<string, HeldCourse> NoCourses = new Dictionary<string, HeldCourse>();

    /// <summary>
    /// What someone's courses were worked out from, with the record they had until the change being worked out (where
    /// it is known) as one more version: for someone who had no courses, and so no rows, it is all there is.
    /// </summary>
    public static WorkedOutFrom? With(WorkedOutFrom? rows, EmployeeFacts? formerRecord) => (rows, formerRecord) switch
    {
        (_, null) => rows,
        (null, { } former) => new WorkedOutFrom([former], NoCourses),
        ({ } worked, { } former) => worked with { Facts = [.. worked.Facts, former] },
    };
}

/// <summary>Why a due rule cannot be saved; the web layer words it in the reader's language.</summary>
public enum DueProblem
{
    RuleUnknown,
    DateBeforeToday,
    DaysMissing,
    DaysOutOfRange,
    /// <summary>A change that brings the due date forward to before today, counted from the day the assignment was made: everyone covered would be overdue at once.</summary>
    DaysEndBeforeToday,
    JoinerDaysOutOfRange,
    /// <summary>More than <see cref="DueRules.MaxDays"/> ahead: joiners' windows are counted from it.</summary>
    DateTooFar,
}

/// <summary>What HR may give as a due rule, checked the same way when an assignment is made and when it changes.</summary>
public static class DueRules
{
    public const int MaxDays = 3650;

    /// <summary>
    /// The earliest date an assignment's rule makes anyone due by, someone hired long before it was made: its date, or
    /// the days counted from the day it was made (counting from hire gives no one less).
    /// </summary>
    public static DateOnly EarliestDue(DueRule rule, DateOnly? date, int? days, DateOnly assignedOn) =>
        rule == DueRule.FixedDate ? date!.Value : assignedOn.AddDays(days!.Value);

    /// <summary>The input at fault and why, or null when the rule can be saved.</summary>
    /// <param name="current">For a change: the day the assignment was made (days count from it) and the earliest due
    /// date of its rule so far (<see cref="EarliestDue"/>). Days that end before today are refused only when they bring
    /// that date forward: an extension never makes anyone overdue who was not already.</param>
    public static (string Field, DueProblem Problem)? Problem(DueRule rule, DateOnly? date, int? days, DateOnly today, int? joinerDays = null,
        (DateOnly AssignedOn, DateOnly EarliestDue)? current = null) => rule switch
    {
        _ when joinerDays is < 1 or > MaxDays => ("JoinerDays", DueProblem.JoinerDaysOutOfRange),
        _ when !Enum.IsDefined(rule) => ("DueRule", DueProblem.RuleUnknown),
        DueRule.FixedDate when date is null || date < today => ("DueDate", DueProblem.DateBeforeToday),
        DueRule.FixedDate when date > today.AddDays(MaxDays) => ("DueDate", DueProblem.DateTooFar),
        DueRule.FixedDate => null,
        _ when days is null => ("DueDays", DueProblem.DaysMissing),
        _ when days is < 1 or > MaxDays => ("DueDays", DueProblem.DaysOutOfRange),
        _ when current is var (assignedOn, earliest) && assignedOn.AddDays(days.Value) is var due && due < today && due < earliest => ("DueDays", DueProblem.DaysEndBeforeToday),
        _ => null,
    };
}
