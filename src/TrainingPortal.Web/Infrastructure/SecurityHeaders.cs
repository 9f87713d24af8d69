using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using TrainingPortal.Web.Accounts;

namespace TrainingPortal.Web.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles only from the portal itself (no inline script, no CDN: staff sit on the bank's
    /// intranet), never framed, no MIME sniffing, and no referrer sent to other sites.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>
    /// For a page with a form whose answer redirects to another site (the sign-in provider): browsers hold that redirect
    /// to form-action too. The page sets it on its response; the middleware leaves a page's own policy alone.
    /// </summary>
    public static string ContentSecurityPolicyWithFormTarget(string origin) =>
        ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {origin}", StringComparison.Ordinal);

    /// <summary>
    /// On a browser the provider may hold a session on (a session begun there, or its mark from an earlier one), the
    /// sign-out form sends the browser on to the provider's end-session endpoint: its pages allow that form target.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var signIn = app.ApplicationServices.GetRequiredService<IOptions<SignInSettings>>().Value.OpenIdConnect;
        var withProvider = signIn is { Enabled: true, SignOutAtProvider: true, Origin: { } origin } ? ContentSecurityPolicyWithFormTarget(origin) : null;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = withProvider is not null && (SingleSignOn.BeganAtProvider(context.User) || ProviderSession.IsMarked(context))
                        ? withProvider : ContentSecurityPolicy;
                }

                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next();
        });
    }

    /// <summary>
    /// Pages and exports for a signed-in person must not stay in a shared browser's cache or a proxy after they
    /// sign out. Placed after authentication; a response that chose its own Cache-Control (static files) keeps it.
    /// </summary>
    public static IApplicationBuilder UseNoStoreForPersonalResponses(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var endpoint = context.GetEndpoint();
            var personal = context.User.Identity?.IsAuthenticated == true
                || (endpoint is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null); // the fallback policy: sign-in required
            if (personal)
            {
                context.Response.OnStarting(() =>
                {
                    if (!context.Response.Headers.ContainsKey("Cache-Control"))
                    {
                        context.Response.Headers.CacheControl = "no-store";
                    }

                    return Task.CompletedTask;
                });
            }

            return next();
        });
}
