using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Web.Pages.Verify;

/// <summary>
/// Public: anyone holding a certificate may check it without signing in, in their own language, by its QR code or by
/// typing the code printed on it. It states what the certificate states and whether it still holds; nothing else
/// about the person.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Verify)]
public class IndexModel(PortalDbContext db, CertificateTitles titles, TimeProvider time, IConfiguration configuration) : PageModel
{
    public sealed record Verified(string Serial, string HolderName, string CourseTitle, DateTime IssuedAtUtc, DateTime? ExpiresAtUtc, CertificateStatus Status, DateTime? RevokedAtUtc);

    /// <summary>Null when no code was given (the form alone).</summary>
    public string? Code { get; private set; }

    public bool Malformed { get; private set; }

    public Verified? Certificate { get; private set; }

    public string BankName => PortalSettings.BankName(configuration, DateDisplay.CurrentLanguage);

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        if (code is null)
        {
            return Page();
        }

        var typed = CertificateRules.TypedCode(code);
        if (!CertificateRules.IsWellFormedCode(typed))
        {
            Code = code;
            Malformed = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (typed != code)
        {
            return RedirectToPage(new { code = typed }); // one address per certificate, whatever was typed
        }

        Code = typed;
        var found = await db.Certificates
            .Where(c => c.VerificationCode == typed)
            .Select(c => new { c.Serial, c.HolderName, c.CourseSlug, c.CourseTitle, c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        // The title printed on it, in the visitor's language while the course still bears it.
        var courseTitle = titles.Of(found.CourseSlug, found.CourseTitle);
        Certificate = new Verified(found.Serial, found.HolderName, courseTitle, found.IssuedAtUtc, found.ExpiresAtUtc,
            CertificateRules.StatusAt(time.GetUtcNow().UtcDateTime, found.ExpiresAtUtc, found.RevokedAtUtc), found.RevokedAtUtc);
        return Page();
    }
}
