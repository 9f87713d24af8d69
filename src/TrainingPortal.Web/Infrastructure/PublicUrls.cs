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

    public string SetPassword(string code, HttpRequest? request) => Absolute("/Account/ResetPassword", new { area = "Identity", code }, request);

    private string Absolute(string page, object values, HttpRequest? request) =>
        BaseUrl(request) + (links.GetPathByPage(page, handler: null, values) ?? throw new InvalidOperationException($"No route to the page {page}."));
}
