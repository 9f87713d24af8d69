using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.CustomerFirst;

public class CustomerFirstTrendLanguageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("en-GB", @"^\d{4} Q[1-4]$")]
    [InlineData("zh-CN", @"^\d{4}年第[1-4]季度$")]
    [InlineData("zh-HK", @"^\d{4}年第[1-4]季$")]
    public async Task The_trend_names_its_quarters_in_the_readers_language(string language, string quarter)
    {
        var executive = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        executive.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var dashboard = await executive.GetPageAsync("/dashboard");

        var labels = dashboard.QuerySelectorAll("[data-testid=culture-trend] tbody th").Select(th => th.ChildNodes.First().TextContent.Trim()).ToList();
        Assert.Equal(4, labels.Count);
        Assert.All(labels, label => Assert.Matches(quarter, label));
    }
}
