using System.Globalization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;

namespace TrainingPortal.Core.Progress;

/// <summary>A run of quarters, each named by its first day; <see cref="Quarters.Never"/> as the last for a run that has not ended.</summary>
public sealed record QuarterSpan(DateOnly From, DateOnly To);

/// <summary>
/// At which quarters' ends a person held a valid certificate for a course: the adoption trend asks this of every
/// required course, and a run of quarters per certificate keeps the question off the certificates table. A quarter's end
/// is the bank's midnight after its last day; a certificate is valid at that moment when it was issued before it and
/// neither expired nor was revoked by it.
/// </summary>
public static class CertifiedQuarters
{
    /// <summary>The moment a quarter's figures are judged at: the bank's midnight after its last day.</summary>
    public static DateTime EndMoment(DateOnly quarterStart, BankCalendar calendar) => calendar.StartOfDayUtc(Quarters.EndOf(quarterStart).AddDays(1));

    /// <summary>The runs of quarters at whose ends any of the certificates was valid, merged, in order.</summary>
    public static IReadOnlyList<QuarterSpan> Of(IEnumerable<(DateTime IssuedAtUtc, DateTime? ExpiresAtUtc, DateTime? RevokedAtUtc)> certificates, BankCalendar calendar)
    {
        var spans = new List<QuarterSpan>();
        foreach (var c in certificates)
        {
            // Issued before a quarter's end moment from the quarter of its issue day on.
            var from = Quarters.StartOf(calendar.DateOf(c.IssuedAtUtc));
            var end = Earliest(c.ExpiresAtUtc, c.RevokedAtUtc);
            var to = Quarters.Never;
            if (end is { } lapsed)
            {
                // Still standing at the end moment of each quarter before the one it lapsed in, unless it lapsed at the very
                // moment that quarter began, which is the previous quarter's end moment.
                var quarter = Quarters.StartOf(calendar.DateOf(lapsed));
                to = quarter.AddMonths(lapsed == calendar.StartOfDayUtc(quarter) ? -6 : -3);
            }

            if (to >= from)
            {
                spans.Add(new QuarterSpan(from, to));
            }
        }

        var merged = new List<QuarterSpan>();
        foreach (var span in spans.OrderBy(s => s.From))
        {
            if (merged.Count > 0 && (merged[^1].To == Quarters.Never || span.From <= merged[^1].To.AddMonths(3)))
            {
                merged[^1] = merged[^1] with { To = span.To > merged[^1].To ? span.To : merged[^1].To };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>As stored on a required course: "2025-01-01/2025-09-01 2026-04-01/-"; null for none.</summary>
    public static string? Format(IReadOnlyList<QuarterSpan> spans) =>
        spans.Count == 0 ? null : string.Join(' ', spans.Select(s => $"{Day(s.From)}/{(s.To == Quarters.Never ? "-" : Day(s.To))}"));

    public static IReadOnlyList<QuarterSpan> Parse(string? stored) =>
        string.IsNullOrEmpty(stored)
            ? []
            : stored.Split(' ').Select(part => part.Split('/')).Select(p => new QuarterSpan(ParseDay(p[0]), p[1] == "-" ? Quarters.Never : ParseDay(p[1]))).ToList();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
