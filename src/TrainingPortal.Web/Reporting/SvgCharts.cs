using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// Small, accessible charts drawn on the server as SVG: a title and a description that states every
/// value (the text alternative), labelled axes, and no script. Colours come from attributes, not inline
/// styles, so the page's Content-Security-Policy holds. Titles, axis labels and the description are in the
/// reader's language: the caller passes them localised, and the words the chart adds come from <c>Chart.*</c>.
/// </summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 280;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 40;
    private const int Bottom = 56;
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All); // Chinese stays readable in the source

    public static IHtmlContent Bars(IStringLocalizer text, string id, string title, string xLabel, string yLabel, IReadOnlyList<(string Label, double? Value)> bars, double max, string unit)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var noData = text["Chart.NoData"].Value;
        var description = Describe(text, title, bars.Select(b => (b.Label, b.Value is { } v ? Format(v) + unit : noData)));
        var svg = Start(id, title, description);
        Axes(svg, xLabel, yLabel, max, unit);
        var slot = plotWidth / (double)Math.Max(1, bars.Count);
        var barWidth = Math.Min(64, slot * 0.6);
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var x = Left + slot * i + (slot - barWidth) / 2;
            var h = value is { } v && max > 0 ? plotHeight * Math.Min(v, max) / max : 0;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Top + plotHeight - h:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" fill=\"#12355b\"><title>{Encode(Point(text, label, value is { } t ? Format(t) + unit : noData))}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + barWidth / 2:0.#}\" y=\"{Top + plotHeight - h - 6:0.#}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1d2733\">{(value is { } w ? Format(w) + unit : "–")}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + barWidth / 2:0.#}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1d2733\">{Encode(Shorten(label))}</text>");
        }

        return End(svg);
    }

    public static IHtmlContent Line(IStringLocalizer text, string id, string title, string xLabel, string yLabel, IReadOnlyList<(string Label, double Value)> points)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var max = NiceMax(points.Count == 0 ? 0 : points.Max(p => p.Value));
        var description = Describe(text, title, points.Select(p => (p.Label, Format(p.Value))));
        var svg = Start(id, title, description);
        Axes(svg, xLabel, yLabel, max, "");
        var step = points.Count > 1 ? plotWidth / (double)(points.Count - 1) : 0;
        var coordinates = points.Select((p, i) => (X: Left + step * i, Y: Top + plotHeight - (max > 0 ? plotHeight * p.Value / max : 0))).ToList();
        svg.Append("<polyline fill=\"none\" stroke=\"#0b6e6e\" stroke-width=\"2.5\" points=\"")
            .AppendJoin(' ', coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.X:0.#},{c.Y:0.#}")))
            .Append("\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = coordinates[i];
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3.5\" fill=\"#0b6e6e\"><title>{Encode(Point(text, points[i].Label, Format(points[i].Value)))}</title></circle>");
            // Every other label, counted back from the latest so that it is always named; the outermost two are
            // anchored inwards so that neither runs past the edge of the chart.
            if ((points.Count - 1 - i) % 2 == 0)
            {
                var anchor = i == 0 ? "start" : i == points.Count - 1 ? "end" : "middle";
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"#1d2733\">{Encode(points[i].Label)}</text>");
            }
        }

        return End(svg);
    }

    /// <summary>The text alternative: the title, then every label with its value.</summary>
    private static string Describe(IStringLocalizer text, string title, IEnumerable<(string Label, string Value)> points) =>
        text["Chart.Description", title, string.Join(text["Chart.PointSeparator"].Value, points.Select(p => Point(text, p.Label, p.Value)))];

    private static string Point(IStringLocalizer text, string label, string value) => text["Chart.Point", label, value];

    private static StringBuilder Start(string id, string title, string description) =>
        new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" id=\"{id}\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Encode(title)}</title><desc id=\"{id}-desc\">{Encode(description)}</desc>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#12355b\">{Encode(title)}</text>");

    private static void Axes(StringBuilder svg, string xLabel, string yLabel, double max, string unit)
    {
        var plotHeight = Height - Top - Bottom;
        for (var i = 0; i <= 4; i++)
        {
            var y = Top + plotHeight - plotHeight * i / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#dfe5ec\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5868\">{Format(max * i / 4)}{unit}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\" stroke=\"#4a5868\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" stroke=\"#4a5868\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#4a5868\">{Encode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"14\" y=\"{Top + plotHeight / 2}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#4a5868\" transform=\"rotate(-90 14 {Top + plotHeight / 2})\">{Encode(yLabel)}</text>");
    }

    private static HtmlString End(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static double NiceMax(double value) => value <= 4 ? 4 : Math.Ceiling(value / 4) * 4;

    private static string Format(double value) => value.ToString(value % 1 == 0 ? "0" : "0.#", CultureInfo.InvariantCulture);

    private static string Shorten(string label) => label.Length > 18 ? label[..17] + "…" : label;

    private static string Encode(string text) => Encoder.Encode(text);
}
