using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace TrainingPortal.Web.Infrastructure;

public static class LocalUrls
{
    /// <summary>
    /// A return address from a query string, if it stays on this site; otherwise <paramref name="fallback"/> (no open
    /// redirects). Characters outside ASCII (a Chinese path, say) come back percent-encoded: a Location header may carry
    /// ASCII only, and Kestrel answers 500 rather than send one that does not.
    /// </summary>
    public static string? LocalOr(this IUrlHelper url, string? returnUrl, string? fallback = "/") =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? AsciiOnly(returnUrl) : fallback;

    private static string AsciiOnly(string address)
    {
        if (Ascii.IsValid(address))
        {
            return address;
        }

        var encoded = new StringBuilder(address.Length * 3);
        foreach (var rune in address.EnumerateRunes())
        {
            encoded.Append(rune.IsAscii ? rune.ToString() : Uri.EscapeDataString(rune.ToString()));
        }

        return encoded.ToString();
    }
}
