using System.Text;

namespace TrainingPortal.Core.Staff;

/// <summary>The encodings a staff file without a byte order mark may be in, chosen on the upload form.</summary>
public enum StaffFileEncoding
{
    Utf8,
    Gb18030,
    Big5,
}

/// <summary>
/// A staff file's text, or why it could not be read. <see cref="EncodingName"/> is what it was read as
/// ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "Big5"); <see cref="Detected"/> is true when the file itself said
/// so (a byte order mark, or bytes that are valid UTF-8) rather than the uploader's choice.
/// </summary>
/// <param name="Problems">Rows with bytes that are not valid in the encoding: Field is the header of the column
/// they are in, as the file spells it ("" when it cannot be told).</param>
public sealed record StaffFileTextResult(string? Text, string EncodingName, bool Detected, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Turns an uploaded staff file's bytes into text without ever guessing a character: a byte order mark (UTF-8,
/// UTF-16 LE or BE) decides, else bytes that are valid UTF-8 are UTF-8, else the uploader's choice is used. Decoding
/// is strict: a byte sequence that is not valid in the encoding (or that GB18030 or Big5 would only turn into a
/// private-use stand-in) is reported with its row (header = row 1) and column, and never becomes U+FFFD.
/// </summary>
public static class StaffFileText
{
    static StaffFileText()
    {
        // GB18030 and Big5 come with .NET's code-pages provider (in the shared framework), which must be registered once.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static string NameOf(StaffFileEncoding encoding) => encoding switch
    {
        StaffFileEncoding.Gb18030 => "GB18030",
        StaffFileEncoding.Big5 => "Big5",
        _ => "UTF-8",
    };

    /// <summary>A strict decoder for the encoding: invalid bytes throw <see cref="DecoderFallbackException"/>.</summary>
    public static Encoding Strict(StaffFileEncoding encoding) => encoding switch
    {
        StaffFileEncoding.Gb18030 => Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        StaffFileEncoding.Big5 => Encoding.GetEncoding("big5", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
    };

    public static StaffFileTextResult Decode(ReadOnlySpan<byte> bytes, StaffFileEncoding whenNotUtf8)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Decode(bytes[3..], new UTF8Encoding(false, true), "UTF-8", detected: true, unit: 1, bigEndian: false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Decode(bytes[2..], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), "UTF-16LE", detected: true, unit: 2, bigEndian: false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Decode(bytes[2..], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), "UTF-16BE", detected: true, unit: 2, bigEndian: true);
        }

        var utf8 = new UTF8Encoding(false, true);
        if (TryDecode(bytes, utf8, out var text, out _, out _))
        {
            return new StaffFileTextResult(text, "UTF-8", Detected: true, []);
        }

        return Decode(bytes, Strict(whenNotUtf8), NameOf(whenNotUtf8), detected: false, unit: 1, bigEndian: false);
    }

    private static StaffFileTextResult Decode(ReadOnlySpan<byte> bytes, Encoding encoding, string name, bool detected, int unit, bool bigEndian)
    {
        var legacy = encoding.CodePage is not (65001 or 1200 or 1201);
        if (TryDecode(bytes, encoding, out var text, out _, out _) && (!legacy || Placeholder(text!) < 0))
        {
            return new StaffFileTextResult(text, name, detected, []);
        }

        // Some row is bad: decode row by row to name every one. The delimiters (comma, quote, line feed) are ASCII and
        // never a trailing byte in UTF-8, GB18030 or Big5, so rows and columns can be found in the raw bytes.
        var problems = new List<ImportProblem>();
        var records = Records(bytes, unit, bigEndian);
        IReadOnlyList<string>? header = null;
        for (var i = 0; i < records.Count; i++)
        {
            var (start, length) = records[i];
            var record = bytes.Slice(start, length);
            int column;
            string badBytes;
            if (TryDecode(record, encoding, out var line, out var badAt, out var unknown))
            {
                var placeholder = legacy ? Placeholder(line!) : -1;
                if (placeholder < 0)
                {
                    if (i == 0)
                    {
                        header = SplitHeader(line!);
                    }

                    continue;
                }

                column = ColumnAt(Encoding.Unicode.GetBytes(line![..placeholder]), placeholder * 2, 2, bigEndian: false);
                badBytes = Hex(Encoding.GetEncoding(encoding.CodePage).GetBytes(line.Substring(placeholder, 1)));
            }
            else
            {
                column = ColumnAt(record, badAt, unit, bigEndian);
                badBytes = Hex(unknown);
            }

            var field = header is not null && column < header.Count ? header[column] : "";
            problems.Add(new ImportProblem(i + 1, field, ImportProblemCodes.InvalidBytes, [name, badBytes]));
        }

        if (problems.Count == 0)
        {
            // Only a trailing incomplete sequence, or one the row split cannot place: name the file.
            problems.Add(new ImportProblem(Math.Max(records.Count, 1), "", ImportProblemCodes.InvalidBytes, [name, "?"]));
        }

        return new StaffFileTextResult(null, name, detected, problems);
    }

    /// <summary>
    /// Where a GB18030 or Big5 decoding produced a stand-in rather than a character, or -1: .NET's tables turn bytes that
    /// are no character (0x80 and 0xFF in Big5, the user-defined areas) into C1 controls or private-use code points
    /// instead of failing. No name, email or code in a staff file holds one.
    /// </summary>
    private static int Placeholder(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is (>= '\u0080' and <= '\u009F') or (>= '\uE000' and <= '\uF8FF'))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryDecode(ReadOnlySpan<byte> bytes, Encoding encoding, out string? text, out int badAt, out byte[] unknown)
    {
        try
        {
            text = encoding.GetString(bytes);
            badAt = -1;
            unknown = [];
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            text = null;
            badAt = Math.Clamp(ex.Index, 0, Math.Max(bytes.Length - 1, 0));
            unknown = ex.BytesUnknown is { Length: > 0 } bad ? bad : bytes.Length > badAt ? [bytes[badAt]] : [];
            return false;
        }
    }

    private static string Hex(byte[] bytes) => string.Join(" ", bytes.Take(8).Select(b => $"0x{b:X2}"));

    private static int Unit(ReadOnlySpan<byte> bytes, int at, int unit, bool bigEndian) =>
        unit == 1 ? bytes[at]
        : at + 1 >= bytes.Length ? -1
        : bigEndian ? (bytes[at] << 8) | bytes[at + 1] : bytes[at] | (bytes[at + 1] << 8);

    /// <summary>Each CSV record's bytes (line feed excluded): a line feed, or a carriage return not followed by one (old Mac
    /// files), ends a record as it does for the CSV reader, and neither does inside a quoted field.</summary>
    internal static List<(int Start, int Length)> Records(ReadOnlySpan<byte> bytes, int unit, bool bigEndian)
    {
        var records = new List<(int, int)>();
        var start = 0;
        foreach (var (at, separator) in Separators(bytes, unit, bigEndian))
        {
            if (separator == '\n')
            {
                records.Add((start, at - start));
                start = at + unit;
            }
        }

        if (start < bytes.Length)
        {
            records.Add((start, bytes.Length - start));
        }

        return records;
    }

    /// <summary>The zero-based column the byte at <paramref name="offset"/> of one record is in.</summary>
    internal static int ColumnAt(ReadOnlySpan<byte> record, int offset, int unit, bool bigEndian) =>
        Separators(record, unit, bigEndian).Count(s => s.Separator == ',' && s.At < offset);

    /// <summary>
    /// Where the commas and line ends that structure the file are, read on the raw bytes (so a record can be found
    /// before it can be decoded): those inside a quoted field, and doubled quotes, are skipped. A carriage return alone
    /// ends a line as a line feed does; before a line feed it is part of that line end.
    /// </summary>
    private static List<(int At, char Separator)> Separators(ReadOnlySpan<byte> bytes, int unit, bool bigEndian)
    {
        var separators = new List<(int, char)>();
        var inQuotes = false;
        var atFieldStart = true;
        for (var at = 0; at < bytes.Length; at += unit)
        {
            var c = Unit(bytes, at, unit, bigEndian);
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (at + unit < bytes.Length && Unit(bytes, at + unit, unit, bigEndian) == '"')
                    {
                        at += unit;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }

                continue;
            }

            if (c == '"' && atFieldStart)
            {
                inQuotes = true;
                atFieldStart = false;
            }
            else if (c is '\n' or ',')
            {
                separators.Add((at, (char)c));
                atFieldStart = true;
            }
            else if (c == '\r' && (at + unit >= bytes.Length || Unit(bytes, at + unit, unit, bigEndian) != '\n'))
            {
                separators.Add((at, '\n'));
                atFieldStart = true;
            }
            else
            {
                atFieldStart = false;
            }
        }

        return separators;
    }

    private static List<string> SplitHeader(string line) =>
        line.TrimEnd('\r').Split(',').Select(h => h.Trim().Trim('"').Trim()).ToList();
}
