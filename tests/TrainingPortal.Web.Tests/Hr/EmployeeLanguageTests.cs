using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Languages;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

public class EmployeeLanguageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Hr_sets_a_persons_language_on_their_page_and_it_is_saved_and_audited()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Language Learner");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync($"/hr/employees/{learner.Id}");
        Assert.Contains("Language: not chosen", PortalClient.Text(page.QuerySelector("[data-testid=employee-summary]")));

        var response = await hr.SubmitAsync(page, "[data-testid=employee-language]", new Dictionary<string, string> { ["language"] = PortalLanguages.Traditional });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PortalLanguages.Traditional, TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == learner.Id).PreferredCulture));
        var entry = Assert.Single(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "account.language-changed" && a.TargetId == learner.Id).ToList()));
        Assert.Contains("zh-Hant", entry.AfterJson);
        var reloaded = await hr.ParseAsync(await hr.FollowAsync(response));
        Assert.Contains("Language saved: 繁體中文.", PortalClient.Text(reloaded.QuerySelector("[role=status]")));
        Assert.Contains("Language: 繁體中文", PortalClient.Text(reloaded.QuerySelector("[data-testid=employee-summary]")));
        Assert.Equal(PortalLanguages.Traditional, ((AngleSharp.Html.Dom.IHtmlSelectElement)reloaded.QuerySelector("#employee-language")!).Value);
    }

    [Theory]
    [InlineData("customers-at-the-centre", "zh-CN", "zh-Hans", "简体中文")]
    [InlineData("customer-communication", "zh-HK", "zh-Hant", "繁體中文")]
    [InlineData("protecting-customers", "en-GB", "en", "English")]
    public async Task An_attempt_records_the_language_of_its_paper_and_hr_sees_it(string course, string acceptLanguage, string expected, string shown)
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "陈思 Chen Si");
        await TestData.CompleteLessonsAsync(factory.Services, learner.Id, course);
        var client = new PortalClient(factory);
        client.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        await client.SignInAsync(learner.Email!, TestData.LearnerPassword);
        var quiz = await client.GetPageAsync($"/courses/{course}/quiz");

        await client.SubmitAsync(quiz, "main form[action*='handler=Start']", new Dictionary<string, string>());

        Assert.Equal(expected, TestData.Query(factory.Services, db => db.QuizAttempts.Single(a => a.UserId == learner.Id).Language));
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync($"/hr/employees/{learner.Id}");
        Assert.Equal(shown, PortalClient.Text(page.QuerySelector("[data-testid=attempt-language]")));
    }

    [Fact]
    public async Task An_unknown_language_is_refused_and_nothing_changes()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Language Refused");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync($"/hr/employees/{learner.Id}");

        var response = await hr.SubmitAsync(page, "[data-testid=employee-language]", new Dictionary<string, string> { ["language"] = "fr" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(PortalClient.Text((await hr.ParseAsync(response)).QuerySelector(".alert-danger")));
        Assert.Null(TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == learner.Id).PreferredCulture));
    }

    [Fact]
    public async Task Hr_cannot_set_the_language_of_an_administrators_account()
    {
        var admin = TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Email == "admin@demo.bank"));
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Language Form");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var form = (await hr.GetPageAsync($"/hr/employees/{learner.Id}")).QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("[data-testid=employee-language]")!;
        var fields = PortalClient.FormFields(form).Where(f => f.Key != "language").Append(new("language", PortalLanguages.Simplified));

        var response = await hr.Http.PostAsync($"/hr/employees/{admin.Id}?handler=Language", new FormUrlEncodedContent(fields));

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
        Assert.Equal(admin.PreferredCulture, TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == admin.Id).PreferredCulture));
        Assert.Empty(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "account.language-changed" && a.TargetId == admin.Id).ToList()));
    }

    [Theory]
    [InlineData("zh-CN", "工号", "开始时间（Asia/Shanghai）", "已逾期")]
    [InlineData("zh-HK", "員工編號", "開始時間（Asia/Shanghai）", "已逾期")]
    public async Task The_completion_csv_has_its_header_and_statuses_in_the_readers_language_and_iso_values(string acceptLanguage, string numberColumn, string startedColumn, string overdue)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var csv = await hr.Http.GetStringAsync("/reports/completion?status=Overdue&format=csv");

        using var reader = new CsvHelper.CsvReader(new StringReader(csv.TrimStart('\uFEFF')), System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        }

        Assert.Equal(numberColumn, rows[0][0]);
        Assert.Equal(startedColumn, rows[0][8]);
        Assert.True(rows.Count > 1);
        Assert.All(rows.Skip(1), cells =>
        {
            Assert.Equal(overdue, cells[7]);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", cells[6]);
            Assert.Matches(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$", cells[8]);
        });
    }
}
