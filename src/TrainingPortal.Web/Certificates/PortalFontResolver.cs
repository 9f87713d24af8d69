using System.Globalization;
using System.Reflection;
using System.Text;
using PdfSharp.Fonts;

namespace TrainingPortal.Web.Certificates;

/// <summary>
/// PDFsharp on Linux has no system fonts to fall back on, so the fonts ship inside the app: DejaVu Sans for Latin
/// text, WenQuanYi Micro Hei (Apache-2.0) for Chinese, and NameGlyphs for the characters of people's names that Micro
/// Hei lacks (Hong Kong's supplementary characters, CJK Extensions A, B and E, compatibility ideographs; a part of
/// HanaMinA and HanaMinB made by tools/fonts/name-glyphs.py).
/// </summary>
public sealed class PortalFontResolver : IFontResolver
{
    public const string Latin = "DejaVu Sans";
    public const string Cjk = "WenQuanYi Micro Hei";
    public const string Names = "NameGlyphs";

    private static readonly Lock Gate = new();
    private static bool _installed;
    private static readonly Lazy<(int[] Starts, int[] Ends)> NameGlyphRanges = new(ReadNameGlyphRanges);

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

    /// <summary>The family for a run of text: Micro Hei when it holds any Chinese (Micro Hei has Latin letters too), DejaVu Sans otherwise.</summary>
    public static string FamilyFor(string text) => text.Any(c => c >= '\u2E80') ? Cjk : Latin;

    /// <summary>
    /// The text in pieces, each with the family that has its glyphs: <see cref="FamilyFor"/>'s, except that the
    /// characters only <see cref="Names"/> holds are set in it.
    /// </summary>
    public static IEnumerable<(string Text, string Family)> Runs(string text)
    {
        var usual = FamilyFor(text);
        var run = new StringBuilder();
        string? family = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var needed = HasNameGlyph(rune.Value) ? Names : usual;
            if (family is not null && needed != family)
            {
                yield return (run.ToString(), family);
                run.Clear();
            }

            family = needed;
            run.Append(rune.ToString());
        }

        if (family is not null)
        {
            yield return (run.ToString(), family);
        }
    }

    /// <summary>Whether <see cref="Names"/> has a glyph for the code point.</summary>
    public static bool HasNameGlyph(int codePoint)
    {
        var (starts, ends) = NameGlyphRanges.Value;
        var index = Array.BinarySearch(starts, codePoint);
        if (index < 0)
        {
            index = ~index - 1; // the range starting before it, if any
        }

        return index >= 0 && codePoint <= ends[index];
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Latin => new FontResolverInfo(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic),
        Cjk => new FontResolverInfo("WenQuanYiMicroHei", bold, italic),
        Names => new FontResolverInfo(Names, bold, italic),
        _ => new FontResolverInfo(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic),
    };

    public byte[]? GetFont(string faceName)
    {
        using var stream = Resource($"{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static Stream? Resource(string fileName) => Assembly.GetExecutingAssembly().GetManifestResourceStream($"TrainingPortal.Fonts.{fileName}");

    /// <summary>NameGlyphs.txt, written with the font: one hexadecimal code point or range ("3435", "20000-2000B") a line.</summary>
    private static (int[] Starts, int[] Ends) ReadNameGlyphRanges()
    {
        using var stream = Resource($"{Names}.txt") ?? throw new InvalidOperationException($"{Names}.txt is not embedded in the app.");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var starts = new List<int>();
        var ends = new List<int>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var bounds = line.Split('-');
            starts.Add(int.Parse(bounds[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            ends.Add(int.Parse(bounds[^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        return ([.. starts], [.. ends]);
    }
}
