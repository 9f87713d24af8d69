using System.Net;
using AngleSharp.Html.Parser;
using TrainingPortal.Tests;
using static TrainingPortal.Web.Tests.Security.EndpointMatrixTests;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>
/// The Content-Security-Policy allows styles and scripts from the portal's own files only, so an inline <c>style</c>
/// attribute or an inline script is refused by the browser and logged as an error. Every page every role can open is
/// read for either.
/// </summary>
public class ContentSecurityPolicyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task No_page_of_any_role_has_an_inline_style_or_script_the_policy_would_refuse()
    {
        var clients = new Dictionary<Who, PortalClient> { [Who.Anonymous] = new PortalClient(factory) };
        foreach (var (who, email) in Emails)
        {
            clients[who] = await PortalClient.SignedInAsync(factory, email);
        }

        var parser = new HtmlParser();
        var failures = new List<string>();
        var pagesRead = 0;
        foreach (var pattern in AppEndpoints(factory.Services).Where(p => Access.TryGetValue(p, out var rule) && rule != Nobody))
        {
            var url = UrlFor(factory.Services, pattern);
            foreach (var (who, client) in clients)
            {
                var response = await client.Http.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    continue;
                }

                pagesRead++;
                var page = parser.ParseDocument(await response.Content.ReadAsStringAsync());
                failures.AddRange(page.QuerySelectorAll("[style]").Select(e => $"{who} {url}: <{e.LocalName} style=\"{e.GetAttribute("style")}\">"));
                failures.AddRange(page.QuerySelectorAll("script:not([src])").Where(s => s.TextContent.Trim().Length > 0).Select(_ => $"{who} {url}: inline <script>"));
            }
        }

        Assert.True(pagesRead > 60, $"only {pagesRead} pages read");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct()));
    }
}
