using Microsoft.AspNetCore.DataProtection;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// That the bank's provider may have signed someone in on this browser, with its id token: a browser-session cookie of
/// its own, set when the browser is first sent to the provider (whatever comes back: a sign-in refused by the portal,
/// or one whose answer the portal could not read, leaves a provider session all the same), given the id token when the
/// provider answers, and removed once the provider confirms it ended its session. While it is there the provider is asked to make whoever
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

    /// <summary>Whether the browser was sent to the provider to sign in and the provider has not confirmed ending its session since.</summary>
    public static bool IsMarked(HttpContext context) => context.Request.Cookies.ContainsKey(CookieName);

    /// <returns>Whether the provider may hold a session on this browser, and its id token if kept.</returns>
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
        Secure = context.RequestServices.GetRequiredService<CookieSecurity>().IsSecure(context.Request),
    };
}
