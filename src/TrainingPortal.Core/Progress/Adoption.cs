namespace TrainingPortal.Core.Progress;

/// <summary>
/// What the database adds up for one group of required courses (a branch, or a branch and course):
/// counts and sums only, so groups can be merged into regions and the bank without going back to the rows.
/// </summary>
public sealed record AdoptionPartial(
    int Staff,
    int StaffWithRequired,
    int Assigned,
    int Completed,
    int Overdue,
    int CertificateExpired,
    long BestScoreSum,
    int BestScoreCount,
    IReadOnlyDictionary<int, int> DaysToCompleteHistogram)
{
    public static readonly AdoptionPartial Empty = new(0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<int, int>());

    public static AdoptionPartial Merge(IEnumerable<AdoptionPartial> parts)
    {
        var list = parts.ToList();
        var histogram = new Dictionary<int, int>();
        foreach (var (days, count) in list.SelectMany(p => p.DaysToCompleteHistogram))
        {
            histogram[days] = histogram.GetValueOrDefault(days) + count;
        }

        return new AdoptionPartial(
            list.Sum(p => p.Staff), list.Sum(p => p.StaffWithRequired), list.Sum(p => p.Assigned), list.Sum(p => p.Completed),
            list.Sum(p => p.Overdue), list.Sum(p => p.CertificateExpired), list.Sum(p => p.BestScoreSum), list.Sum(p => p.BestScoreCount), histogram);
    }

    /// <summary>The completion of groups taken together: their merged <see cref="Figures"/>' percentage, without merging histograms.</summary>
    public static double? CompletionPercent(IEnumerable<AdoptionPartial> parts)
    {
        var (completed, assigned) = (0, 0);
        foreach (var part in parts)
        {
            completed += part.Completed;
            assigned += part.Assigned;
        }

        return Adoption.Percent(completed, assigned);
    }

    public AdoptionFigures Figures() => new(
        Staff,
        StaffWithRequired,
        Assigned,
        Completed,
        Overdue,
        Adoption.Percent(Completed, Assigned),
        BestScoreCount == 0 ? null : Math.Round((double)BestScoreSum / BestScoreCount, 1),
        Adoption.Median(DaysToCompleteHistogram),
        Adoption.Percent(Completed, Completed + CertificateExpired));
}

/// <summary>The figures management reads; null where there is nothing to measure yet.</summary>
public sealed record AdoptionFigures(
    int Staff,
    int StaffWithRequired,
    int Assigned,
    int Completed,
    int Overdue,
    double? CompletionPercent,
    double? AverageBestScore,
    double? MedianDaysToComplete,
    double? ValidCertificatesPercent);

public static class Adoption
{
    /// <summary>A branch is flagged on the dashboard when its completion is below the threshold (Dashboard:AttentionBelowPercent).</summary>
    public static bool NeedsAttention(double? completionPercent, double thresholdPercent) => completionPercent < thresholdPercent;

    /// <summary>The completion bands the dashboard counts branches in: from (included) to (excluded; the last takes in 100).</summary>
    public static readonly IReadOnlyList<(int From, int To)> Bands = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)];

    /// <summary>A percentage to one decimal, or null when there is nothing to divide by (no required training).</summary>
    public static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    /// <summary>The median of values given as value → count; the mean of the two middle values for an even total.</summary>
    public static double? Median(IReadOnlyDictionary<int, int> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        var sorted = histogram.Where(h => h.Value > 0).OrderBy(h => h.Key).ToList();
        double ValueAt(int index)
        {
            var seen = 0;
            foreach (var (value, count) in sorted)
            {
                seen += count;
                if (index < seen)
                {
                    return value;
                }
            }

            return sorted[^1].Key;
        }

        return total % 2 == 1 ? ValueAt(total / 2) : (ValueAt(total / 2 - 1) + ValueAt(total / 2)) / 2;
    }

    /// <summary>The band a completion percentage falls in; branches without required training have none.</summary>
    public static int? BandOf(double? completionPercent)
    {
        if (completionPercent is not { } percent)
        {
            return null;
        }

        for (var i = 0; i < Bands.Count; i++)
        {
            if (percent >= Bands[i].From && (percent < Bands[i].To || i == Bands.Count - 1))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(completionPercent), percent, "A completion percentage is 0 or more.");
    }

    public static IReadOnlyList<int> BandCounts(IEnumerable<double?> completionPercents)
    {
        var counts = new int[Bands.Count];
        foreach (var band in completionPercents.Select(BandOf).OfType<int>())
        {
            counts[band]++;
        }

        return counts;
    }
}
