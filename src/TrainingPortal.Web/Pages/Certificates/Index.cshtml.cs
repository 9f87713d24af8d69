using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Web.Pages.Certificates;

public class IndexModel(PortalDbContext db, CertificateTitles titles, CourseCatalog catalog, TimeProvider time) : PageModel
{
    public sealed record CertificateRow(string Serial, string CourseTitle, string CourseSlug, DateTime IssuedAtUtc, DateTime? ExpiresAtUtc, string VerificationCode, CertificateStatus Status, string? RevokedReason, bool Renewable);

    public IReadOnlyList<CertificateRow> Certificates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await db.Certificates
            .Where(c => c.UserId == userId)
            .OrderByDescending(c => c.IssuedAtUtc)
            .Select(c => new { c.Serial, c.CourseTitle, c.CourseSlug, c.IssuedAtUtc, c.ExpiresAtUtc, c.VerificationCode, c.RevokedAtUtc, c.RevokedReason })
            .ToListAsync(cancellationToken);
        // Only the certificate a course stands on (its latest not revoked) is renewed; one already superseded by a renewal is not.
        var standing = rows.Where(c => c.RevokedAtUtc is null).DistinctBy(c => c.CourseSlug).Select(c => c.Serial).ToHashSet();
        // The course as the reader knows it (their language); the title stored at issue if the course has left the catalogue.
        Certificates = rows.Select(c =>
        {
            var status = CertificateRules.StatusAt(now, c.ExpiresAtUtc, c.RevokedAtUtc);
            var renewable = standing.Contains(c.Serial) && CertificateRules.IsDueForRenewal(now, c.ExpiresAtUtc) && catalog.Find(c.CourseSlug) is not null;
            return new CertificateRow(c.Serial, titles.Of(c.CourseSlug, c.CourseTitle), c.CourseSlug, c.IssuedAtUtc, c.ExpiresAtUtc, c.VerificationCode, status, c.RevokedReason, renewable);
        }).ToList();
    }
}
