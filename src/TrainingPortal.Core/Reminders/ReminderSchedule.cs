namespace TrainingPortal.Core.Reminders;

public enum ReminderKind
{
    /// <summary>Courses newly required of a person: one mail a day listing them all.</summary>
    AssignmentNotice,

    /// <summary>Some days before a required course falls due.</summary>
    DueReminder,

    /// <summary>The first day a course is overdue, then weekly a few times.</summary>
    OverdueNotice,

    /// <summary>Some days before a certificate lapses, and on the day it does.</summary>
    CertificateExpiry,

    /// <summary>Weekly to each branch manager about their branch.</summary>
    BranchDigest,

    /// <summary>Monthly to HR about the whole bank.</summary>
    HrSummary,
}

/// <summary>
/// One reminder of a series. <see cref="DaysBefore"/> places its occasion relative to the date it is about (a due or
/// expiry date; negative is after it); <see cref="Span"/> is how many days it stays due before the next step's
/// occasion takes over, so a day the scan did not run is made up for, but never with a stale step.
/// </summary>
public sealed record ReminderStep(int DaysBefore, int Span)
{
    public DateOnly Occasion(DateOnly about) => about.AddDays(-DaysBefore);

    /// <summary>The dates a reminder of this step is due for <paramref name="today"/>, both ends included.</summary>
    public (DateOnly From, DateOnly To) DatesDueOn(DateOnly today) => (today.AddDays(DaysBefore - Span + 1), today.AddDays(DaysBefore));
}

/// <summary>
/// When reminders fall due, from the <c>Reminders</c> settings. Everything here is calendar arithmetic in the bank's
/// dates: the scanner turns it into date ranges for the database.
/// </summary>
public sealed class ReminderSchedule
{
    public static readonly IReadOnlyList<int> DefaultDueDays = [30, 7, 1];
    public static readonly IReadOnlyList<int> DefaultExpiryDays = [60, 30, 7];
    public const int DefaultOverdueRepeats = 4;
    public const DayOfWeek DefaultDigestDay = DayOfWeek.Monday;
    private const int Week = 7;
    private const int MaxDaysAhead = 366;

    private ReminderSchedule(IReadOnlyList<int> dueDays, int overdueRepeats, IReadOnlyList<int> expiryDays, DayOfWeek digestDay)
    {
        DueDays = dueDays;
        OverdueRepeats = overdueRepeats;
        ExpiryDays = expiryDays;
        DigestDay = digestDay;
        DueSteps = Series(dueDays, lastSpan: 1);
        OverdueSteps = Enumerable.Range(0, overdueRepeats).Select(n => new ReminderStep(-1 - Week * n, Week)).ToList();
        ExpirySteps = Series([.. expiryDays, 0], lastSpan: Week);
    }

    public IReadOnlyList<int> DueDays { get; }
    public int OverdueRepeats { get; }
    public IReadOnlyList<int> ExpiryDays { get; }
    public DayOfWeek DigestDay { get; }

    /// <summary>Before the due date, furthest first. The last ends the day before the course falls due.</summary>
    public IReadOnlyList<ReminderStep> DueSteps { get; }

    /// <summary>The first day overdue, then a week apart.</summary>
    public IReadOnlyList<ReminderStep> OverdueSteps { get; }

    /// <summary>Before the expiry date, furthest first, then the day the certificate lapses.</summary>
    public IReadOnlyList<ReminderStep> ExpirySteps { get; }

    public static ReminderSchedule Default { get; } = new(DefaultDueDays, DefaultOverdueRepeats, DefaultExpiryDays, DefaultDigestDay);

    /// <summary>A schedule from settings (null means the default), or the reasons it cannot be one.</summary>
    public static ReminderSchedule? Create(IReadOnlyList<int>? dueDays, int? overdueRepeats, IReadOnlyList<int>? expiryDays, DayOfWeek? digestDay, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var due = CheckDays("Reminders:DueDays", dueDays ?? DefaultDueDays, found);
        var expiry = CheckDays("Reminders:ExpiryDays", expiryDays ?? DefaultExpiryDays, found);
        var repeats = overdueRepeats ?? DefaultOverdueRepeats;
        if (repeats is < 0 or > 52)
        {
            found.Add($"Reminders:OverdueRepeats must be between 0 and 52 (a year of weekly notices); it is {repeats}.");
        }

        var day = digestDay ?? DefaultDigestDay;
        if (!Enum.IsDefined(day))
        {
            found.Add($"Reminders:DigestDay must be a day of the week such as Monday; it is {day}.");
        }

        problems = found;
        return found.Count == 0 ? new ReminderSchedule(due, repeats, expiry, day) : null;
    }

    /// <summary>The date of the weekly digest that is due on <paramref name="today"/>: the latest digest day not after it.</summary>
    public DateOnly DigestDate(DateOnly today) => today.AddDays(-(((int)today.DayOfWeek - (int)DigestDay + Week) % Week));

    /// <summary>The date of HR's monthly summary that is due on <paramref name="today"/>: the first of its month.</summary>
    public static DateOnly SummaryDate(DateOnly today) => new(today.Year, today.Month, 1);

    private static List<int> CheckDays(string setting, IReadOnlyList<int> days, List<string> problems)
    {
        if (days.Count == 0)
        {
            problems.Add($"{setting} needs at least one number of days.");
        }

        if (days.Any(d => d is < 1 or > MaxDaysAhead))
        {
            problems.Add($"{setting} must be whole days from 1 to {MaxDaysAhead}; it is {string.Join(", ", days)}.");
        }

        if (days.Distinct().Count() != days.Count)
        {
            problems.Add($"{setting} names the same day twice: {string.Join(", ", days)}.");
        }

        return days.Distinct().OrderDescending().ToList();
    }

    private static List<ReminderStep> Series(IReadOnlyList<int> daysBefore, int lastSpan) =>
        daysBefore.Select((days, i) => new ReminderStep(days, i + 1 < daysBefore.Count ? days - daysBefore[i + 1] : lastSpan)).ToList();
}
