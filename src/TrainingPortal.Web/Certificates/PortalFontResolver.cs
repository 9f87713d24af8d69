using System.Reflection;
using PdfSharp.Fonts;

namespace TrainingPortal.Web.Certificates;

/// <summary>
/// PDFsharp on Linux has no system fonts to fall back on, so the fonts ship inside the app:
/// DejaVu Sans for Latin text and WenQuanYi Micro Hei (Apache-2.0) for Chinese.
/// </summary>
public sealed class PortalFontResolver : IFontResolver
{
    public const string Latin = "DejaVu Sans";
    public const string Cjk = "WenQuanYi Micro Hei";

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>PDFsharp takes one resolver per process and refuses a second: install it once.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new PortalFontResolver();
                _installed = true;
            }
        }
    }

    /// <summary>The family that has glyphs for every character of the text.</summary>
    public static string FamilyFor(string text) => text.Any(c => c >= '\u2E80') ? Cjk : Latin;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Latin => new FontResolverInfo(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic),
        Cjk => new FontResolverInfo("WenQuanYiMicroHei", bold, italic),
        _ => new FontResolverInfo(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic),
    };

    public byte[]? GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"TrainingPortal.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
