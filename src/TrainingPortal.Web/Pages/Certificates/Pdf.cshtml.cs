using System.Net.Mime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Pages.Certificates;

/// <summary>
/// The certificate as a PDF, written in its holder's language (and English beside it when that is Chinese), whoever
/// downloads it. The page shown instead, for a revoked certificate, is in the visitor's language.
/// </summary>
public class PdfModel(
    PortalDbContext db,
    IConfiguration configuration,
    PublicUrls urls,
    CertificateTitles titles,
    DateDisplay dates,
    IStringLocalizer<TrainingPortal.Web.Shared> text,
    Microsoft.Extensions.Options.IOptions<RequestLocalizationOptions> localization,
    ILogger<PdfModel> logger) : PageModel
{
    public sealed record RevokedNotice(string Serial, string CourseTitle, DateTime RevokedAtUtc, string? Reason, string VerificationCode);

    public RevokedNotice? Revoked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string serial, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates
            .Where(c => c.Serial == serial)
            .Select(c => new { c.UserId, c.Serial, c.HolderName, c.EmployeeNumber, c.BranchName, c.CourseSlug, c.CourseTitle, c.IssuedAtUtc, c.ExpiresAtUtc, c.VerificationCode, c.RevokedAtUtc, c.RevokedReason })
            .SingleOrDefaultAsync(cancellationToken);
        var isHolder = certificate is not null && certificate.UserId == User.UserId();
        var mayRead = certificate is not null && (isHolder || User.IsInRole(Roles.HR) || User.IsInRole(Roles.Admin));
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
            Revoked = new RevokedNotice(certificate.Serial, titles.Of(certificate.CourseSlug, certificate.CourseTitle),
                revokedAt, certificate.RevokedReason, certificate.VerificationCode);
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }

        // The holder's saved language; without one, the holder's current language when they download it themselves,
        // and otherwise the portal's default, as for the holder's mails (HR's language says nothing about the holder's).
        var preferred = await db.Users.Where(u => u.Id == certificate.UserId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(cancellationToken);
        var language = preferred is null && isHolder ? DateDisplay.CurrentLanguage : localization.Value.LanguageOf(preferred);

        var document = new CertificateDocument(
            PortalSettings.BankName(configuration),
            certificate.Serial, certificate.HolderName, certificate.EmployeeNumber, certificate.BranchName,
            certificate.CourseTitle,
            dates.Calendar.DateOf(certificate.IssuedAtUtc),
            certificate.ExpiresAtUtc is { } expires ? dates.Calendar.DateOf(expires) : null,
            urls.VerificationPage(Request), certificate.VerificationCode)
        {
            Language = language,
            TranslatedCourseTitle = titles.Of(certificate.CourseSlug, certificate.CourseTitle, language),
            TranslatedBankName = PortalSettings.BankName(configuration, language),
        };
        return File(CertificatePdf.Render(document, text, dates), MediaTypeNames.Application.Pdf, document.FileName);
    }
}
