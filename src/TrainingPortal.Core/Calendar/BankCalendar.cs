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
    public DateTime StartOfDayUtc(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone);

    /// <summary>A local wall-clock time of this zone as a UTC instant.</summary>
    public DateTime ToUtc(DateTime localTime) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified), Zone);

    public StatusMoment MomentAt(DateTime nowUtc) => new(nowUtc, DateOf(nowUtc));
}
