using TrainingPortal.Core.Calendar;

namespace TrainingPortal.Web.Reporting;

public enum ExportCellKind
{
    Empty,
    Text,
    Number,
    Date,
    BankTime,
}

/// <summary>
/// One value of an exported table, typed so that each format writes it properly: XLSX as a real date, time or
/// number that Excel can sort and filter, CSV as ISO-8601 text.
/// </summary>
public readonly record struct ExportCell
{
    private ExportCell(ExportCellKind kind, string? text = null, decimal number = 0, DateTime moment = default) =>
        (Kind, Text, Number, Moment) = (kind, text, number, moment);

    public ExportCellKind Kind { get; }
    public string? Text { get; }
    public decimal Number { get; }

    /// <summary>A date's midnight, or the bank's wall-clock time of an instant.</summary>
    public DateTime Moment { get; }

    public static implicit operator ExportCell(string? text) => text is null ? default : new(ExportCellKind.Text, text: text);

    public static implicit operator ExportCell(decimal number) => new(ExportCellKind.Number, number: number);

    public static implicit operator ExportCell(DateOnly date) => new(ExportCellKind.Date, moment: date.ToDateTime(TimeOnly.MinValue));

    /// <summary>An instant as the bank's wall-clock time; the zone belongs in the column's header.</summary>
    public static ExportCell BankTime(BankCalendar calendar, DateTime? utc) =>
        utc is { } value ? new(ExportCellKind.BankTime, moment: calendar.LocalTime(value)) : default;
}

/// <summary>A column of an exported table: its header, already in the reader's language, and how a row fills it.</summary>
public sealed record ExportColumn<T>(string Header, Func<T, ExportCell> Value);
