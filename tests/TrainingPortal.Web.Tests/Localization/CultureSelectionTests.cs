using System.Net;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>
/// The language of a page: the person's saved choice, then the culture cookie, then the browser's Accept-Language
/// (zh-HK and zh-TW read Traditional, zh-CN Simplified), then the portal default.
/// </summary>
public class CultureSelectionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static async Task<string?> LanguageOf(PortalClient client, string url = "/Identity/Account/Login") =>
        (await client.GetPageAsync(url)).DocumentElement.GetAttribute("lang");

    private PortalClient Anonymous(string? acceptLanguage = null)
    {
        var client = new PortalClient(factory);
        if (acceptLanguage is not null)
        {
            client.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        return client;
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("zh-TW", "zh-Hant")]
    [InlineData("zh-MO", "zh-Hant")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh-SG", "zh-Hans")]
    [InlineData("fr-FR, zh-HK;q=0.8, en;q=0.5", "zh-Hant")]
    [InlineData("en-GB, zh-CN;q=0.9", "en")]
    [InlineData("de-DE", "en")]
    public async Task Accept_language_chooses_the_script_when_there_is_no_cookie(string? header, string expected)
    {
        Assert.Equal(expected, await LanguageOf(Anonymous(header)));
    }

    [Fact]
    public async Task An_employee_with_a_hong_kong_browser_reads_traditional_chinese_after_signing_in()
    {
        var client = Anonymous("zh-HK");
        await client.SignInAsync("employee@demo.bank", PortalClient.DemoPassword);

        var page = await client.GetPageAsync("/");

        Assert.Equal("zh-Hant", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("我的學習", page.QuerySelector("nav")!.TextContent);
    }

    [Fact]
    public async Task The_picker_sets_the_cookie_which_beats_accept_language_and_returns_to_the_page()
    {
        var client = Anonymous("zh-CN");
        var page = await client.GetPageAsync("/Identity/Account/Login?ReturnUrl=%2Fcourses");

        var response = await client.SubmitAsync(page, "form[data-testid=culture-picker]", new Dictionary<string, string>(), [new("culture", "zh-Hant")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Identity/Account/Login?ReturnUrl=%2Fcourses", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dzh-Hant%7Cuic%3Dzh-Hant", StringComparison.Ordinal));
        Assert.Equal("zh-Hant", await LanguageOf(client));
    }

    [Fact]
    public async Task The_picker_refuses_a_post_without_the_antiforgery_token_and_a_return_address_off_the_site()
    {
        var client = Anonymous();
        var forged = await client.Http.PostAsync("/culture", new FormUrlEncodedContent([new("culture", "zh-Hans"), new("returnUrl", "/")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var page = await client.GetPageAsync("/Identity/Account/Login");
        var response = await client.SubmitAsync(page, "form[data-testid=culture-picker]",
            new Dictionary<string, string> { ["returnUrl"] = "https://evil.example/" }, [new("culture", "zh-Hans")]);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_return_address_in_chinese_comes_back_percent_encoded_since_a_location_header_carries_ascii_only()
    {
        // Kestrel refuses a header value outside ASCII and answers 500; the test server would pass it through.
        var client = Anonymous();
        var picked = await client.Http.GetAsync("/culture?returnUrl=" + Uri.EscapeDataString("/课程?q=客戶"));
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        Assert.Equal("/%E8%AF%BE%E7%A8%8B?q=%E5%AE%A2%E6%88%B6", picked.Headers.Location!.OriginalString);

        var page = await client.GetPageAsync("/Identity/Account/Login?ReturnUrl=" + Uri.EscapeDataString("/课程"));
        var signedIn = await client.SubmitAsync(page, "main form[method=post]",
            new Dictionary<string, string> { ["Input.Email"] = "employee@demo.bank", ["Input.Password"] = PortalClient.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/%E8%AF%BE%E7%A8%8B", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_signed_in_persons_choice_is_saved_and_wins_over_cookie_and_browser_on_another_device()
    {
        var laptop = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var page = await laptop.GetPageAsync("/");
        await laptop.SubmitAsync(page, "form[data-testid=culture-picker]", new Dictionary<string, string>(), [new("culture", "zh-Hans")]);

        var saved = TestData.Query(factory.Services, db => db.Users.Where(u => u.Email == "manager@demo.bank").Select(u => u.PreferredCulture).Single());
        Assert.Equal("zh-Hans", saved);
        Assert.Contains(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "account.language-changed").Select(a => a.Summary).ToList()),
            s => s.Contains("zh-Hans", StringComparison.Ordinal));

        var phone = Anonymous("zh-HK, en;q=0.5");
        var signIn = await phone.GetPageAsync("/Identity/Account/Login");
        await phone.SubmitAsync(signIn, "form[data-testid=culture-picker]", new Dictionary<string, string>(), [new("culture", "en")]);
        Assert.Equal("en", await LanguageOf(phone));
        await phone.SignInAsync("manager@demo.bank", PortalClient.DemoPassword);
        Assert.Equal("zh-Hans", await LanguageOf(phone, "/"));
    }
}
