using System.Linq.Expressions;

namespace TrainingPortal.Core.CustomerFirst;

/// <summary>What a manager saw of one behaviour. Stored by name, so the order here may change.</summary>
public enum BehaviourRating
{
    Seen,
    Partly,
    NotYet,
}

/// <summary>
/// What the database adds up about observed behaviours for one group: of the behaviours observed for its staff (each
/// person's latest rating of each behaviour), how many were seen. Counts only, so branches merge into regions.
/// </summary>
public sealed record BehaviourPartial(int Observed, int Established)
{
    public static readonly BehaviourPartial Empty = new(0, 0);

    public static BehaviourPartial Merge(IEnumerable<BehaviourPartial> parts)
    {
        var (observed, established) = (0, 0);
        foreach (var part in parts)
        {
            checked
            {
                observed += part.Observed;
                established += part.Established;
            }
        }

        return new BehaviourPartial(observed, established);
    }

    /// <summary>Share of observed behaviours established, 0–100; null with no observations yet.</summary>
    public double? Percent => CultureIndex.Percent(Established, Observed);
}

public static class Observations
{
    public const int MaxNoteLength = 1000;

    /// <summary>A behaviour is established for a person when their latest rating of it is <see cref="BehaviourRating.Seen"/>.</summary>
    public static bool IsEstablished(BehaviourRating latest) => latest == BehaviourRating.Seen;

    /// <summary>
    /// Whether a free-text note can be stored as typed: within <see cref="MaxNoteLength"/> and without control
    /// characters other than line breaks and tabs (which a form never sends unless pasted from something broken).
    /// </summary>
    public static bool IsAcceptableNote(string note) =>
        note.Length <= MaxNoteLength && note.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');

    /// <summary>
    /// For one person's ratings of one behaviour, in any order: the day each was superseded by the next (null for the
    /// latest). Later means a later observation date, then a later record (the higher id) on the same date.
    /// </summary>
    public static IReadOnlyDictionary<long, DateOnly?> SupersededOn(IEnumerable<(long ObservationId, DateOnly ObservedOn)> ratings)
    {
        var ordered = ratings.OrderBy(r => r.ObservedOn).ThenBy(r => r.ObservationId).ToList();
        return ordered.Select((r, i) => (r.ObservationId, Next: i + 1 < ordered.Count ? ordered[i + 1].ObservedOn : (DateOnly?)null))
            .ToDictionary(x => x.ObservationId, x => x.Next);
    }

    /// <summary>Whether a rating (its date, and the date of the next one) is the latest of its behaviour on a day; queries run it in the database.</summary>
    public static readonly Expression<Func<DateOnly, DateOnly?, DateOnly, bool>> LatestOn =
        (observedOn, supersededOn, asOf) => observedOn <= asOf && (supersededOn == null || supersededOn > asOf);

    private static readonly Func<DateOnly, DateOnly?, DateOnly, bool> LatestOnCompiled = LatestOn.Compile();

    public static bool IsLatestOn(DateOnly observedOn, DateOnly? supersededOn, DateOnly asOf) => LatestOnCompiled(observedOn, supersededOn, asOf);

    /// <summary>
    /// How long after recording an observation the same form sent again (a double click, a refresh) is taken for it
    /// rather than for a second observation: the same author, person, course, day, note and ratings.
    /// </summary>
    public static readonly TimeSpan ResendWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The day an observation may be dated: not in the future, not more than a year back, and not before the person
    /// joined (it would count in quarters they were not yet here). A correction that keeps the day it was recorded for
    /// (<paramref name="datedBefore"/>) is not a new observation of an old day, however long ago that day now is.
    /// </summary>
    /// <param name="datedBefore">For a correction, the day the observation is dated now; null for a new one.</param>
    public static string? DateProblem(DateOnly observedOn, DateOnly today, DateOnly hiredOn, DateOnly? datedBefore = null) =>
        observedOn > today ? "future"
        : observedOn < today.AddYears(-1) && observedOn != datedBefore ? "too-old"
        : observedOn < hiredOn ? "before-hire"
        : null;
}
