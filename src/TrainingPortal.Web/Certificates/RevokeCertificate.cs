using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Certificates;

public sealed record Revocation(string HolderUserId, long CertificateId, string Reason);

/// <summary>HR withdraws a certificate: verification says so at once, and the holder's course is due again.</summary>
public sealed class RevokeCertificate(PortalDbContext db, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time,
    SerializableWrites writes, IStringLocalizer<Shared> text)
{
    /// <returns>The serial of the revoked certificate.</returns>
    public async Task<Outcome<string>> ExecuteAsync(Revocation revocation, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return Outcome<string>.Refused("", text["Refusal.NotPermitted"]);
        }

        // Read and decided in the write's own transaction: two colleagues revoking at once revoke it once.
        return await writes.RunAsync("Revoking a certificate", async () =>
        {
            // The certificate must belong to the person named: an id from a form is never trusted alone.
            var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == revocation.CertificateId && c.UserId == revocation.HolderUserId, cancellationToken);
            if (certificate is null)
            {
                return Outcome<string>.Missing();
            }

            var reason = revocation.Reason.Trim();
            if (certificate.RevokedAtUtc is not null)
            {
                return Outcome<string>.Refused("", text["Refusal.Certificate.AlreadyRevoked", certificate.Serial]);
            }

            if (reason.Length == 0)
            {
                return Outcome<string>.Refused("Reason", text["Refusal.Certificate.ReasonRequired"]);
            }

            certificate.RevokedAtUtc = time.GetUtcNow().UtcDateTime;
            certificate.RevokedReason = reason;
            certificate.RevokedByUserId = actor.UserId;
            audit.Record(actor, AuditActions.CertificateRevoked, AuditTargets.Certificate, certificate.Serial,
                $"Revoked certificate {certificate.Serial} of {certificate.HolderName} for '{certificate.CourseTitle}': {reason}",
                before: new { revoked = false }, after: new { revoked = true, reason, certificate.CourseSlug, certificate.HolderName });
            await db.SaveChangesAsync(cancellationToken);
            await requiredCourses.RefreshCertificateAsync(certificate.UserId, certificate.CourseSlug, cancellationToken);
            return Outcome<string>.Done(certificate.Serial);
        }, cancellationToken);
    }
}
