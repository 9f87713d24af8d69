using System.Globalization;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Dashboard;

/// <summary>
/// A board is laid out once a minute for everyone who reads it, in whatever language the first of them reads; each
/// reader still sees the regions in the order of names in their own language.
/// </summary>
public class RegionOrderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_board_laid_out_for_a_chinese_reader_lists_its_regions_in_english_order_for_an_english_one()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            // Every top-level region gets a Chinese name, so only the order of Chinese names tells the languages apart.
            var topLevel = db.Regions.Where(r => r.ParentId == null).OrderBy(r => r.Id).ToList();
            string[] chineseNames = ["上海", "澳门", "北京", "广州", "深圳", "香港"];
            Assert.InRange(topLevel.Count, 2, chineseNames.Length);
            for (var i = 0; i < topLevel.Count; i++)
            {
                topLevel[i].Name = chineseNames[i];
            }

            db.SaveChanges();
        }

        var names = TestData.Query(factory.Services, db => db.Regions.Where(r => r.ParentId == null).Select(r => r.Name).ToList());
        List<string> InOrderOf(string culture) => names.Order(StringComparer.Create(CultureInfo.GetCultureInfo(culture), ignoreCase: false)).ToList();
        Assert.NotEqual(InOrderOf("zh-Hans"), InOrderOf("en")); // 澳门 (ào) comes before 上海 (shàng) by pinyin, after it by code point

        var chinese = await SignedInAsync("zh-CN");
        var english = await SignedInAsync("en-GB");
        var laidOutInChinese = await chinese.GetPageAsync("/dashboard");
        var keptForEnglish = await english.GetPageAsync("/dashboard");

        Assert.Equal("zh-Hans", laidOutInChinese.DocumentElement.GetAttribute("lang"));
        Assert.Equal(InOrderOf("zh-Hans"), Regions(laidOutInChinese, "regions"));
        Assert.Equal(InOrderOf("zh-Hans"), Regions(laidOutInChinese, "culture-regions"));
        Assert.Equal("en", keptForEnglish.DocumentElement.GetAttribute("lang"));
        Assert.Equal(InOrderOf("en"), Regions(keptForEnglish, "regions"));
        Assert.Equal(InOrderOf("en"), Regions(keptForEnglish, "culture-regions"));
    }

    private async Task<PortalClient> SignedInAsync(string acceptLanguage)
    {
        var client = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        client.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        return client;
    }

    private static List<string> Regions(IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"[data-testid={table}] tbody th").Select(th => PortalClient.Text(th)).ToList();
}
