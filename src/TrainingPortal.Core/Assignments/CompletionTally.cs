using System.Linq.Expressions;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Progress;

namespace TrainingPortal.Core.Assignments;

/// <summary>
/// What a required course contributes to the status counts the dashboard and the report totals read instead of the
/// per-person rows. The key keeps only what a status can turn on: for a course not yet certified, its due date and
/// whether it was started; for a certified one, the UTC day its certificate lapses. A status is then read from the key
/// at any moment, except for certificates lapsing on the day of that moment, which only the rows can decide.
/// </summary>
/// <param name="BranchId">The branch, or <see cref="HeadOffice"/>.</param>
public readonly record struct TallyKey(int BranchId, string CourseSlug, bool Certified, DateOnly DueOn, bool Started, DateOnly ExpiresOn) : ITallyDates
{
    public const int HeadOffice = 0;

    /// <summary>Stands for a date a key does not depend on (a certified course's due date).</summary>
    public static readonly DateOnly NoDate = DateOnly.MinValue;

    /// <summary>The expiry day of a certificate that never lapses, and of a course not certified.</summary>
    public static readonly DateOnly Never = DateOnly.MaxValue;

    public static TallyKey Of(int? branchId, string courseSlug, ITrainingDates dates)
    {
        var certified = dates.CertifiedAtUtc is not null;
        return new TallyKey(
            branchId ?? HeadOffice,
            courseSlug,
            certified,
            certified ? NoDate : dates.DueOn,
            !certified && dates.StartedAtUtc is not null,
            ExpiryDay(dates));
    }

    /// <summary>The UTC day a certificate lapses, or <see cref="Never"/>.</summary>
    public static DateOnly ExpiryDay(ITrainingDates dates) =>
        dates.CertifiedAtUtc is not null && dates.CertificateExpiresAtUtc is { } expires ? DateOnly.FromDateTime(expires) : Never;
}

/// <summary>
/// The same counts per region instead of per branch (<see cref="TallyKey.HeadOffice"/> for head office): the totals of
/// the bank and of a region read these, about a thirteenth as many at 10,000 branches.
/// </summary>
public readonly record struct RegionTallyKey(int RegionId, string CourseSlug, bool Certified, DateOnly DueOn, bool Started, DateOnly ExpiresOn) : ITallyDates
{
    /// <param name="regionId">The region of the person's branch, or null for head office.</param>
    public static RegionTallyKey Of(int? regionId, TallyKey key) =>
        new(regionId ?? TallyKey.HeadOffice, key.CourseSlug, key.Certified, key.DueOn, key.Started, key.ExpiresOn);
}

/// <summary>What a status count holds besides its key: how many required courses, and their best scores' sum and count.</summary>
public interface IStatusAmounts
{
    int Count { get; }
    long ScoreSum { get; }
    int ScoreCount { get; }
}

/// <summary>
/// What a certified required course contributes to the certification counts: the day it was certified (for the weekly
/// trend) and the days it took (for the median), with the UTC day its certificate lapses, since only standing
/// certificates count towards the median.
/// </summary>
public readonly record struct CertificationKey(int BranchId, string CourseSlug, DateOnly CertifiedOn, DateOnly ExpiresOn, int DaysToComplete) : ICertificateExpiry
{
    public const int NoDays = -1;

    /// <summary>The key of a certified course; null for one not certified.</summary>
    public static CertificationKey? Of(int? branchId, string courseSlug, ITrainingDates dates, DateOnly? certifiedOn, int? daysToComplete) =>
        dates.CertifiedAtUtc is null || certifiedOn is not { } on ? null
        : new CertificationKey(branchId ?? TallyKey.HeadOffice, courseSlug, on, TallyKey.ExpiryDay(dates), daysToComplete ?? NoDays);
}

/// <summary>
/// What a certified required course that records its days taken contributes to the days counted per region, course
/// and UTC day its certificate lapses: the regions' and the bank's medians read these few thousand counts instead of
/// adding up every branch's (<see cref="CertificationKey"/> holds one per certificate, near enough, at 10,000 branches).
/// </summary>
/// <param name="RegionId">The region of the person's branch, or <see cref="TallyKey.HeadOffice"/>.</param>
public readonly record struct RegionDaysKey(int RegionId, string CourseSlug, DateOnly ExpiresOn, int DaysToComplete) : ICertificateExpiry
{
    /// <summary>The key of a certified course whose days are known; null otherwise.</summary>
    public static RegionDaysKey? Of(int? regionId, string courseSlug, ITrainingDates dates, DateOnly? certifiedOn, int? daysToComplete) =>
        dates.CertifiedAtUtc is null || certifiedOn is null || daysToComplete is not { } days ? null
        : new RegionDaysKey(regionId ?? TallyKey.HeadOffice, courseSlug, TallyKey.ExpiryDay(dates), days);
}

/// <summary>
/// What a certified required course contributes to the certifications counted per region, course and bank-calendar day
/// certified: the weekly trends of regions and of the bank read these (a few hundred a day at most) instead of adding up
/// every branch's certification counts (at 500,000 staff, 450,000 of them in twelve weeks of a roll-out).
/// </summary>
/// <param name="RegionId">The region of the person's branch, or <see cref="TallyKey.HeadOffice"/>.</param>
public readonly record struct RegionCertifiedOnKey(int RegionId, string CourseSlug, DateOnly CertifiedOn)
{
    /// <param name="regionId">The region of the person's branch, or null for head office.</param>
    public static RegionCertifiedOnKey Of(int? regionId, CertificationKey certification) =>
        new(regionId ?? TallyKey.HeadOffice, certification.CourseSlug, certification.CertifiedOn);
}

/// <summary>The UTC day a certificate lapses (<see cref="TallyKey.Never"/> when it does not).</summary>
public interface ICertificateExpiry
{
    DateOnly ExpiresOn { get; }
}

/// <summary>The dates a summary count's status is read from.</summary>
public interface ITallyDates : ICertificateExpiry
{
    bool Certified { get; }
    DateOnly DueOn { get; }
    bool Started { get; }
}

/// <summary>
/// The statuses of summary counts, as expressions the database filters and adds up with. They follow
/// <see cref="TrainingStatuses"/>, with one difference: certificates lapsing on the UTC day of the moment count as
/// standing here (<see cref="LapsingToday"/>), and the rows that lapsed by the moment are moved to expired by the reader.
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

    /// <summary>Certification counts whose certificates still stand at <paramref name="at"/> by their key (the completed ones above).</summary>
    public static Expression<Func<T, bool>> Standing<T>(StatusMoment at) where T : ICertificateExpiry => t => t.ExpiresOn >= at.UtcToday;

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

/// <summary>
/// What a required course contributes to the adoption counts read at quarters' ends: assigned from the quarter of its
/// assignment on (<see cref="Quarters.Never"/> as the last quarter), and certified in each run of
/// quarters its person held a valid certificate, from that quarter on. A count holds at a quarter when the quarter is
/// within its run: <see cref="Holds"/>.
/// </summary>
/// <param name="RegionId">The region of the person's branch, or <see cref="TallyKey.HeadOffice"/>.</param>
public readonly record struct AdoptionKey(int RegionId, string CourseSlug, DateOnly FromQuarter, DateOnly ToQuarter) : IAdoptionCount
{
    public static IEnumerable<(AdoptionKey Key, int Assigned, int Valid)> Of(int? regionId, string courseSlug, DateOnly assignedOn, string? certifiedQuarters)
    {
        var region = regionId ?? TallyKey.HeadOffice;
        var assigned = Quarters.StartOf(assignedOn);
        yield return (new AdoptionKey(region, courseSlug, assigned, Quarters.Never), 1, 0);
        foreach (var span in CertifiedQuarters.Parse(certifiedQuarters))
        {
            var from = span.From > assigned ? span.From : assigned; // a course counts only once assigned
            if (span.To >= from)
            {
                yield return (new AdoptionKey(region, courseSlug, from, span.To), 0, 1);
            }
        }
    }

    public static Expression<Func<TCount, bool>> Holds<TCount>(DateOnly quarterStart) where TCount : IAdoptionCount =>
        count => count.FromQuarter <= quarterStart && count.ToQuarter >= quarterStart;
}

/// <summary>A stored adoption count: the run of quarters it holds at.</summary>
public interface IAdoptionCount
{
    DateOnly FromQuarter { get; }
    DateOnly ToQuarter { get; }
}

/// <summary>Changes to the summary counts, added up per key so that each key is written once.</summary>
public sealed class TallyChanges
{
    private readonly Dictionary<TallyKey, TallyAmount> _byKey = [];
    private readonly Dictionary<RegionTallyKey, TallyAmount> _byRegion = [];
    private readonly Dictionary<CertificationKey, int> _certifications = [];
    private readonly Dictionary<RegionDaysKey, int> _regionDays = [];
    private readonly Dictionary<RegionCertifiedOnKey, int> _regionCertifiedOn = [];
    private readonly Dictionary<int, int> _staffByBranch = [];
    private readonly Dictionary<AdoptionKey, (int Assigned, int Valid)> _adoption = [];

    public void Add(AdoptionKey key, int assigned, int valid)
    {
        var (a, v) = _adoption.GetValueOrDefault(key);
        _adoption[key] = (a + assigned, v + valid);
    }

    public void Add(TallyKey key, TallyAmount amount) => _byKey[key] = _byKey.GetValueOrDefault(key) + amount;

    public void Add(RegionTallyKey key, TallyAmount amount) => _byRegion[key] = _byRegion.GetValueOrDefault(key) + amount;

    public void Add(CertificationKey key, int count) => _certifications[key] = _certifications.GetValueOrDefault(key) + count;

    public void Add(RegionDaysKey key, int count) => _regionDays[key] = _regionDays.GetValueOrDefault(key) + count;

    public void Add(RegionCertifiedOnKey key, int count) => _regionCertifiedOn[key] = _regionCertifiedOn.GetValueOrDefault(key) + count;

    /// <summary>People who have at least one required course, per branch: they cannot be added up from the course counts.</summary>
    public void AddPeople(int branchId, int people) => _staffByBranch[branchId] = _staffByBranch.GetValueOrDefault(branchId) + people;

    // Every list comes out in key order, so that two writers taking locks on the same keys take them in the same order
    // and cannot wait on each other.

    public IReadOnlyList<KeyValuePair<TallyKey, TallyAmount>> Keys => _byKey.Where(k => !k.Value.IsZero)
        .OrderBy(k => k.Key.BranchId).ThenBy(k => k.Key.CourseSlug, StringComparer.Ordinal).ThenBy(k => k.Key.Certified).ThenBy(k => k.Key.DueOn)
        .ThenBy(k => k.Key.Started).ThenBy(k => k.Key.ExpiresOn)
        .ToList();

    public IReadOnlyList<KeyValuePair<RegionTallyKey, TallyAmount>> RegionKeys => _byRegion.Where(k => !k.Value.IsZero)
        .OrderBy(k => k.Key.RegionId).ThenBy(k => k.Key.CourseSlug, StringComparer.Ordinal).ThenBy(k => k.Key.Certified).ThenBy(k => k.Key.DueOn)
        .ThenBy(k => k.Key.Started).ThenBy(k => k.Key.ExpiresOn)
        .ToList();

    public IReadOnlyList<KeyValuePair<CertificationKey, int>> Certifications => _certifications.Where(c => c.Value != 0)
        .OrderBy(c => c.Key.BranchId).ThenBy(c => c.Key.CourseSlug, StringComparer.Ordinal).ThenBy(c => c.Key.CertifiedOn).ThenBy(c => c.Key.ExpiresOn)
        .ThenBy(c => c.Key.DaysToComplete)
        .ToList();

    public IReadOnlyList<KeyValuePair<RegionDaysKey, int>> RegionDays => _regionDays.Where(c => c.Value != 0)
        .OrderBy(c => c.Key.RegionId).ThenBy(c => c.Key.CourseSlug, StringComparer.Ordinal).ThenBy(c => c.Key.ExpiresOn).ThenBy(c => c.Key.DaysToComplete)
        .ToList();

    public IReadOnlyList<KeyValuePair<RegionCertifiedOnKey, int>> RegionCertifiedOn => _regionCertifiedOn.Where(c => c.Value != 0)
        .OrderBy(c => c.Key.RegionId).ThenBy(c => c.Key.CourseSlug, StringComparer.Ordinal).ThenBy(c => c.Key.CertifiedOn)
        .ToList();

    public IReadOnlyList<KeyValuePair<AdoptionKey, (int Assigned, int Valid)>> Adoption => _adoption.Where(a => a.Value != (0, 0))
        .OrderBy(a => a.Key.RegionId).ThenBy(a => a.Key.CourseSlug, StringComparer.Ordinal).ThenBy(a => a.Key.FromQuarter).ThenBy(a => a.Key.ToQuarter)
        .ToList();

    public IReadOnlyList<KeyValuePair<int, int>> People => _staffByBranch.Where(p => p.Value != 0).OrderBy(p => p.Key).ToList();
}
