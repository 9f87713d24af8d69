using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

public static class DataProtectionSetup
{
    public const string CertificatePath = "DataProtection:CertificatePath";
    public const string CertificatePassword = "DataProtection:CertificatePassword";
    public const string AllowUnencryptedKeys = "DataProtection:AllowUnencryptedKeys";

    /// <summary>
    /// The keys that sign cookies, antiforgery tokens and account links live in the database, shared by every
    /// instance. Outside Development they are encrypted with an X.509 certificate kept outside the database, so a
    /// copy of the database (a backup, a read-only login) does not hand over the means to forge a sign-in.
    /// Returns why the portal cannot start, or null.
    /// </summary>
    public static string? AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName("TrainingPortal")
            .PersistKeysToDbContext<PortalDbContext>();

        if (configuration[CertificatePath] is { Length: > 0 } path)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePassword]);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                return $"the certificate in {CertificatePath} ({path}) cannot be read: {ex.Message} Check the file and {CertificatePassword}.";
            }

            if (!certificate.HasPrivateKey)
            {
                return $"the certificate in {CertificatePath} ({path}) has no private key; export it as a PFX (PKCS#12) with its key.";
            }

            builder.ProtectKeysWithCertificate(certificate);
            return null;
        }

        if (environment.IsDevelopment() || configuration.GetValue(AllowUnencryptedKeys, false))
        {
            return null;
        }

        return $"{CertificatePath} is not set. Outside Development the data-protection keys stored in the database must be " +
            $"encrypted with a certificate: give the path of a PFX file in {CertificatePath} and its password in {CertificatePassword}, " +
            $"or set {AllowUnencryptedKeys}=true to accept unencrypted keys on purpose.";
    }
}
