using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using TrainingPortal.Tests;
using static TrainingPortal.Web.Tests.Security.EndpointMatrixTests;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>
/// In a table, each row's buttons and links say which row they act on (WCAG 2.4.6): a screen reader tabbing through
/// twenty "End assignment" buttons, or "Revoke" beside each certificate, hears nothing that tells them apart. Two
/// controls of one table may share a name only when they do the same thing (the same link), or when the name is a
/// person's, the link to their page.
/// </summary>
public partial class RowControlNameTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [Fact]
    public async Task No_two_controls_of_a_table_share_a_name_but_act_on_different_rows()
    {
        var pages = AppEndpoints(factory.Services)
            .Where(p => Access.TryGetValue(p, out var rule) && rule != Nobody && !UntranslatedTextTests.SkippedPatterns.Contains(p))
            .Select(p => UrlFor(factory.Services, p))
            .Distinct()
            .ToList();
        // A person's name links to that person: two people of one name are told apart by the number beside them.
        var people = TestData.Query(factory.Services, db => db.Users.Select(u => u.DisplayName).Distinct().ToHashSet());
        var findings = new List<string>();
        var checkedTables = 0;
        foreach (var (who, email) in Emails)
        {
            var client = await PortalClient.SignedInAsync(factory, email, PortalClient.DemoPassword);
            foreach (var url in pages)
            {
                var response = await client.Http.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    continue;
                }

                foreach (var table in (await client.ParseAsync(response)).QuerySelectorAll("table"))
                {
                    checkedTables++;
                    var controls = table.QuerySelectorAll("tbody a[href], tbody button, tbody input, tbody select")
                        .Where(c => c.GetAttribute("type") != "hidden")
                        .Select(c => (Name: AccessibleName(c, table), Target: Target(c)))
                        .Where(c => c.Name.Length > 0 && !people.Contains(c.Name));
                    findings.AddRange(controls.GroupBy(c => c.Name).Where(g => g.Select(c => c.Target).Distinct().Count() > 1)
                        .Select(g => $"{who} {url}: {g.Count()} controls named \"{g.Key}\""));
                }
            }
        }

        Assert.True(checkedTables > 20, $"only {checkedTables} tables were checked");
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings.Distinct()));
    }

    /// <summary>The name a screen reader gives: aria-label, else a field's label, else the text inside, hidden text included.</summary>
    private static string AccessibleName(IElement control, IElement table)
    {
        if (control.GetAttribute("aria-label") is { Length: > 0 } label)
        {
            return Space().Replace(label, " ").Trim();
        }

        if (control.LocalName is "input" or "select" && control.Id is { Length: > 0 } id)
        {
            return table.QuerySelector($"label[for='{id}']") is { } forIt ? Space().Replace(forIt.TextContent, " ").Trim() : "";
        }

        return Space().Replace(control.TextContent, " ").Trim();
    }

    /// <summary>What the control acts on: a link's address, or its form's action and fields.</summary>
    private static string Target(IElement control)
    {
        if (control.LocalName == "a")
        {
            return control.GetAttribute("href")!;
        }

        var form = control.Closest("form");
        return form is null
            ? control.Id ?? ""
            : form.GetAttribute("action") + "?" + string.Join("&", form.QuerySelectorAll("input[type=hidden]:not([name=__RequestVerificationToken])")
                .Select(i => $"{i.GetAttribute("name")}={i.GetAttribute("value")}"));
    }
}
