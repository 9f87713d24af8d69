using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Verify;

/// <summary>Public: anyone holding a certificate's code may check it, without signing in, in their own language.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Verify)]
public class IndexModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time) : PageModel
{
    public sealed record Verified(string HolderName, string CourseTitle, DateTime IssuedAtUtc, DateTime? ExpiresAtUtc, CertificateStatus Status, DateTime? RevokedAtUtc);

    public Verified? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var found = CertificateRules.IsWellFormedCode(code)
            ? await db.Certificates
                .Where(c => c.VerificationCode == code)
                .Select(c => new { c.HolderName, c.CourseSlug, c.CourseTitle, c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        // The title in the visitor's language; the one printed at issue if the course has since been withdrawn.
        var courseTitle = catalog.Find(found.CourseSlug)?.Title ?? found.CourseTitle;
        Certificate = new Verified(found.HolderName, courseTitle, found.IssuedAtUtc, found.ExpiresAtUtc,
            CertificateRules.StatusAt(time.GetUtcNow().UtcDateTime, found.ExpiresAtUtc, found.RevokedAtUtc), found.RevokedAtUtc);
        return Page();
    }
}
