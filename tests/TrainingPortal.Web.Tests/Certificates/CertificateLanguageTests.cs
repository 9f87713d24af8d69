using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using UglyToad.PdfPig;

namespace TrainingPortal.Web.Tests.Certificates;

/// <summary>
/// The PDF is written in its holder's language (plus English when that is Chinese), whoever downloads it;
/// the pages around it (verification, revoked notice) are in the visitor's language.
/// </summary>
public class CertificateLanguageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Slug = "customers-at-the-centre";

    private ContentLibrary Library => factory.Services.GetRequiredService<ContentLibrary>();

    private DateDisplay Dates => factory.Services.GetRequiredService<DateDisplay>();

    private string TitleIn(string language) => Library.For(language).Find(Slug)!.Title;

    private async Task<(PortalClient Client, PortalUser User, Certificate Certificate)> CertifiedLearnerAsync(string name, string? preferredCulture)
    {
        var user = await TestData.CreateLearnerAsync(factory.Services, name);
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);
        await new QuizDriver(factory, client, Slug).PassAsync();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, preferredCulture));
        }

        var certificate = TestData.Query(factory.Services, db => db.Certificates.AsNoTracking().Single(c => c.UserId == user.Id));
        return (client, user, certificate);
    }

    private static async Task<string> PdfTextAsync(PortalClient client, Certificate certificate)
    {
        var response = await client.Http.GetAsync($"/certificates/{certificate.Serial}/pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var page = Assert.Single(pdf.GetPages());
        return string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "");
    }

    private static string Squeezed(string text) => text.Replace(" ", "");

    private static bool HasChinese(string text) => text.Any(c => c >= '\u2E80');

    private string LongDate(DateTime utc, string language) => Dates.LongDate(Dates.Calendar.DateOf(utc), language);

    [Fact]
    public async Task A_holder_who_reads_simplified_chinese_gets_a_certificate_in_simplified_chinese_and_english()
    {
        var (client, _, certificate) = await CertifiedLearnerAsync("Zhou Min", PortalLanguages.Simplified);

        var text = await PdfTextAsync(client, certificate);

        Assert.NotEqual(TitleIn(PortalLanguages.English), TitleIn(PortalLanguages.Simplified));
        Assert.Contains(Squeezed(TitleIn(PortalLanguages.Simplified)), text);
        Assert.Contains(Squeezed(TitleIn(PortalLanguages.English)), text);
        Assert.DoesNotContain(Squeezed(TitleIn(PortalLanguages.Traditional)), text);
        Assert.Contains(Squeezed(LongDate(certificate.IssuedAtUtc, PortalLanguages.English)), text); // 2 November 2026
        Assert.Contains(LongDate(certificate.IssuedAtUtc, PortalLanguages.Simplified), text); // 2026年11月2日
        Assert.Contains("年", LongDate(certificate.IssuedAtUtc, PortalLanguages.Simplified));
        foreach (var label in new[] { "Certificateofcompletion", "结业证书", "Issued", "颁发日期", "Validuntil", "有效期至", "doesnotexpire", "长期有效", "Verifyat", "验证网址" })
        {
            Assert.Contains(label, text);
        }

        Assert.Contains(certificate.Serial, text);
    }

    [Fact]
    public async Task A_holder_who_reads_traditional_chinese_gets_traditional_even_when_english_speaking_hr_downloads_it()
    {
        var (_, _, certificate) = await CertifiedLearnerAsync("陳家明 Chan Ka Ming", PortalLanguages.Traditional);
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var text = await PdfTextAsync(hr, certificate);

        Assert.Contains("陳家明", text);
        Assert.StartsWith("HARBOURLINEBANK/海港銀行", text); // the bank by both its names, as the holder knows it
        Assert.Contains(Squeezed(TitleIn(PortalLanguages.Traditional)), text);
        Assert.Contains(Squeezed(TitleIn(PortalLanguages.English)), text);
        Assert.DoesNotContain(Squeezed(TitleIn(PortalLanguages.Simplified)), text);
        Assert.Contains("結業證書", text);
        Assert.Contains("頒發日期", text);
        Assert.DoesNotContain("结业证书", text);
        Assert.Contains(LongDate(certificate.IssuedAtUtc, PortalLanguages.Traditional), text);
        Assert.Contains(Squeezed(LongDate(certificate.IssuedAtUtc, PortalLanguages.English)), text);
    }

    [Fact]
    public async Task A_holder_who_reads_english_gets_english_only_even_from_a_chinese_browser()
    {
        var (client, _, certificate) = await CertifiedLearnerAsync("Grace Ho", PortalLanguages.English);
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var text = await PdfTextAsync(client, certificate);

        Assert.False(HasChinese(text), text);
        Assert.Contains(Squeezed(TitleIn(PortalLanguages.English)), text);
        Assert.Contains(Squeezed(LongDate(certificate.IssuedAtUtc, PortalLanguages.English)), text);
    }

    [Fact]
    public async Task Without_a_saved_language_the_holder_gets_their_browsers_language_but_hr_gets_english()
    {
        var (client, _, certificate) = await CertifiedLearnerAsync("Lam Wing", preferredCulture: null);
        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-HK"));
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var holders = await PdfTextAsync(client, certificate);
        var hrs = await PdfTextAsync(hr, certificate);

        Assert.Contains(Squeezed(TitleIn(PortalLanguages.Traditional)), holders);
        Assert.Contains(Squeezed(TitleIn(PortalLanguages.English)), holders);
        Assert.False(HasChinese(hrs), hrs);
    }

    /// <summary>Every printed letter within the page less a 40-point margin on every side.</summary>
    private static void AssertInsideFrame(UglyToad.PdfPig.Content.Page page)
    {
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        Assert.All(letters, l => Assert.InRange(l.BoundingBox.Left, 40, page.Width - 40));
        Assert.All(letters, l => Assert.InRange(l.BoundingBox.Right, 40, page.Width - 40));
        Assert.All(letters, l => Assert.InRange(l.BoundingBox.Bottom, 40, page.Height - 40));
    }

    [Fact]
    public void Long_titles_in_both_languages_stay_inside_the_frame()
    {
        var document = new CertificateDocument(
            "Harbourline Bank", "TP-2026-000999", "欧阳娜娜 Ouyang Nana Alexandra Konstantinopoulou-Smythe", "E000999", "Harbin Central",
            "Advanced customer relationship management for branch managers, relationship officers and front-line tellers",
            new DateOnly(2026, 12, 2), new DateOnly(2027, 12, 2), "https://portal.bank.example/verify", "ABCDEFGHJKLMNPQRSTUV")
        {
            Language = PortalLanguages.Simplified,
            TranslatedCourseTitle = "面向支行行长、客户经理及一线柜员的高级客户关系管理与客户至上服务实践专题课程（第二版）",
        };
        var text = factory.Services.GetRequiredService<IStringLocalizer<TrainingPortal.Web.Shared>>();

        using var pdf = PdfDocument.Open(CertificatePdf.Render(document, text, Dates));

        var page = Assert.Single(pdf.GetPages());
        AssertInsideFrame(page);
        var all = string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("2December2026", all);
        Assert.Contains("2026年12月2日", all);
        Assert.Contains("2027年12月2日", all);
        Assert.Contains("第二版", all);
        Assert.Contains("front-linetellers", all);
    }

    [Theory]
    [InlineData(PortalLanguages.English, "Headoffice")]
    [InlineData(PortalLanguages.Simplified, "Headoffice/总行")]
    [InlineData(PortalLanguages.Traditional, "Headoffice/總行")]
    public void A_head_office_holder_works_at_head_office_in_each_language_of_the_certificate(string language, string expected)
    {
        var document = new CertificateDocument("Harbourline Bank", "TP-2026-000997", "李娜 Li Na", "E000997", TrainingPortal.Data.HeadOffice.Name, "Customers first",
            new DateOnly(2026, 12, 2), new DateOnly(2027, 12, 2), "https://portal.bank.example/verify", "ABCDEFGHJKLMNPQRSTUV")
        {
            Language = language,
        };
        var text = factory.Services.GetRequiredService<IStringLocalizer<TrainingPortal.Web.Shared>>();

        using var pdf = PdfDocument.Open(CertificatePdf.Render(document, text, Dates));

        var all = string.Concat(Assert.Single(pdf.GetPages()).Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("E000997·" + expected, all);
        if (language == PortalLanguages.English)
        {
            Assert.False(HasChinese(all.Replace("李娜", "")), all);
        }
    }

    [Theory]
    [InlineData(PortalLanguages.English)]
    [InlineData(PortalLanguages.Traditional)]
    public void The_longest_name_and_branch_the_portal_accepts_stay_inside_the_frame(string language)
    {
        // 200 characters of name (StaffFields.MaxNameLength) and a 100-character branch.
        var name = "陳" + string.Concat(Enumerable.Repeat("Konstantinopoulou-Smythe ", 8))[..199];
        var branch = string.Concat(Enumerable.Repeat("九龍灣中心分行", 15))[..100]; // wide characters: far past the page at 11 points
        var document = new CertificateDocument("Harbourline Bank", "TP-2026-000998", name, "E000998", branch, "Customers first",
            new DateOnly(2026, 12, 2), new DateOnly(2027, 12, 2), "https://portal.bank.example/verify", "ABCDEFGHJKLMNPQRSTUV")
        {
            Language = language,
            TranslatedCourseTitle = language == PortalLanguages.English ? null : "以客為先：由前線到後勤的服務課程與跨部門協作實務",
        };
        var text = factory.Services.GetRequiredService<IStringLocalizer<TrainingPortal.Web.Shared>>();

        using var pdf = PdfDocument.Open(CertificatePdf.Render(document, text, Dates));

        var page = Assert.Single(pdf.GetPages());
        AssertInsideFrame(page);
        var all = string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("Konstantinopoulou-Smythe", all);
        Assert.Contains("九龍灣中心分行", all);
    }

    [Fact]
    public async Task The_verification_page_follows_the_visitors_language_hong_kong_reads_traditional()
    {
        var (_, _, certificate) = await CertifiedLearnerAsync("Verify Lang", PortalLanguages.Simplified);
        var visitor = new PortalClient(factory);
        visitor.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-HK"));

        var page = await visitor.GetPageAsync($"/verify/{certificate.VerificationCode}");

        Assert.Equal("有效", PortalClient.Text(page.QuerySelector("[data-testid=verification-status]")));
        Assert.Equal("海港銀行", PortalClient.Text(page.QuerySelector("[data-testid=bank]")));
        Assert.Equal(TitleIn(PortalLanguages.Traditional), PortalClient.Text(page.QuerySelector("[data-testid=course]")));
        Assert.Equal(LongDate(certificate.IssuedAtUtc, PortalLanguages.Traditional), PortalClient.Text(page.QuerySelector("[data-testid=issued]")));
        var main = PortalClient.Text(page.QuerySelector("main"));
        foreach (var label in new[] { "證書驗證", "姓名", "課程", "頒發日期", "有效期至", "長期有效" })
        {
            Assert.Contains(label, main);
        }

        foreach (var english in new[] { "Certificate verification", "Course", "Issued", "Valid until", "does not expire" })
        {
            Assert.DoesNotContain(english, main);
        }

        var unknown = await visitor.Http.GetAsync("/verify/ABCDEFGHJKLMNPQRSTUV");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("找不到", PortalClient.Text((await visitor.ParseAsync(unknown)).QuerySelector("[data-testid=verification-status]")));
    }

    [Fact]
    public async Task A_revoked_certificate_reads_revoked_in_the_visitors_language()
    {
        var (client, user, certificate) = await CertifiedLearnerAsync("Revoked Lang", preferredCulture: null);
        var hr = TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Email == "hr@demo.bank"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var revoked = await scope.ServiceProvider.GetRequiredService<RevokeCertificate>().ExecuteAsync(
                new Revocation(user.Id, certificate.Id, "Taken under another person's sign-in"), new Actor(hr.Id, hr.DisplayName, [Roles.HR]), CancellationToken.None);
            Assert.True(revoked.Succeeded);
        }

        client.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var response = await client.Http.GetAsync($"/certificates/{certificate.Serial}/pdf");
        var visitor = new PortalClient(factory);
        visitor.Http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-HK"));
        var verify = await visitor.GetPageAsync($"/verify/{certificate.VerificationCode}");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        var gone = await client.ParseAsync(response);
        Assert.Equal("证书已撤销", PortalClient.Text(gone.QuerySelector("main h1")));
        var notice = PortalClient.Text(gone.QuerySelector("[data-testid=revoked]"));
        Assert.Contains(TitleIn(PortalLanguages.Simplified), notice);
        Assert.Contains(certificate.Serial, notice);
        Assert.Equal(LongDate(factory.Clock.GetUtcNow().UtcDateTime, PortalLanguages.Simplified), PortalClient.Text(gone.QuerySelector("[data-testid=revoked-on]")));
        Assert.Contains("another person's sign-in", PortalClient.Text(gone.QuerySelector("main")));
        Assert.Equal("已撤銷", PortalClient.Text(verify.QuerySelector("[data-testid=verification-status]")));
        Assert.Contains("撤銷", PortalClient.Text(verify.QuerySelector("main [role=status]")));
    }
}
