using Microsoft.Extensions.Localization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Languages;
using TrainingPortal.Web.Localization;

using TrainingPortal.Data;

namespace TrainingPortal.Web.Certificates;

/// <summary>
/// Draws a certificate as one A4 landscape page with PDFsharp; fonts are embedded as subsets. A holder who reads
/// Chinese gets every line in their script and in English (English first, Chinese under it); anyone else gets English.
/// Each run of text is set in the embedded font that has its glyphs (WenQuanYi Micro Hei for Chinese, DejaVu Sans
/// otherwise, NameGlyphs for the rare characters of names: <see cref="PortalFontResolver.Runs"/>), and course titles
/// and names shrink, then wrap, to stay inside the frame.
/// </summary>
public static class CertificatePdf
{
    private const string Separator = " / ";
    private const double Margin = 80;

    private static readonly XColor Navy = XColor.FromArgb(0x12, 0x35, 0x5b);
    private static readonly XColor Gold = XColor.FromArgb(0xb8, 0x8a, 0x1e);
    private static readonly XColor Ink = XColor.FromArgb(0x1d, 0x27, 0x33);
    private static readonly XColor Muted = XColor.FromArgb(0x4a, 0x58, 0x68);

    /// <param name="text">The portal's strings (Certificate.Pdf.*); read under each language the certificate is written in.</param>
    /// <param name="dates">Writes the dates in each language's long format.</param>
    public static byte[] Render(CertificateDocument certificate, IStringLocalizer text, DateDisplay dates)
    {
        var english = Wording.In(PortalLanguages.English, certificate.CourseTitle, certificate, text, dates);
        var language = PortalLanguages.Match(certificate.Language) ?? PortalLanguages.English;
        var second = PortalLanguages.IsChinese(language)
            ? Wording.In(language, certificate.TranslatedCourseTitle ?? certificate.CourseTitle, certificate, text, dates)
            : null;

        PortalFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = second is null ? english.DocumentTitle : english.DocumentTitle + Separator + second.DocumentTitle;
        document.Info.Author = certificate.BankName;
        document.Info.Subject = $"{certificate.HolderName}, {certificate.Serial}";
        document.Info.Creator = "TrainingPortal";
        // PDFsharp's own deflate output makes strict validators (qpdf --check) warn about the page's
        // content stream, so that stream stays uncompressed; embedded font subsets are still compressed.
        document.Options.CompressContentStreams = false;

        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var canvas = new Canvas(gfx, page.Width.Point);
            if (second is null)
            {
                DrawEnglish(canvas, certificate, english);
            }
            else
            {
                DrawBilingual(canvas, certificate, english, second);
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return ToUnicodeRepair.Repaired(output.ToArray());
    }

    private static void DrawEnglish(Canvas canvas, CertificateDocument certificate, Wording en)
    {
        canvas.Frame();
        canvas.Centred(78, Run(certificate.BankName.ToUpperInvariant(), 13, true, Navy));
        canvas.Centred(128, Run(en.Heading, 34, true, Navy));
        canvas.Rule(146);
        canvas.Centred(188, Run(en.Certifies, 13, false, Muted));
        canvas.CentredShrinking(228, certificate.HolderName, 28, 14, true, Ink);
        canvas.CentredShrinking(252, 11, 8, size => [Run($"{en.Employee} {certificate.EmployeeNumber} · {en.Workplace}", size, false, Muted)]);
        canvas.Centred(290, Run(en.HasCompleted, 13, false, Muted));
        var y = canvas.Title(324, en.CourseTitle, 21, 14, Navy, maxLines: 2);
        canvas.Centred(y + 22, Run(en.Programme, 11, false, Muted));

        canvas.Field(80, 430, [en.Issued], [en.IssuedOn]);
        canvas.Field(260, 430, [en.ValidUntil], [en.ExpiresOn]);
        canvas.Field(440, 430, [en.Serial], [certificate.Serial]);

        canvas.Signature(500, [en.Signatory]);
        canvas.QrCode(certificate.VerificationUrl, 398, 104, [en.ScanToVerify]);
        canvas.Centred(544, Run(en.VerifyAt + "  ", 8, false, Muted), Run(certificate.VerificationPage, 8, false, Ink),
            Run("   " + en.WithCode + "  ", 8, false, Muted), Run(CertificateRules.PrintedCode(certificate.VerificationCode), 8, true, Ink));
    }

    private static void DrawBilingual(Canvas canvas, CertificateDocument certificate, Wording en, Wording zh)
    {
        canvas.Frame();
        var bank = Run(certificate.BankName.ToUpperInvariant(), 12, true, Navy);
        canvas.Centred(70, certificate.TranslatedBankName is { } local && local != certificate.BankName
            ? [bank, Run(Separator, 12, true, Navy), Run(local, 12, true, Navy)]
            : [bank]);
        canvas.Centred(112, Run(en.Heading, 30, true, Navy));
        canvas.Centred(142, Run(zh.Heading, 22, true, Navy));
        canvas.Rule(154);
        canvas.Centred(182, Pair(en.Certifies, zh.Certifies, 12, false, Muted));
        canvas.CentredShrinking(220, certificate.HolderName, 26, 14, true, Ink);
        canvas.CentredShrinking(242, 10, 7, size => [.. Pair(en.Employee, zh.Employee, size, false, Muted), Run($" {certificate.EmployeeNumber} · ", size, false, Muted),
            .. en.Workplace == zh.Workplace ? [Run(en.Workplace, size, false, Muted)] : Pair(en.Workplace, zh.Workplace, size, false, Muted)]);
        canvas.Centred(270, Pair(en.HasCompleted, zh.HasCompleted, 12, false, Muted));

        // The two titles and the programme line share 300-372: a long English title shrinks, then takes two lines.
        var y = canvas.Title(300, en.CourseTitle, 20, 13, Navy, maxLines: 2);
        if (!string.Equals(zh.CourseTitle, en.CourseTitle, StringComparison.Ordinal))
        {
            y = canvas.Title(y + 24, zh.CourseTitle, 18, 13, Navy, maxLines: 1);
        }

        canvas.Centred(Math.Min(y + 21, 382), Pair(en.Programme, zh.Programme, 10, false, Muted));

        canvas.Field(80, 404, [en.Issued, zh.Issued], [en.IssuedOn, zh.IssuedOn]);
        canvas.Field(260, 404, [en.ValidUntil, zh.ValidUntil], [en.ExpiresOn, zh.ExpiresOn]);
        canvas.Field(440, 404, [en.Serial, zh.Serial], [certificate.Serial]);

        canvas.Signature(492, [en.Signatory, zh.Signatory]);
        canvas.QrCode(certificate.VerificationUrl, 384, 100, [en.ScanToVerify, zh.ScanToVerify]);
        canvas.Centred(544, [.. Pair(en.VerifyAt, zh.VerifyAt, 8, false, Muted), Run("  " + certificate.VerificationPage + "   ", 8, false, Ink),
            .. Pair(en.WithCode, zh.WithCode, 8, false, Muted), Run("  " + CertificateRules.PrintedCode(certificate.VerificationCode), 8, true, Ink)]);
    }

    private static Segment Run(string text, double size, bool bold, XColor color) => new(text, size, bold, color);

    private static Segment[] Pair(string english, string chinese, double size, bool bold, XColor color) =>
        [Run(english, size, bold, color), Run(Separator, size, bold, color), Run(chinese, size, bold, color)];

    private static XFont Font(string family, double size, bool bold) =>
        new(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    /// <summary>A piece of a line in one font: lines mixing English and Chinese are several segments.</summary>
    private sealed record Segment(string Text, double Size, bool Bold, XColor Color);

    /// <summary>What the certificate says in one language.</summary>
    private sealed record Wording(
        string DocumentTitle, string Heading, string Certifies, string Employee, string HasCompleted, string CourseTitle,
        string Programme, string Issued, string IssuedOn, string ValidUntil, string ExpiresOn, string Serial,
        string Signatory, string ScanToVerify, string VerifyAt, string WithCode, string Workplace)
    {
        public static Wording In(string language, string courseTitle, CertificateDocument certificate, IStringLocalizer text, DateDisplay dates)
        {
            // The localizer answers in the current UI culture: read every string inside the switch, with no await.
            using (CultureSwitch.Use(language))
            {
                return new Wording(
                    text["Certificate.Pdf.DocumentTitle", courseTitle],
                    text["Certificate.Pdf.Heading"],
                    text["Certificate.Pdf.Certifies"],
                    text["Certificate.Pdf.Employee"],
                    text["Certificate.Pdf.HasCompleted"],
                    courseTitle,
                    text["Certificate.Pdf.Programme"],
                    text["Certificate.Pdf.Issued"],
                    dates.LongDate(certificate.IssuedOn, language),
                    text["Certificate.Pdf.ValidUntil"],
                    certificate.ExpiresOn is { } expires ? dates.LongDate(expires, language) : text["Certificate.Pdf.DoesNotExpire"],
                    text["Certificate.Pdf.Serial"],
                    text["Certificate.Pdf.Signatory"],
                    text["Certificate.Pdf.ScanToVerify"],
                    text["Certificate.Pdf.VerifyAt"],
                    text["Certificate.Pdf.WithCode"],
                    certificate.BranchName == HeadOffice.Name ? text["HeadOffice"] : certificate.BranchName); // stored in English, as the holder's place
            }
        }
    }

    private sealed class Canvas(XGraphics gfx, double width)
    {
        private double MaxWidth => width - 2 * Margin;

        public void Frame()
        {
            var height = gfx.PageSize.Height;
            gfx.DrawRectangle(new XPen(Navy, 6), 24, 24, width - 48, height - 48);
            gfx.DrawRectangle(new XPen(Gold, 1.5), 36, 36, width - 72, height - 72);
        }

        public void Rule(double y) => gfx.DrawLine(new XPen(Gold, 1.2), width / 2 - 120, y, width / 2 + 120, y);

        /// <summary>One line of segments, centred on the page, each segment in the font that has its glyphs.</summary>
        public void Centred(double baseline, params Segment[] segments)
        {
            var total = segments.Sum(Width);
            var x = (width - total) / 2;
            foreach (var segment in segments)
            {
                x += Draw(segment, x, baseline);
            }
        }

        /// <summary>One line that shrinks (down to <paramref name="minSize"/>) until it fits between the margins.</summary>
        public void CentredShrinking(double baseline, string text, double size, double minSize, bool bold, XColor color) =>
            CentredShrinking(baseline, size, minSize, s => [Run(text, s, bold, color)]);

        /// <summary>
        /// One line of segments drawn at one size, shrinking (down to <paramref name="minSize"/>) until it fits between the
        /// margins; a line still too long there (a 200-character name) goes on shrinking rather than run off the page.
        /// </summary>
        public void CentredShrinking(double baseline, double size, double minSize, Func<double, Segment[]> at)
        {
            while (size > minSize && at(size).Sum(Width) > MaxWidth)
            {
                size -= 0.5;
            }

            var segments = at(size);
            var width = segments.Sum(Width);
            Centred(baseline, width > MaxWidth ? at(size * MaxWidth / width) : segments);
        }

        /// <summary>
        /// A course title: one line at up to <paramref name="size"/>; when that would need shrinking by more than a fifth,
        /// it wraps onto up to <paramref name="maxLines"/> lines, shrinking further only if it must. Returns the last baseline.
        /// </summary>
        public double Title(double baseline, string text, double size, double minSize, XColor color, int maxLines)
        {
            var lines = Fit(text, size, minSize, maxLines, out var fitted);
            for (var i = 0; i < lines.Count; i++)
            {
                Centred(baseline + i * fitted * 1.2, Run(lines[i], fitted, true, color));
            }

            return baseline + (lines.Count - 1) * fitted * 1.2;
        }

        /// <summary>A label over its value at one of the columns along the bottom; each may be in both languages.</summary>
        public void Field(double x, double top, IReadOnlyList<string> labels, IReadOnlyList<string> values)
        {
            var y = top;
            foreach (var label in labels)
            {
                Draw(Run(label, 9, false, Muted), x, y);
                y += 12;
            }

            y += 8;
            for (var i = 0; i < values.Count; i++)
            {
                // A column is 170pt wide: a value that would run into the next one is set smaller.
                Draw(Run(values[i], ShrunkSize(values[i], i == 0 ? 13 : 12, 170), true, Ink), x, y);
                y += 18;
            }
        }

        public void Signature(double lineY, IReadOnlyList<string> captions)
        {
            gfx.DrawLine(new XPen(Ink, 0.6), Margin, lineY, Margin + 220, lineY);
            var y = lineY + 14;
            foreach (var caption in captions)
            {
                Draw(Run(caption, 9, false, Muted), Margin, y);
                y += 12;
            }
        }

        public void QrCode(string url, double top, double size, IReadOnlyList<string> captions)
        {
            var left = width - Margin - size;
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
            var modules = data.ModuleMatrix;
            var cell = size / modules.Count;
            var brush = new XSolidBrush(XColors.Black);
            for (var row = 0; row < modules.Count; row++)
            {
                var column = 0;
                while (column < modules[row].Count)
                {
                    if (!modules[row][column])
                    {
                        column++;
                        continue;
                    }

                    // One vector rectangle per run of dark modules keeps the page small; the slight overlap
                    // stops hairline gaps showing between rows.
                    var start = column;
                    while (column < modules[row].Count && modules[row][column])
                    {
                        column++;
                    }

                    gfx.DrawRectangle(brush, left + start * cell, top + row * cell, (column - start) * cell + 0.05, cell + 0.05);
                }
            }

            var y = top + size + 14;
            foreach (var caption in captions)
            {
                Draw(Run(caption, 8, false, Muted), left, y);
                y += 11;
            }
        }

        private List<string> Fit(string text, double size, double minSize, int maxLines, out double fitted)
        {
            // Prefer one line, shrunk by at most a fifth.
            for (var s = size; s >= Math.Max(minSize, size * 0.8); s -= 0.5)
            {
                if (Width(Run(text, s, true, Ink)) <= MaxWidth)
                {
                    fitted = s;
                    return [text];
                }
            }

            for (var s = size; s >= minSize; s -= 0.5)
            {
                var lines = Wrap(text, s);
                if (lines.Count <= maxLines)
                {
                    fitted = s;
                    return lines;
                }
            }

            fitted = minSize;
            return Wrap(text, minSize);
        }

        private static string[] TextElements(string text)
        {
            var elements = new List<string>();
            var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
            while (enumerator.MoveNext())
            {
                elements.Add(enumerator.GetTextElement());
            }

            return [.. elements];
        }

        /// <summary>Breaks at spaces; text without spaces (Chinese) breaks between any two characters.</summary>
        private List<string> Wrap(string text, double size)
        {
            // Between characters as a reader sees them: never between the two halves of one outside the BMP (a rare name's).
            var words = text.Contains(' ') ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : TextElements(text);
            var joiner = text.Contains(' ') ? " " : "";
            var lines = new List<string>();
            var current = "";
            foreach (var word in words)
            {
                var candidate = current.Length == 0 ? word : current + joiner + word;
                if (current.Length > 0 && Width(Run(candidate, size, true, Ink)) > MaxWidth)
                {
                    lines.Add(current);
                    current = word;
                }
                else
                {
                    current = candidate;
                }
            }

            if (current.Length > 0)
            {
                lines.Add(current);
            }

            return lines;
        }

        private double ShrunkSize(string text, double size, double maxWidth)
        {
            while (size > 8 && Width(Run(text, size, true, Ink)) > maxWidth)
            {
                size -= 0.5;
            }

            return size;
        }

        private double Width(Segment segment) =>
            PortalFontResolver.Runs(segment.Text).Sum(run => gfx.MeasureString(run.Text, Font(run.Family, segment.Size, segment.Bold)).Width);

        /// <summary>Draws the segment from <paramref name="x"/>, piece by piece in the fonts that have its glyphs; returns its width.</summary>
        private double Draw(Segment segment, double x, double baseline)
        {
            var start = x;
            foreach (var (text, family) in PortalFontResolver.Runs(segment.Text))
            {
                var font = Font(family, segment.Size, segment.Bold);
                gfx.DrawString(text, font, new XSolidBrush(segment.Color), x, baseline);
                x += gfx.MeasureString(text, font).Width;
            }

            return x - start;
        }
    }
}
