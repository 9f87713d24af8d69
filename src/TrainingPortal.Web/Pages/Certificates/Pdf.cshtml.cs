using System.Net.Mime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Certificates;

public class PdfModel(PortalDbContext db, IConfiguration configuration, PublicUrls urls, ILogger<PdfModel> logger) : PageModel
{
    public sealed record RevokedNotice(string Serial, string CourseTitle, DateTime RevokedAtUtc, string? Reason, string VerificationCode);

    public RevokedNotice? Revoked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string serial, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates
            .Where(c => c.Serial == serial)
            .Select(c => new { c.UserId, c.Serial, c.HolderName, c.EmployeeNumber, c.BranchName, c.CourseTitle, c.IssuedAtUtc, c.ExpiresAtUtc, c.VerificationCode, c.RevokedAtUtc, c.RevokedReason })
            .SingleOrDefaultAsync(cancellationToken);
        var mayRead = certificate is not null && (certificate.UserId == User.UserId() || User.IsInRole(Roles.HR) || User.IsInRole(Roles.Admin));
        if (!mayRead)
        {
            if (certificate is not null)
            {
                logger.LogWarning("Refused certificate {Serial} to user {UserId}: not theirs", serial, User.UserId());
            }

            return NotFound(); // another person's certificate is indistinguishable from none
        }

        if (certificate!.RevokedAtUtc is { } revokedAt)
        {
            // 410 Gone rather than 200: the PDF existed and was withdrawn on purpose, and a script or download
            // manager fetching it must see a failure, not save this page as the certificate.
            Revoked = new RevokedNotice(certificate.Serial, certificate.CourseTitle, revokedAt, certificate.RevokedReason, certificate.VerificationCode);
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }

        var document = new CertificateDocument(
            PortalSettings.BankName(configuration),
            certificate.Serial, certificate.HolderName, certificate.EmployeeNumber, certificate.BranchName, certificate.CourseTitle,
            DateOnly.FromDateTime(certificate.IssuedAtUtc),
            certificate.ExpiresAtUtc is { } expires ? DateOnly.FromDateTime(expires) : null,
            urls.Verification(certificate.VerificationCode, Request));
        return File(CertificatePdf.Render(document), MediaTypeNames.Application.Pdf, document.FileName);
    }
}
