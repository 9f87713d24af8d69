using System.Globalization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Languages;

namespace TrainingPortal.Web.Localization;

/// <summary>
/// The one way a date or time reaches a person: instants are shown in the bank's time zone, and each language has
/// one format across the whole site (2 Dec 2026 14:05; 2026年12月2日 14:05). Exports and form fields keep ISO-8601.
/// </summary>
public sealed class DateDisplay(BankCalendar calendar)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public BankCalendar Calendar => calendar;

    /// <summary>A calendar date, such as a due date: already a date of the bank's zone, so never converted.</summary>
    public string Date(DateOnly date, string? language = null) => Format(date.ToDateTime(TimeOnly.MinValue), Pattern(language).Date);

    public string Date(DateOnly? date, string whenMissing) => date is { } value ? Date(value) : whenMissing;

    /// <summary>The bank's calendar date on which an instant fell.</summary>
    public string DateOf(DateTime utc, string? language = null) => Date(calendar.DateOf(utc), language);

    public string DateOf(DateTime? utc, string whenMissing) => utc is { } value ? DateOf(value) : whenMissing;

    /// <summary>An instant as the bank's wall-clock time.</summary>
    public string Time(DateTime utc, string? language = null) => Format(calendar.LocalTime(utc), Pattern(language).DateTime);

    public string Time(DateTime? utc, string whenMissing) => utc is { } value ? Time(value) : whenMissing;

    /// <summary>The moment something opens, as a time: rounded up to the minute, so it is open by the minute shown.</summary>
    public string TimeFrom(DateTime utc, string? language = null) =>
        Time(new DateTime((utc.Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, utc.Kind), language);

    /// <summary>Day and month only, for chart axes.</summary>
    public string DayMonth(DateOnly date) => Format(date.ToDateTime(TimeOnly.MinValue), Pattern(null).DayMonth);

    /// <summary>A date written out in full, as on a certificate.</summary>
    public string LongDate(DateOnly date, string? language = null) => Format(date.ToDateTime(TimeOnly.MinValue), Pattern(language).LongDate);

    /// <summary>The zone's IANA id, for column names and "as of" lines.</summary>
    /// <summary>A month and its year, e.g. "December 2026" or "2026年12月".</summary>
    public string MonthYear(DateOnly date, string? language = null) => Format(date.ToDateTime(TimeOnly.MinValue), Pattern(language).MonthYear);

    public string ZoneId => calendar.Zone.Id;

    public static string CurrentLanguage => PortalLanguages.Match(CultureInfo.CurrentUICulture.Name) ?? PortalLanguages.English;

    private static string Format(DateTime value, string pattern) => value.ToString(pattern, English);

    private static Patterns Pattern(string? language) =>
        PortalLanguages.IsChinese(language ?? CurrentLanguage) ? Patterns.Chinese : Patterns.EnglishPatterns;

    private sealed record Patterns(string Date, string DateTime, string DayMonth, string LongDate, string MonthYear)
    {
        public static readonly Patterns EnglishPatterns = new("d MMM yyyy", "d MMM yyyy HH:mm", "d MMM", "d MMMM yyyy", "MMMM yyyy");
        public static readonly Patterns Chinese = new("yyyy'年'M'月'd'日'", "yyyy'年'M'月'd'日' HH:mm", "M'月'd'日'", "yyyy'年'M'月'd'日'", "yyyy'年'M'月'");
    }
}
