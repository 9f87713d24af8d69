using Microsoft.AspNetCore.Mvc;

namespace TrainingPortal.Web.Infrastructure;

public static class LocalUrls
{
    /// <summary>A return address from a query string, if it stays on this site; otherwise <paramref name="fallback"/> (no open redirects).</summary>
    public static string? LocalOr(this IUrlHelper url, string? returnUrl, string? fallback = "/") =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
}
