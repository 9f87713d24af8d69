namespace TrainingPortal.Core.CustomerFirst;

/// <summary>
/// What the database adds up about pulse responses for one group: how many responses, and the sum and number of the
/// scores in them. Counts only, so branches merge into regions; nothing in it refers to a person.
/// </summary>
public sealed record PulsePartial(int Responses, long ScoreSum, int ScoreCount)
{
    public static readonly PulsePartial Empty = new(0, 0, 0);

    public static PulsePartial Merge(IEnumerable<PulsePartial> parts)
    {
        var (responses, scoreSum, scoreCount) = (0, 0L, 0);
        foreach (var part in parts)
        {
            checked
            {
                responses += part.Responses;
                scoreSum += part.ScoreSum;
                scoreCount += part.ScoreCount;
            }
        }

        return new PulsePartial(responses, scoreSum, scoreCount);
    }

    public double? MeanScore => ScoreCount == 0 ? null : (double)ScoreSum / ScoreCount;
}

/// <summary>The anonymous pulse's rules: the scale, what a result is shown for, and what a period may be.</summary>
public static class Pulse
{
    public const int LowestScore = 1;
    public const int HighestScore = 5;

    /// <summary>The smallest group whose results may be shown, and the lowest value the setting accepts.</summary>
    public const int SmallestGroupAllowed = 5;

    /// <summary>The most statements one period asks: each response keeps its scores in that many columns.</summary>
    public const int MaxStatementsPerPeriod = 8;

    public const int MaxTitleLength = 120;

    public static bool IsScore(int score) => score is >= LowestScore and <= HighestScore;

    /// <summary>The mean score on 0–100: 1 is 0, 3 is 50, 5 is 100.</summary>
    public static double ToPercent(double meanScore) => Math.Round(100.0 * (meanScore - LowestScore) / (HighestScore - LowestScore), 1);

    /// <summary>The fewest people a shown figure may be made of: the setting, never below <see cref="SmallestGroupAllowed"/>.</summary>
    public static int SmallestShownGroup(int minimumGroupSize) => Math.Max(minimumGroupSize, SmallestGroupAllowed);

    /// <summary>Whether a group's results may be shown: only with enough responses that no one can be picked out.</summary>
    public static bool IsShown(PulsePartial group, int minimumGroupSize) => group.Responses >= SmallestShownGroup(minimumGroupSize);

    /// <summary>A group's pulse on 0–100, or null when it has too few responses to show.</summary>
    public static double? PercentShown(PulsePartial group, int minimumGroupSize) =>
        IsShown(group, minimumGroupSize) && group.MeanScore is { } mean ? ToPercent(mean) : null;

    /// <summary>
    /// Which of a group's parts may show their results beside the group's own. Each part needs enough responses, and so
    /// does what the shown parts leave of the group: otherwise the group's result minus the shown parts' would give away
    /// the rest (one person's answers, if one person is the rest). While the rest is too small to show, the smallest shown
    /// part is held back as well.
    /// </summary>
    /// <param name="groupResponses">Every response of the group, including any that belong to no part (head office in the bank).</param>
    public static IReadOnlySet<int> DisclosableParts(int groupResponses, IReadOnlyList<int> partResponses, int minimumGroupSize)
    {
        var minimum = SmallestShownGroup(minimumGroupSize);
        if (groupResponses < minimum)
        {
            return new HashSet<int>();
        }

        var shown = Enumerable.Range(0, partResponses.Count).Where(i => partResponses[i] >= minimum).ToHashSet();
        while (shown.Count > 0)
        {
            var rest = groupResponses - shown.Sum(i => partResponses[i]);
            if (rest == 0 || rest >= minimum)
            {
                break;
            }

            shown.Remove(shown.OrderBy(i => partResponses[i]).ThenBy(i => i).First());
        }

        return shown;
    }

    /// <summary>Whether a period is open for answers on <paramref name="today"/>: from its first day to its last, both included.</summary>
    public static bool IsOpen(DateOnly opensOn, DateOnly closesOn, DateOnly today) => opensOn <= today && today <= closesOn;

    /// <summary>
    /// Whether HR may still withdraw a period: until its last day, while nobody has answered it. A closed period, even
    /// unanswered, is the record of its quarter: the dashboards show the latest closed period's results, and taking one
    /// away would put an older period's in its place.
    /// </summary>
    public static bool CanWithdraw(DateOnly closesOn, int responses, DateOnly today) => responses == 0 && !IsOver(closesOn, today);

    /// <summary>Whether a period's last day has passed by <paramref name="today"/>.</summary>
    public static bool IsOver(DateOnly closesOn, DateOnly today) => closesOn < today;

    public static bool Overlap(DateOnly opensOn, DateOnly closesOn, DateOnly otherOpensOn, DateOnly otherClosesOn) =>
        opensOn <= otherClosesOn && otherOpensOn <= closesOn;
}

/// <summary>Calendar quarters, for the culture trends.</summary>
public static class Quarters
{
    /// <summary>Stands for the quarter after every quarter: where a run of quarters that has not ended ends.</summary>
    public static readonly DateOnly Never = DateOnly.MaxValue;

    public static DateOnly StartOf(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    public static DateOnly EndOf(DateOnly day) => StartOf(day).AddMonths(3).AddDays(-1);

    /// <summary>The first days of the <paramref name="count"/> quarters up to and including today's, oldest first.</summary>
    public static IReadOnlyList<DateOnly> UpTo(DateOnly today, int count) =>
        Enumerable.Range(0, count).Select(i => StartOf(today).AddMonths(-3 * (count - 1 - i))).ToList();

    /// <summary>1 to 4.</summary>
    public static int Number(DateOnly day) => (day.Month - 1) / 3 + 1;

    public static string Label(DateOnly quarterStart) => $"{quarterStart.Year} Q{Number(quarterStart)}";
}
