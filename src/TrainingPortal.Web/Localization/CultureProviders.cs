using System.Security.Claims;
using Microsoft.AspNetCore.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Localization;

/// <summary>The language a signed-in person saved, carried in their sign-in cookie so no request queries it.</summary>
public sealed class SavedPreferenceCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        Task.FromResult(Result(PortalLanguages.Match(httpContext.User.FindFirstValue(PortalClaimTypes.Culture))));

    internal static ProviderCultureResult? Result(string? language) => language is null ? null : new ProviderCultureResult(language);
}

/// <summary>The standard culture cookie, with any Chinese tag it holds (zh-HK, zh-CN) read as the script it implies.</summary>
public sealed class MappedCookieCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var cookie = httpContext.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName];
        var parsed = cookie is null ? null : CookieRequestCultureProvider.ParseCookieValue(cookie);
        var language = parsed is null ? null : PortalLanguages.Match(parsed.UICultures.FirstOrDefault().Value ?? parsed.Cultures.FirstOrDefault().Value);
        return Task.FromResult(SavedPreferenceCultureProvider.Result(language));
    }
}

/// <summary>Accept-Language in the browser's order of preference, each tag mapped by script (zh-HK is Traditional).</summary>
public sealed class MappedAcceptLanguageCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var language = header
            .Where(value => value.Quality is null or > 0)
            .OrderByDescending(value => value.Quality ?? 1) // a stable sort: equal weights keep the header's order
            .Select(value => PortalLanguages.Match(value.Value.Value))
            .FirstOrDefault(match => match is not null);
        return Task.FromResult(SavedPreferenceCultureProvider.Result(language));
    }
}

internal static class CultureCookie
{
    public static void Write(HttpResponse response, string language, bool secure) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = secure,
                Path = "/",
            });
}

/// <summary>Whether cookies the portal writes must be Secure; decided once in Program from the environment.</summary>
public sealed record CookieSecurity(CookieSecurePolicy Policy)
{
    /// <summary>Whether a cookie the portal writes itself, in answer to <paramref name="request"/>, is marked Secure.</summary>
    public bool IsSecure(HttpRequest request) => Policy switch
    {
        CookieSecurePolicy.Always => true,
        CookieSecurePolicy.None => false,
        _ => request.IsHttps,
    };
}
