using Microsoft.AspNetCore.HostFiltering;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Addresses that leave the portal (a certificate's QR code, a set-password link) and so must be absolute. The
/// base is Portal:PublicBaseUrl when set, else the current request's host; paths come from routing.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, LinkGenerator links)
{
    private const string ConsoleFallback = "http://localhost:5000";

    public string BaseUrl(HttpRequest? request) =>
        configuration["Portal:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/')
        : request is not null ? $"{request.Scheme}://{request.Host}"
        : ConsoleFallback;

    public string Verification(string code, HttpRequest? request) => Absolute("/Verify/Index", new { code }, request);

    /// <summary>The verification page without a code: the form a verifier types the printed code into.</summary>
    public string VerificationPage(HttpRequest? request) => Absolute("/Verify/Index", new { }, request);

    /// <summary>A set-password link (invitation or reset). Outside Development it is always built from Portal:PublicBaseUrl.</summary>
    public string SetPassword(string userId, string token, string purpose) => Absolute("/Account/SetPassword", new { user = userId, code = token, purpose }, request: null);

    /// <summary>A page's absolute address for a mail, always from the configured base (mails are written off-request).</summary>
    public string Page(string page, object? values = null) => Absolute(page, values ?? new { }, request: null);

    private string Absolute(string page, object values, HttpRequest? request) =>
        BaseUrl(request) + (links.GetPathByPage(page, handler: null, values) ?? throw new InvalidOperationException($"No route to the page {page}."));

    /// <summary>
    /// Outside Development every link is built from Portal:PublicBaseUrl, never from a request's Host header, so the
    /// setting is required; and unless AllowedHosts names hosts itself, only the public host is answered.
    /// </summary>
    /// <returns>Why the portal cannot start, or null.</returns>
    public static string? Require(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return null;
        }

        if (!Uri.TryCreate(configuration["Portal:PublicBaseUrl"], UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("https" or "http"))
        {
            return "Set Portal:PublicBaseUrl to the address staff reach the portal at (for example https://training.bank.example): " +
                   "links in mails and certificates are built from it, never from a request's Host header.";
        }

        if (configuration["AllowedHosts"] is null or "*")
        {
            services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = [publicUrl.Host]);
        }

        return null;
    }
}
