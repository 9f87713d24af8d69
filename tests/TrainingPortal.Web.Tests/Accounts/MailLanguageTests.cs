using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.Mail;

namespace TrainingPortal.Web.Tests.Accounts;

/// <summary>A mail is written in the language of the person who receives it, not of the person whose action sends it.</summary>
public class MailLanguageTests(MailHarness mail) : IClassFixture<MailHarness>
{
    private readonly PortalFactory factory = mail.Portal;

    [Fact]
    public async Task An_invitation_to_someone_who_reads_traditional_chinese_arrives_in_traditional_chinese_while_hr_reads_english()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"lee.ka-yan.{suffix}@demo.bank";
        using (var scope = factory.Services.CreateScope())
        {
            var branchId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Branches.Select(b => (int?)b.Id).FirstAsync();
            var created = await scope.ServiceProvider.GetRequiredService<CreateAccount>().ExecuteAsync(
                new NewAccount("HK" + suffix, "李嘉欣", email, "Teller", new DateOnly(2026, 1, 5), branchId, Roles.Employee, "zh-HK"),
                Actor.Console, CancellationToken.None);
            Assert.True(created.Succeeded, string.Join("; ", created.Refusals.Select(r => r.Message)));
            Assert.Equal(PortalLanguages.Traditional, created.Value!.PreferredCulture);
        }

        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank"); // no Accept-Language: HR reads English
        var list = await hr.GetPageAsync($"/admin/users?q=HK{suffix}");
        Assert.Equal("繁體中文", PortalClient.Text(list.QuerySelector("[data-testid=account-language]")));
        var invited = await hr.SubmitAsync(list, $"tr[data-employee='HK{suffix.ToUpperInvariant()}'] form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var hrPage = await hr.ParseAsync(await hr.FollowAsync(invited));
        Assert.Equal("One invitation is on its way.", PortalClient.Text(hrPage.QuerySelector("[data-testid=invite-message]")));
        Assert.Equal("Staff accounts", PortalClient.Text(hrPage.QuerySelector("h1")));
        var after = await hr.GetPageAsync($"/admin/users?q=HK{suffix}");
        Assert.StartsWith("Invited", PortalClient.Text(after.QuerySelector("[data-testid=account-state]")));
        Assert.Contains("expires", PortalClient.Text(after.QuerySelector("[data-testid=account-state]")));

        await mail.DeliverAsync();
        var received = Assert.Single(mail.Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == email));
        // The bank by its Hong Kong name (Portal:BankNames:zh-Hant), in the subject, the heading and the footer.
        Assert.Equal("你的海港銀行培訓帳戶：請設定密碼", received.Subject);
        Assert.StartsWith("海港銀行 · TrainingPortal", received.TextBody);
        Assert.DoesNotContain("Harbourline", received.TextBody + received.HtmlBody);
        var text = received.TextBody ?? "";
        Assert.Contains("李嘉欣你好：", text);
        Assert.Contains("請透過下方連結設定密碼", text);
        Assert.Contains("「忘記密碼？」", text);
        Assert.Matches(@"有效期至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", text); // the bank's zone, Chinese date, no "UTC"
        Assert.Contains("設定密碼：\n", text.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain("Dear", text);
        Assert.DoesNotContain("UTC", text);
        var html = received.HtmlBody ?? "";
        Assert.Contains("lang=\"zh-Hant\"", html);
        Assert.Contains("請透過下方連結設定密碼", html);
        Assert.Contains("如按鈕未能開啟", html);
        Assert.DoesNotContain("Set your password", html);

        // The link still works, and greets the person by name.
        var page = await new PortalClient(factory).GetPageAsync(MailLinks.SetPasswordLink(text));
        Assert.Equal("李嘉欣", PortalClient.Text(page.QuerySelector("[data-testid=holder-name]")));
    }
}
