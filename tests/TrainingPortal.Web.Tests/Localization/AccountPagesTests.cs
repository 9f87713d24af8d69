using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Languages;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>
/// The account pages the portal draws itself instead of Identity's defaults: "My account" with the person's record and
/// their language, changing and setting a password, and the lockout, access-denied and error pages, in every language.
/// </summary>
public class AccountPagesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string ManagePath = "/Identity/Account/Manage";
    private const string ChangePasswordPath = "/Identity/Account/Manage/ChangePassword";

    private PortalClient Client(string? acceptLanguage = null)
    {
        var client = new PortalClient(factory);
        if (acceptLanguage is not null)
        {
            client.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        return client;
    }

    [Fact]
    public async Task My_account_shows_the_persons_record_read_only()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Profile Person");
        var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);

        var page = await client.GetPageAsync(ManagePath);

        var profile = PortalClient.Text(page.QuerySelector("[data-testid=profile]"));
        var branch = TestData.Query(factory.Services, db => db.Branches.Single(b => b.Id == learner.BranchId).Name);
        Assert.Contains("Profile Person", profile);
        Assert.Contains(learner.EmployeeNumber, profile);
        Assert.Contains(learner.Email!, profile);
        Assert.Contains(branch, profile);
        Assert.Contains("Teller", profile);
        Assert.Contains("Employee", profile);
        Assert.Empty(page.QuerySelectorAll("main input:not([type=hidden])")); // nothing of HR's record is editable
        Assert.NotNull(page.QuerySelector("main nav #change-password")); // the account pages' own navigation, beside the record
        Assert.Equal("en", ((IHtmlSelectElement)page.QuerySelector("#account-language")!).Value);
        Assert.NotNull(page.QuerySelector("[data-testid=language-not-chosen]"));
    }

    [Fact]
    public async Task Head_office_staff_see_head_office_in_their_language()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        Assert.Null(TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "hr@demo.bank").BranchId));

        var page = await hr.GetPageAsync(ManagePath);

        var profile = PortalClient.Text(page.QuerySelector("[data-testid=profile]"));
        Assert.Contains("总行", profile);
        Assert.Contains("人力资源", profile);
        Assert.Equal("zh-Hans", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("我的账户", PortalClient.Text(page.QuerySelector("main h1")));
    }

    [Fact]
    public async Task An_employee_chooses_traditional_chinese_on_my_account_and_reads_it_from_the_next_page_on()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Language Chooser");
        var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var page = await client.GetPageAsync(ManagePath);

        var response = await client.SubmitAsync(page, "form[data-testid=account-language]",
            new Dictionary<string, string> { ["language"] = PortalLanguages.Traditional });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PortalLanguages.Traditional, TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == learner.Id).PreferredCulture));
        Assert.Single(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "account.language-changed" && a.TargetId == learner.Id).ToList()));
        var after = await client.ParseAsync(await client.FollowAsync(response));
        Assert.Equal("zh-Hant", after.DocumentElement.GetAttribute("lang"));
        Assert.Equal("語言已設定為繁體中文。", PortalClient.Text(after.QuerySelector("[data-testid=status-message]")));
        Assert.Equal(PortalLanguages.Traditional, ((IHtmlSelectElement)after.QuerySelector("#account-language")!).Value);
        Assert.Null(after.QuerySelector("[data-testid=language-not-chosen]"));
        Assert.Equal("zh-Hant", (await client.GetPageAsync("/courses")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_language_form_refuses_a_post_without_the_antiforgery_token_and_an_unknown_language()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Language Forger");
        var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);

        var forged = await client.Http.PostAsync(ManagePath, new FormUrlEncodedContent([new("language", "zh-Hans")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var page = await client.GetPageAsync(ManagePath);
        var unknown = await client.SubmitAsync(page, "form[data-testid=account-language]", new Dictionary<string, string> { ["language"] = "fr" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.NotEmpty(PortalClient.Text((await client.ParseAsync(unknown)).QuerySelector("main .alert-danger")));
        Assert.Null(TestData.Query(factory.Services, db => db.Users.AsNoTracking().Single(u => u.Id == learner.Id).PreferredCulture));
    }

    [Fact]
    public async Task An_employee_changes_their_password_through_the_form_and_signs_in_with_the_new_one()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Password Changer");
        var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var form = await client.GetPageAsync(ChangePasswordPath);

        var response = await client.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = TestData.LearnerPassword,
            ["Input.NewPassword"] = "copper kettle meadow 19",
            ["Input.ConfirmPassword"] = "copper kettle meadow 19",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.ParseAsync(await client.FollowAsync(response));
        Assert.Equal("Your password has been changed.", PortalClient.Text(after.QuerySelector("[data-testid=status-message]")));
        Assert.Equal(HttpStatusCode.Redirect, (await Client().SignInAsync(learner.Email!, "copper kettle meadow 19")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client().SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode); // the old one no longer works
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_in_simplified_chinese()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Password Forgetter");
        var client = Client("zh-CN");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode);
        var form = await client.GetPageAsync(ChangePasswordPath);
        Assert.Equal("修改密码", PortalClient.Text(form.QuerySelector("main h2")));

        var response = await client.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "not my password at all",
            ["Input.NewPassword"] = "copper kettle meadow 19",
            ["Input.ConfirmPassword"] = "copper kettle meadow 20",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await client.ParseAsync(response);
        Assert.Equal("zh-Hans", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("两次输入的密码不一致。", PortalClient.Text(page.QuerySelector("main form")));

        var retry = await client.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "not my password at all",
            ["Input.NewPassword"] = "copper kettle meadow 19",
            ["Input.ConfirmPassword"] = "copper kettle meadow 19",
        });

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("密码不正确。", PortalClient.Text((await client.ParseAsync(retry)).QuerySelector("main .alert-danger")));
        Assert.Equal(HttpStatusCode.Redirect, (await Client().SignInAsync(learner.Email!, TestData.LearnerPassword)).StatusCode); // unchanged
        Assert.False(TestData.Query(factory.Services, db => db.AuditEntries.Any(a => a.TargetId == learner.Id && a.Action == TrainingPortal.Web.Infrastructure.AuditActions.PasswordChanged)));
    }

    [Fact]
    public async Task Someone_with_a_password_is_sent_from_set_password_to_change_password()
    {
        var client = await PortalClient.SignedInAsync(factory, "employee@demo.bank");

        var response = await client.Http.GetAsync("/Identity/Account/Manage/SetPassword");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ChangePasswordPath, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("zh-HK", "帳戶已鎖定", "發生錯誤")]
    [InlineData("zh-CN", "账户已锁定", "出错了")]
    [InlineData(null, "Account locked", "Something went wrong")]
    public async Task Lockout_and_error_pages_are_the_portals_own_in_the_readers_language(string? acceptLanguage, string lockout, string error)
    {
        var client = Client(acceptLanguage);

        Assert.Equal(lockout, PortalClient.Text((await client.GetPageAsync("/Identity/Account/Lockout")).QuerySelector("main h1")));
        Assert.Equal(error, PortalClient.Text((await client.GetPageAsync("/Identity/Error")).QuerySelector("main h1")));
    }

    [Fact]
    public async Task Access_denied_is_for_signed_in_staff_and_speaks_their_language()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await Client().Http.GetAsync("/Identity/Account/AccessDenied")).StatusCode);
        var client = Client("zh-HK");
        await client.SignInAsync("employee@demo.bank", PortalClient.DemoPassword);

        var page = await client.GetPageAsync("/Identity/Account/AccessDenied");

        Assert.Equal("你沒有權限瀏覽此頁面", PortalClient.Text(page.QuerySelector("main h1")));
    }
}
