using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace TrainingPortal.Web.Certificates;

/// <summary>
/// PDFsharp 6.2 writes a character outside the Basic Multilingual Plane into a font's ToUnicode map as its code point
/// (<c>&lt;210C1&gt;</c>), where the map takes UTF-16 (<c>&lt;D844DCC1&gt;</c>): viewers, search and screen readers then
/// read a rare name's characters as others. The glyphs drawn are right; this rewrites only the maps' targets.
/// </summary>
public static partial class ToUnicodeRepair
{
    /// <summary>The PDF with its ToUnicode maps' targets in UTF-16; the same bytes when no map has a target outside the BMP.</summary>
    public static byte[] Repaired(byte[] pdf)
    {
        // PDFsharp writes the maps uncompressed: a PDF whose bytes hold no such target needs no second reading.
        if (!WideTarget().IsMatch(Encoding.Latin1.GetString(pdf)))
        {
            return pdf;
        }

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Modify);
        var repaired = false;
        foreach (var map in document.Internals.GetAllObjects().OfType<PdfDictionary>().Where(d => d.Stream is not null))
        {
            var text = Encoding.ASCII.GetString(map.Stream.UnfilteredValue);
            if (!text.Contains("beginbfrange", StringComparison.Ordinal) && !text.Contains("beginbfchar", StringComparison.Ordinal))
            {
                continue;
            }

            var utf16 = WideTarget().Replace(text, m => $"{m.Groups["code"].Value}<{Utf16(m.Groups["target"].Value)}>");
            if (utf16 != text)
            {
                map.Elements.Remove(PdfDictionary.PdfStream.Keys.Filter);
                map.Elements.Remove(PdfDictionary.PdfStream.Keys.DecodeParms);
                map.Stream.Value = Encoding.ASCII.GetBytes(utf16);
                repaired = true;
            }
        }

        if (!repaired)
        {
            return pdf;
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static string Utf16(string codePoint) =>
        Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(int.Parse(codePoint, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));

    /// <summary>A map line's source code(s) followed by a target of five or six hex digits: one code point past U+FFFF.</summary>
    [GeneratedRegex(@"(?<code>(?:<[0-9A-Fa-f]{4}>\s*){1,2})<(?<target>[0-9A-Fa-f]{5,6})>")]
    private static partial Regex WideTarget();
}
