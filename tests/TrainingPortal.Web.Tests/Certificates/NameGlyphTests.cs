using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Languages;
using TrainingPortal.Tests;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Tests.Localization;

namespace TrainingPortal.Web.Tests.Certificates;

/// <summary>
/// Names written with characters outside the common sets (Hong Kong's supplementary characters, CJK Extensions A, B
/// and E) print on the certificate in NameGlyphs, where Micro Hei has no glyph for them.
/// </summary>
public class NameGlyphTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>㗎 (HKSCS, Extension A), 𡃁 (HKSCS, Extension B), 𬌗 (the mainland's general standard table, Extension E).</summary>
    private const string RareName = "陳㗎𡃁𬌗 Chan";

    [Fact]
    public void A_name_is_cut_into_runs_where_its_characters_need_another_font()
    {
        Assert.Equal(
            [("陳", PortalFontResolver.Cjk), ("㗎𡃁𬌗", PortalFontResolver.Names), (" Chan", PortalFontResolver.Cjk)],
            PortalFontResolver.Runs(RareName).ToList());
        Assert.Equal([("Chan Tai Man", PortalFontResolver.Latin)], PortalFontResolver.Runs("Chan Tai Man").ToList());
        Assert.Equal([("陳大文 Chan", PortalFontResolver.Cjk)], PortalFontResolver.Runs("陳大文 Chan").ToList());
        Assert.Empty(PortalFontResolver.Runs(""));
    }

    [Fact]
    public void Name_glyphs_has_a_glyph_for_every_character_it_lists_and_micro_hei_for_none_of_them()
    {
        var listed = ListedCodePoints();
        Assert.True(listed.Count > 2_000, $"{listed.Count} characters listed");
        var inNameGlyphs = GlyphIndices(listed, PortalFontResolver.Names);
        var inMicroHei = GlyphIndices(listed, PortalFontResolver.Cjk);

        Assert.Equal(listed, inNameGlyphs.Keys.Order().ToList());
        Assert.Empty(inNameGlyphs.Where(g => g.Value == 0).Select(g => $"U+{g.Key:X}"));
        Assert.Empty(inMicroHei.Where(g => g.Value != 0).Select(g => $"U+{g.Key:X}"));
    }

    [Fact]
    public void A_hong_kong_holder_with_rare_characters_in_their_name_gets_them_printed_in_name_glyphs()
    {
        var document = new CertificateDocument("Harbourline Bank", "TP-2026-000996", RareName, "E000996", "Kowloon Bay", "Customers first",
            new DateOnly(2026, 12, 2), new DateOnly(2027, 12, 2), "https://portal.bank.example/verify", "ABCDEFGHJKLMNPQRSTUV")
        {
            Language = PortalLanguages.Traditional,
        };
        var text = factory.Services.GetRequiredService<IStringLocalizer<TrainingPortal.Web.Shared>>();

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(CertificatePdf.Render(document, text, factory.Services.GetRequiredService<DateDisplay>()));

        var letters = Assert.Single(pdf.GetPages()).Letters;
        Assert.Contains("陳㗎𡃁𬌗", string.Concat(letters.Select(l => l.Value)));
        foreach (var rare in new[] { "㗎", "𡃁", "𬌗" })
        {
            var printed = letters.Where(l => l.Value == rare).ToList();
            Assert.NotEmpty(printed);
            Assert.All(printed, l => Assert.EndsWith("+" + PortalFontResolver.Names, l.FontName));
        }

        Assert.All(letters.Where(l => l.Value == "陳"), l => Assert.EndsWith("+" + PortalFontResolver.Cjk, l.FontName));
    }

    private static List<int> ListedCodePoints()
    {
        var path = Path.Combine(ResourceFilesTests.RepositoryRoot(), "src", "TrainingPortal.Web", "Certificates", "Fonts", "NameGlyphs.txt");
        var points = new List<int>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var bounds = line.Split('-').Select(b => int.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            points.AddRange(Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1));
        }

        Assert.All(points, p => Assert.True(PortalFontResolver.HasNameGlyph(p), $"U+{p:X}"));
        return points;
    }

    /// <summary>Each code point with the glyph PDFsharp finds for it in the family (0: none).</summary>
    private static Dictionary<int, int> GlyphIndices(IEnumerable<int> codePoints, string family)
    {
        PortalFontResolver.Install();
        using var document = new PdfDocument();
        var found = new Dictionary<int, int>();
        document.RenderEvents.RenderTextEvent += (_, e) =>
        {
            foreach (var pair in e.CodePointGlyphIndexPairs)
            {
                found[pair.CodePoint] = pair.GlyphIndex;
            }
        };
        using var gfx = XGraphics.FromPdfPage(document.AddPage());
        var font = new XFont(family, 10, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        foreach (var chunk in codePoints.Chunk(200))
        {
            gfx.DrawString(string.Concat(chunk.Select(char.ConvertFromUtf32)), font, XBrushes.Black, 10, 10);
        }

        return found;
    }
}
