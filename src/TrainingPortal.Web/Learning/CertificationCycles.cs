using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Learning;

public static class CertificationCycles
{
    /// <summary>The cycle of every course the learner has ever been certified in; other courses have never been passed.</summary>
    public static async Task<IReadOnlyDictionary<string, CertificationCycle>> ForUserAsync(PortalDbContext db, string userId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var latest = await db.Certificates
            .Where(c => c.UserId == userId)
            .GroupBy(c => c.CourseSlug)
            .Select(g => g.OrderByDescending(c => c.IssuedAtUtc).Select(c => new { c.CourseSlug, c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc }).First())
            .ToListAsync(cancellationToken);
        return latest.ToDictionary(c => c.CourseSlug, c => CertificationCycle.From(nowUtc, c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc));
    }

    /// <summary>The learner's latest certificate of the course that is not revoked (it may have expired), or null.</summary>
    public static async Task<(string Serial, DateTime? ExpiresAtUtc)?> StandingCertificateAsync(PortalDbContext db, string userId, string courseSlug, CancellationToken cancellationToken) =>
        await db.Certificates
            .Where(c => c.UserId == userId && c.CourseSlug == courseSlug && c.RevokedAtUtc == null)
            .OrderByDescending(c => c.IssuedAtUtc)
            .Select(c => new { c.Serial, c.ExpiresAtUtc })
            .FirstOrDefaultAsync(cancellationToken) is { } certificate ? (certificate.Serial, certificate.ExpiresAtUtc) : null;

    public static CertificationCycle For(this IReadOnlyDictionary<string, CertificationCycle> cycles, string courseSlug) =>
        cycles.GetValueOrDefault(courseSlug) ?? CertificationCycle.NeverPassed;
}
