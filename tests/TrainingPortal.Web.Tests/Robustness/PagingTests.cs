using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>
/// Razor Pages keeps a "page" route value for the page's own name, and model binding finds it before the query string:
/// a page number sent as "page" was silently read as page 1. Every paged list reads its number from "p".
/// </summary>
public class PagingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_accounts_list_shows_the_page_its_link_names()
    {
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        var first = await admin.GetPageAsync("/admin/users");
        var thirdHref = first.QuerySelectorAll(".pagination a").Select(a => a.GetAttribute("href")!).First(h => h.Contains("p=3", StringComparison.Ordinal));
        var third = await admin.GetPageAsync(thirdHref);

        static List<string> Numbers(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("tr[data-employee]").Select(tr => tr.GetAttribute("data-employee")!).ToList();
        Assert.NotEmpty(Numbers(third));
        Assert.Empty(Numbers(first).Intersect(Numbers(third)));
        Assert.Equal("3", PortalClient.Text(third.QuerySelector(".pagination .active")));
    }
}
