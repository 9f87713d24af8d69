using Microsoft.AspNetCore.DataProtection;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// That the bank's provider signed someone in on this browser, with its id token: a browser-session cookie of its own,
/// set at every answer from the provider (a refused sign-in too: the provider's session exists all the same) and
/// removed once the provider confirms it ended its session. While it is there the provider is asked to make whoever
/// presses its button sign in again (prompt=login): a portal session that ran out, or a sign-in abandoned at the
/// second factor, must not leave the next person at a shared terminal signed in as this one. The token names the
/// session when the portal asks the provider to end it: this browser's own, not the account's latest elsewhere.
/// </summary>
public static class ProviderSession
{
    public const string CookieName = "TrainingPortal.ProviderSession";
    public const string Purpose = "TrainingPortal.ProviderSession";

    /// <summary>A token that would take the cookie past what browsers keep (4 KB) is left out: the mark matters more.</summary>
    private const int MaxProtectedLength = 3500;

    public static void Remember(HttpContext context, string? idToken)
    {
        var protector = Protector(context);
        var value = protector.Protect(idToken ?? "");
        if (value.Length > MaxProtectedLength)
        {
            value = protector.Protect("");
        }

        context.Response.Cookies.Append(CookieName, value, Options(context));
    }

    /// <returns>Whether the provider signed someone in on this browser and has not confirmed ending it, and their id token if kept.</returns>
    public static (bool Open, string? IdToken) Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return (false, null);
        }

        try
        {
            var idToken = Protector(context).Unprotect(value);
            return (true, idToken.Length > 0 ? idToken : null);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (true, null); // keys rotated away or the cookie edited: still a session to be careful of
        }
    }

    public static void Forget(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        Path = "/",
        SameSite = SameSiteMode.Lax, // read when the provider's answer comes back, a top-level navigation
        Secure = context.RequestServices.GetRequiredService<CookieSecurity>().Policy switch
        {
            CookieSecurePolicy.Always => true,
            CookieSecurePolicy.None => false,
            _ => context.Request.IsHttps,
        },
    };
}
