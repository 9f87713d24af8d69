using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// Every page each role can reach by following the portal's own links from its landing page, opened in Chromium on a
/// 390×844 phone screen: none may scroll sideways (a wide table scrolls inside its own box), each page's heading and
/// main action are on the first screen, and no page logs an error to the console (a refused inline style, a failed script, a missing file).
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class EveryPageTests(BrowserFixture browser)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;
    private const int MaxPagesPerRole = 60;

    /// <summary>Whose run reads every lesson and quiz page; they are the same pages for every role, so the others stop at the course list.</summary>
    private const string Learner = "employee@demo.bank";

    [Theory]
    [InlineData(null)]
    [InlineData("employee@demo.bank")]
    [InlineData("manager@demo.bank")]
    [InlineData("hr@demo.bank")]
    [InlineData("exec@demo.bank")]
    [InlineData("admin@demo.bank")]
    public async Task Every_page_fits_a_phone_and_logs_no_console_error(string? email)
    {
        var page = email is null ? await browser.NewPageAsync() : await browser.SignedInPageAsync(email);
        await page.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add($"{page.Url}: {message.Text}"); } };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");

        var start = email is null ? "/Identity/Account/Login" : "/home";
        var queue = new Queue<string>([start, "/verify"]);
        var seen = new HashSet<string>(queue.Select(Shape));
        var problems = new List<string>();
        var visited = 0;
        while (queue.TryDequeue(out var url) && visited < MaxPagesPerRole)
        {
            var response = await page.GotoAsync(url);
            if (response is null || !(response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)))
            {
                continue;
            }

            visited++;
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            var headingTop = await page.EvaluateAsync<double>("() => document.querySelector('main h1')?.getBoundingClientRect().top ?? 0");
            if (scrollWidth > PhoneWidth)
            {
                var wide = await page.EvaluateAsync<string>(WidestElementScript, PhoneWidth);
                problems.Add($"{page.Url}: {scrollWidth} px wide ({wide})");
            }

            if (headingTop > PhoneHeight)
            {
                problems.Add($"{page.Url}: the heading starts {headingTop:0} px down, below the first screen");
            }

            // A page's main action (marked data-main-action) is on the first screen, not scrolled off below or aside.
            var action = await page.EvaluateAsync<double[]?>("() => { const box = document.querySelector('[data-main-action]')?.getBoundingClientRect(); return box ? [box.top, box.right] : null; }");
            if (action is [var top, var right] && (top > PhoneHeight || right > PhoneWidth))
            {
                problems.Add($"{page.Url}: the main action is at {top:0} px down, {right:0} px across, off the first screen");
            }

            foreach (var href in await page.Locator("a[href^='/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            {
                if (Followable(href) && (email == Learner || !IsLearningPage(href)) && seen.Add(Shape(href)))
                {
                    queue.Enqueue(href);
                }
            }
        }

        Assert.True(visited >= (email is null ? 2 : 8), $"only {visited} pages reached");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Distinct()));
    }

    /// <summary>Pages, not downloads or actions: no PDFs, exports, course images, sign-out or language switches.</summary>
    private static bool Followable(string href) =>
        !href.Contains("format=", StringComparison.Ordinal) && !href.EndsWith("/pdf", StringComparison.Ordinal) && !href.Contains("/assets/", StringComparison.Ordinal)
        && !href.Contains("Logout", StringComparison.OrdinalIgnoreCase) && !href.StartsWith("/culture", StringComparison.OrdinalIgnoreCase) && !href.StartsWith("//", StringComparison.Ordinal);

    private static bool IsLearningPage(string href) => href.StartsWith("/courses/", StringComparison.Ordinal) || href.StartsWith("/glossary", StringComparison.Ordinal);

    /// <summary>One page per kind: ids, codes and the query string do not make a new page to check.</summary>
    private static string Shape(string href) => Ids().Replace(href.Split('?', '#')[0], "{id}");

    [GeneratedRegex(@"(?<=/)([0-9a-f]{8}-[0-9a-f-]{27}|\d+|[A-Z]{2}\d{3,}|TP-\d{4}-\d+|[A-HJ-NP-Z2-9]{20})(?=/|$)")]
    private static partial Regex Ids();

    /// <summary>The outermost element that sticks out past the screen's right edge, for the failure message.</summary>
    private const string WidestElementScript = """
        width => {
            const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1);
            const outermost = wide.filter(e => !wide.includes(e.parentElement));
            return outermost.slice(0, 3).map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} right ${Math.round(e.getBoundingClientRect().right)}`).join(', ');
        }
        """;
}
