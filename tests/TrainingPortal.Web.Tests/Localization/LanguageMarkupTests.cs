using Microsoft.EntityFrameworkCore;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>
/// Text in another language than the page's carries its lang (WCAG 3.1.2), where the portal knows that language: the
/// Chinese column headers on the English import page, a person's language named in its own, the audit trail's summaries
/// (always written in English).
/// </summary>
public class LanguageMarkupTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_import_pages_chinese_headers_and_a_persons_language_are_marked_with_their_language()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var import = await hr.GetPageAsync("/hr/import");
        var header = import.QuerySelectorAll("td").Single(td => PortalClient.Text(td) == "工号");
        Assert.Equal("zh-Hans", header.GetAttribute("lang"));

        var person = await TestData.CreateLearnerAsync(factory.Services, "Lang Marked");
        TestData.Query(factory.Services, db => db.Users.Where(u => u.Id == person.Id)
            .ExecuteUpdate(s => s.SetProperty(u => u.PreferredCulture, "zh-Hant")));
        var accounts = await hr.GetPageAsync($"/admin/users?q={person.EmployeeNumber}");
        var language = accounts.QuerySelector("[data-testid=account-language]")!;
        Assert.Equal("繁體中文", PortalClient.Text(language));
        Assert.Equal("zh-Hant", language.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_audit_trails_english_summaries_are_marked_english_on_a_chinese_page()
    {
        await TestData.CreateLearnerAsync(factory.Services, "Audited Account"); // an entry on the trail
        var reader = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        reader.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var page = await reader.GetPageAsync("/hr/audit");

        var summaries = page.QuerySelectorAll("[data-testid=audit-summary]");
        Assert.NotEmpty(summaries);
        Assert.All(summaries, s => Assert.Equal("en", s.GetAttribute("lang")));
    }
}
