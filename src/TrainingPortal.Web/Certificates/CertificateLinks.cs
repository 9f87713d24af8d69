namespace TrainingPortal.Web.Certificates;

public static class CertificateLinks
{
    /// <summary>The public address of a verification page: Portal:PublicBaseUrl when set, else this request's host.</summary>
    public static string VerificationUrl(HttpRequest request, IConfiguration configuration, string code)
    {
        var baseUrl = configuration["Portal:PublicBaseUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}";
        return $"{baseUrl}/verify/{code}";
    }
}
