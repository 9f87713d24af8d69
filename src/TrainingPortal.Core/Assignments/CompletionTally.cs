using System.Linq.Expressions;

namespace TrainingPortal.Core.Assignments;

/// <summary>
/// What a required course contributes to the summary counts the dashboard, the report totals and the trend read
/// instead of the per-person rows. The key keeps only what a status can turn on: for a course not yet certified, its
/// due date and whether it was started; for a certified one, the UTC day its certificate lapses (and the day it was
/// certified and how long it took, for the trend and the median). A status is then read from the key at any moment,
/// except for certificates lapsing on the day of that moment, which only the rows can decide.
/// </summary>
/// <param name="BranchId">The branch, or <see cref="HeadOffice"/>.</param>
public readonly record struct TallyKey(
    int BranchId,
    string CourseSlug,
    bool Certified,
    DateOnly DueOn,
    bool Started,
    DateOnly CertifiedOn,
    DateOnly ExpiresOn,
    int DaysToComplete) : ITallyDates
{
    public const int HeadOffice = 0;

    /// <summary>Stands for a date a key does not depend on (a certified course's due date, an uncertified one's certification).</summary>
    public static readonly DateOnly NoDate = DateOnly.MinValue;

    /// <summary>The expiry day of a certificate that never lapses, and of a course not certified.</summary>
    public static readonly DateOnly Never = DateOnly.MaxValue;

    public const int NoDays = -1;

    public static TallyKey Of(int? branchId, string courseSlug, ITrainingDates dates, DateOnly? certifiedOn, int? daysToComplete)
    {
        var certified = dates.CertifiedAtUtc is not null;
        return new TallyKey(
            branchId ?? HeadOffice,
            courseSlug,
            certified,
            certified ? NoDate : dates.DueOn,
            !certified && dates.StartedAtUtc is not null,
            certified ? certifiedOn ?? NoDate : NoDate,
            certified && dates.CertificateExpiresAtUtc is { } expires ? DateOnly.FromDateTime(expires) : Never,
            certified ? daysToComplete ?? NoDays : NoDays);
    }

    public TrainingStatus? StatusAt(StatusMoment at) => TallyStatuses.Of(this, at);
}

/// <summary>The dates a summary count's status is read from.</summary>
public interface ITallyDates
{
    bool Certified { get; }
    DateOnly DueOn { get; }
    bool Started { get; }
    DateOnly ExpiresOn { get; }
}

/// <summary>
/// The statuses of summary counts, as expressions the database filters and adds up with. They follow
/// <see cref="TrainingStatuses"/>, with one difference: certificates lapsing on the UTC day of the moment count as
/// completed here (<see cref="LapsingToday"/>), and the rows that lapsed by the moment are moved to expired by the reader.
/// </summary>
public static class TallyStatuses
{
    public static Expression<Func<T, bool>> Is<T>(TrainingStatus status, StatusMoment at) where T : ITallyDates => status switch
    {
        TrainingStatus.Completed => t => t.Certified && t.ExpiresOn >= at.UtcToday,
        TrainingStatus.CertificateExpired => t => t.Certified && t.ExpiresOn < at.UtcToday,
        TrainingStatus.Overdue => t => !t.Certified && t.DueOn < at.Today,
        TrainingStatus.InProgress => t => !t.Certified && t.DueOn >= at.Today && t.Started,
        TrainingStatus.NotStarted => t => !t.Certified && t.DueOn >= at.Today && !t.Started,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Counts whose certificates lapse on the UTC day of the moment: completed until the instant, expired from it.</summary>
    public static Expression<Func<T, bool>> LapsingToday<T>(StatusMoment at) where T : ITallyDates => t => t.Certified && t.ExpiresOn == at.UtcToday;

    /// <summary>The status of every row under <paramref name="dates"/>, or null when only the rows can tell (lapsing today).</summary>
    public static TrainingStatus? Of(ITallyDates dates, StatusMoment at) =>
        LapsingToday<ITallyDates>(at).Compile()(dates) ? null
        : TrainingStatuses.InPrecedence.First(status => Is<ITallyDates>(status, at).Compile()(dates));
}

/// <summary>How many required courses share a key, with the sum and count of their best quiz scores.</summary>
public readonly record struct TallyAmount(int Count, long ScoreSum, int ScoreCount)
{
    public static TallyAmount Of(int? bestScorePercent) => new(1, bestScorePercent ?? 0, bestScorePercent is null ? 0 : 1);

    public static TallyAmount operator +(TallyAmount a, TallyAmount b) => new(a.Count + b.Count, a.ScoreSum + b.ScoreSum, a.ScoreCount + b.ScoreCount);

    public static TallyAmount operator -(TallyAmount a) => new(-a.Count, -a.ScoreSum, -a.ScoreCount);

    public bool IsZero => Count == 0 && ScoreSum == 0 && ScoreCount == 0;
}

/// <summary>Changes to the summary counts, added up per key so that each key is written once.</summary>
public sealed class TallyChanges
{
    private readonly Dictionary<TallyKey, TallyAmount> _byKey = [];
    private readonly Dictionary<int, int> _staffByBranch = [];

    public void Add(TallyKey key, TallyAmount amount) => _byKey[key] = _byKey.GetValueOrDefault(key) + amount;

    /// <summary>People who have at least one required course, per branch: they cannot be added up from the course counts.</summary>
    public void AddPeople(int branchId, int people) => _staffByBranch[branchId] = _staffByBranch.GetValueOrDefault(branchId) + people;

    /// <summary>
    /// The keys that change, always in the same order, so that two writers taking locks on the same keys take them in
    /// the same order and cannot wait on each other.
    /// </summary>
    public IReadOnlyList<KeyValuePair<TallyKey, TallyAmount>> Keys => _byKey.Where(k => !k.Value.IsZero)
        .OrderBy(k => k.Key.BranchId).ThenBy(k => k.Key.CourseSlug, StringComparer.Ordinal).ThenBy(k => k.Key.Certified).ThenBy(k => k.Key.DueOn)
        .ThenBy(k => k.Key.Started).ThenBy(k => k.Key.CertifiedOn).ThenBy(k => k.Key.ExpiresOn).ThenBy(k => k.Key.DaysToComplete)
        .ToList();

    public IReadOnlyList<KeyValuePair<int, int>> People => _staffByBranch.Where(p => p.Value != 0).OrderBy(p => p.Key).ToList();
}
