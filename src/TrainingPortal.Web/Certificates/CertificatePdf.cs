using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using TrainingPortal.Core.Certificates;

namespace TrainingPortal.Web.Certificates;

/// <summary>Draws a certificate as one A4 landscape page with PDFsharp; fonts are embedded as subsets.</summary>
public static class CertificatePdf
{
    private static readonly XColor Navy = XColor.FromArgb(0x12, 0x35, 0x5b);
    private static readonly XColor Gold = XColor.FromArgb(0xb8, 0x8a, 0x1e);
    private static readonly XColor Ink = XColor.FromArgb(0x1d, 0x27, 0x33);
    private static readonly XColor Muted = XColor.FromArgb(0x4a, 0x58, 0x68);

    public static byte[] Render(CertificateDocument certificate)
    {
        PortalFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = $"Certificate of completion: {certificate.CourseTitle}";
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
            Draw(gfx, page.Width.Point, page.Height.Point, certificate);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void Draw(XGraphics gfx, double width, double height, CertificateDocument certificate)
    {
        gfx.DrawRectangle(new XPen(Navy, 6), 24, 24, width - 48, height - 48);
        gfx.DrawRectangle(new XPen(Gold, 1.5), 36, 36, width - 72, height - 72);

        Centred(gfx, certificate.BankName.ToUpperInvariant(), 13, bold: true, Navy, width, 78);
        Centred(gfx, "Certificate of completion", 34, bold: true, Navy, width, 128);
        gfx.DrawLine(new XPen(Gold, 1.2), width / 2 - 120, 146, width / 2 + 120, 146);
        Centred(gfx, "This certifies that", 13, bold: false, Muted, width, 188);
        Centred(gfx, certificate.HolderName, 28, bold: true, Ink, width, 228);
        Centred(gfx, $"Employee {certificate.EmployeeNumber} · {certificate.BranchName}", 11, bold: false, Muted, width, 252);
        Centred(gfx, "has completed the course", 13, bold: false, Muted, width, 290);
        Centred(gfx, certificate.CourseTitle, 21, bold: true, Navy, width, 324);
        Centred(gfx, "of the customer-first programme", 11, bold: false, Muted, width, 346);

        var issued = certificate.IssuedOn.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var expires = certificate.ExpiresOn?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "does not expire";
        Text(gfx, "Issued", 9, bold: false, Muted, 80, 430);
        Text(gfx, issued, 13, bold: true, Ink, 80, 448);
        Text(gfx, "Valid until", 9, bold: false, Muted, 260, 430);
        Text(gfx, expires, 13, bold: true, Ink, 260, 448);
        Text(gfx, "Serial", 9, bold: false, Muted, 440, 430);
        Text(gfx, certificate.Serial, 13, bold: true, Ink, 440, 448);

        gfx.DrawLine(new XPen(Ink, 0.6), 80, 500, 300, 500);
        Text(gfx, "Head of Learning and Development", 9, bold: false, Muted, 80, 514);

        const double qrSize = 104;
        var qrLeft = width - 80 - qrSize;
        DrawQrCode(gfx, certificate.VerificationUrl, qrLeft, 398, qrSize);
        Text(gfx, "Scan to verify", 8, bold: false, Muted, qrLeft, 516);
    }

    private static void DrawQrCode(XGraphics gfx, string url, double left, double top, double size)
    {
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
    }

    private static void Centred(XGraphics gfx, string text, double size, bool bold, XColor color, double pageWidth, double baseline)
    {
        var font = Font(text, size, bold);
        var measured = gfx.MeasureString(text, font);
        gfx.DrawString(text, font, new XSolidBrush(color), (pageWidth - measured.Width) / 2, baseline);
    }

    private static void Text(XGraphics gfx, string text, double size, bool bold, XColor color, double x, double baseline) =>
        gfx.DrawString(text, Font(text, size, bold), new XSolidBrush(color), x, baseline);

    private static XFont Font(string text, double size, bool bold) =>
        new(PortalFontResolver.FamilyFor(text), size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular,
            new XPdfFontOptions(PdfFontEncoding.Unicode));
}
