using TrainingPortal.Core.Assignments;

namespace TrainingPortal.Core.Calendar;

/// <summary>
/// The bank's own time zone. Instants are stored in UTC; every calendar date a person sees or a rule depends on
/// (today, a due date falling due, the day a certificate was issued) is a date of this zone, so "overdue" begins at
/// midnight in Shanghai or Hong Kong, not at midnight UTC.
/// </summary>
public sealed class BankCalendar
{
    public const string DefaultZone = "Asia/Shanghai";

    public BankCalendar(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>The zone for an IANA id, or null with the reason when the id is unknown on this machine.</summary>
    public static BankCalendar? ForZone(string ianaId, out string? problem)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone))
        {
            problem = null;
            return new BankCalendar(zone);
        }

        problem = $"'{ianaId}' is not a time zone this machine knows; use an IANA id such as Asia/Shanghai or Asia/Hong_Kong";
        return null;
    }

    public DateTime LocalTime(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(LocalTime(utc));

    /// <summary>The UTC instant the given local date begins.</summary>
    public DateTime StartOfDayUtc(DateOnly date) => ToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified));

    /// <summary>
    /// A local wall-clock time of this zone as a UTC instant. A time the clocks skipped is read with the offset before
    /// the change, where the framework would throw: it comes out as late as the gap is long (02:30 in a gap from 02:00 to
    /// 03:00 is 03:30), so a midnight the clocks skipped from (Shanghai moved them from midnight to one o'clock on 1 June
    /// 1940) is the moment they skipped it.
    /// </summary>
    public DateTime ToUtc(DateTime localTime)
    {
        var local = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);
        return Zone.IsInvalidTime(local)
            ? DateTime.SpecifyKind(local - Zone.GetUtcOffset(local.AddDays(-1)), DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    public StatusMoment MomentAt(DateTime nowUtc) => new(nowUtc, DateOf(nowUtc));
}
