using TrainingPortal.Core.Certificates;

namespace TrainingPortal.Core.Progress;

/// <summary>
/// Where a learner is in a course's certification cycle: a course stays passed while its latest
/// certificate stands; once that expires, nears expiry or is revoked, the course is due again and a new
/// cycle of quiz attempts begins. Earlier attempts and certificates stay in history.
/// </summary>
public sealed record CertificationCycle(bool Passed, DateTime? CycleStartUtc)
{
    public static readonly CertificationCycle NeverPassed = new(false, null);

    public bool IsRenewal => CycleStartUtc is not null;

    public static CertificationCycle From(DateTime nowUtc, DateTime? latestIssuedAtUtc, DateTime? latestExpiresAtUtc, DateTime? latestRevokedAtUtc)
    {
        if (latestIssuedAtUtc is null)
        {
            return NeverPassed;
        }

        var stands = latestRevokedAtUtc is null && !CertificateRules.IsDueForRenewal(nowUtc, latestExpiresAtUtc);
        return new CertificationCycle(stands, stands ? null : latestIssuedAtUtc);
    }
}
