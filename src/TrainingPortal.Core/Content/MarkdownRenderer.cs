using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using System.Text.RegularExpressions;

namespace TrainingPortal.Core.Content;

/// <summary>
/// The one Markdig pipeline of the portal. Raw HTML is escaped, never passed through, so content
/// cannot inject script; relative links are rewritten to the course's asset route and checked.
/// </summary>
public static partial class MarkdownRenderer
{
    public static readonly IReadOnlySet<string> AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" };

    private static readonly char[] ControlOrSpace = Enumerable.Range(0, 33).Select(c => (char)c).ToArray();


    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseCustomContainers()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UseListExtras()
        .DisableHtml()
        .Build();

    /// <param name="markdown">The Markdown text.</param>
    /// <param name="firstLine">The file line of the text's first line, for problem reports.</param>
    /// <param name="assets">How to resolve relative links, or null where none are allowed.</param>
    /// <param name="language">The language of the text, for the labels of call-out blocks.</param>
    public static string Render(string markdown, int firstLine, string file, AssetResolver? assets, List<ContentProblem> problems, string language = ContentVocabulary.English)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case CustomContainer container:
                    DecorateCallout(container, firstLine, file, problems, language);
                    break;
                case LinkInline link:
                    link.Url = CheckLink(link, firstLine, file, assets, problems);
                    break;
                case AutolinkInline autolink when !autolink.IsEmail:
                    if (RefusedScheme(autolink.Url, "link", firstLine + autolink.Line, file, problems))
                    {
                        autolink.Url = "#";
                    }

                    break;
            }
        }

        // Links open in the same tab; external ones must not leak the referrer of an intranet page.
        foreach (var link in document.Descendants<LinkInline>().Where(l => !l.IsImage && IsExternal(l.Url)))
        {
            link.GetAttributes().AddProperty("rel", "noopener noreferrer");
        }

        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();

        // A table wider than a phone scrolls inside its own box rather than widening the page. Raw HTML is disabled,
        // so every <table> here is one Markdig wrote.
        return writer.ToString()
            .Replace("<table>", "<div class=\"table-responsive\"><table>", StringComparison.Ordinal)
            .Replace("</table>", "</table></div>", StringComparison.Ordinal);
    }

    /// <summary>Renders a one-paragraph snippet (an option text) without the surrounding paragraph.</summary>
    public static string RenderInline(string markdown, int firstLine, string file, List<ContentProblem> problems, string language = ContentVocabulary.English)
    {
        var html = Render(markdown, firstLine, file, null, problems, language).Trim();
        if (html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal)
            && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0)
        {
            return html[3..^4];
        }

        return html;
    }

    /// <summary>Words for alphabetic text; every Chinese character counts as one, since Chinese has no spaces between words.</summary>
    public static int CountWords(string markdown) =>
        markdown.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Sum(token => token.Count(IsHan) + (token.Any(c => char.IsLetterOrDigit(c) && !IsHan(c)) ? 1 : 0));

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    private static void DecorateCallout(CustomContainer container, int firstLine, string file, List<ContentProblem> problems, string language)
    {
        var kind = (container.Info ?? string.Empty).Trim().ToLowerInvariant();
        if (ContentVocabulary.CalloutLabel(kind, language) is not { } label)
        {
            problems.Add(new ContentProblem(file, firstLine + container.Line,
                $"unknown call-out '::: {kind}'; use one of: {string.Join(", ", ContentVocabulary.CalloutKinds)}"));
            return;
        }

        var attributes = container.GetAttributes();
        attributes.Classes?.Clear();
        attributes.AddClass("callout");
        attributes.AddClass("callout-" + kind);
        attributes.AddProperty("role", "note");
        attributes.AddProperty("aria-label", label);
        attributes.AddProperty("data-label", label);

        if (ContentVocabulary.LawCallouts.Contains(kind))
        {
            var text = string.Concat(container.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
            if (LegalFigure().Match(text) is { Success: true } figure)
            {
                problems.Add(new ContentProblem(file, firstLine + container.Line,
                    $"'::: {kind}' states the figure '{figure.Value.Trim()}' as fact; put thresholds, deadlines and amounts in an '::: {ContentVocabulary.Illustration}' block beside it"));
            }
        }
    }

    /// <summary>A number of days, months or years, a percentage or an amount of money, in English or Chinese.</summary>
    [GeneratedRegex(@"\d[\d,.]*\s*(%|per ?cent|(working |business |calendar )?(days?|months?|years?|hours?)\b|个?工作日|個?工作天|天|日内|日內|个月|個月|年内|年內|小时|小時|元|万|萬)|(HK\$|RMB|US\$|USD|HKD|CNY|¥|港元|港幣|人民币|人民幣)\s*\d", RegexOptions.IgnoreCase)]
    private static partial Regex LegalFigure();

    private static string? CheckLink(LinkInline link, int firstLine, string file, AssetResolver? assets, List<ContentProblem> problems)
    {
        var url = link.Url ?? string.Empty;
        var line = firstLine + link.Line;
        if (url.Length == 0 || url.StartsWith('#'))
        {
            return url;
        }

        var kind = link.IsImage ? "image" : "link";
        if (SchemeOf(url) is not null)
        {
            return RefusedScheme(url, kind, line, file, problems) ? "#" : url;
        }

        if (IsOtherHost(url))
        {
            problems.Add(new ContentProblem(file, line, $"{kind} '{url}' leaves out the scheme; write it in full with https://"));
            return "#";
        }

        if (url.StartsWith('/'))
        {
            return url; // a page of the portal itself
        }

        if (assets is null)
        {
            problems.Add(new ContentProblem(file, line, $"relative link '{url}' is not allowed here"));
            return "#";
        }

        var (resolved, error) = assets.Resolve(url);
        if (error is not null)
        {
            problems.Add(new ContentProblem(file, line, $"{kind} '{url}' {error}"));
            return "#";
        }

        return resolved;
    }

    /// <summary>Reports and returns true when the URL has a scheme other than http, https and mailto.</summary>
    private static bool RefusedScheme(string url, string kind, int line, string file, List<ContentProblem> problems)
    {
        var scheme = SchemeOf(url);
        if (scheme is null || AllowedSchemes.Contains(scheme))
        {
            return false;
        }

        problems.Add(new ContentProblem(file, line, $"{kind} '{url}' uses the scheme '{scheme.ToLowerInvariant()}'; only http, https and mailto are allowed"));
        return true;
    }

    /// <summary>
    /// The scheme as a browser reads it: after dropping the tabs and line breaks it ignores inside a URL and the
    /// spaces and control characters it trims, so "java&amp;#9;script:" is still javascript. Null for a relative URL.
    /// </summary>
    private static string? SchemeOf(string url)
    {
        var cleaned = string.Concat(url.Where(c => c is not ('\t' or '\n' or '\r'))).TrimStart(ControlOrSpace);
        var match = SchemePattern().Match(cleaned);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>"//host/path" and "/\\host" go to another site with the page's scheme, though they look relative.</summary>
    private static bool IsOtherHost(string url)
    {
        var cleaned = url.TrimStart(ControlOrSpace);
        return cleaned.Length >= 2 && cleaned[0] is ('/' or '\\') && cleaned[1] is ('/' or '\\');
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex SchemePattern();

    private static bool IsExternal(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Turns a link relative to a course folder into the URL the portal serves it from.</summary>
public sealed class AssetResolver(string courseFolder, string courseSlug)
{
    public const string RouteSegment = "assets";

    public static readonly IReadOnlySet<string> ServedExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf" };

    public (string? Url, string? Error) Resolve(string relative)
    {
        var pathPart = relative.Split('#', '?')[0];
        var fullPath = Path.GetFullPath(Path.Combine(courseFolder, pathPart));
        var root = Path.GetFullPath(courseFolder) + Path.DirectorySeparatorChar;
        if (!fullPath.StartsWith(root, StringComparison.Ordinal))
        {
            return (null, "points outside the course folder");
        }

        if (!File.Exists(fullPath))
        {
            return (null, "does not exist in the course folder");
        }

        if (!ServedExtensions.Contains(Path.GetExtension(fullPath)))
        {
            return (null, $"is not a kind of file the portal serves ({string.Join(", ", ServedExtensions)})");
        }

        var servedPath = string.Join('/', Path.GetRelativePath(courseFolder, fullPath)
            .Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
        return ($"/courses/{courseSlug}/{RouteSegment}/{servedPath}", null);
    }

    /// <summary>The file for a request path, or null when it is not a file inside the course folder.</summary>
    public static string? FindFile(string courseFolder, string requestPath)
    {
        if (string.IsNullOrEmpty(requestPath) || requestPath.Contains("..", StringComparison.Ordinal) || requestPath.Contains('\\'))
        {
            return null;
        }

        var root = Path.GetFullPath(courseFolder) + Path.DirectorySeparatorChar;
        var fullPath = Path.GetFullPath(Path.Combine(root, requestPath));
        if (!fullPath.StartsWith(root, StringComparison.Ordinal) || !File.Exists(fullPath))
        {
            return null;
        }

        // An allowlist, not a denylist: lesson sources, the quiz pool (with its answer key) and any stray
        // backup of them (quiz.yml.bak, quiz.yml~) are never served.
        return ServedExtensions.Contains(Path.GetExtension(fullPath)) ? fullPath : null;
    }
}
