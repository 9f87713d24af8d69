using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>/admin/mail through HTTP with its real forms: what an administrator sees and the Retry button.</summary>
public class MailOutboxPageTests(MailHarness mail) : IClassFixture<MailHarness>
{
    [Fact]
    public async Task An_administrator_sees_the_counts_and_retries_a_failed_mail_which_then_goes_out()
    {
        var baseline = Counts();
        var sent = (await mail.AddAsync(MailHarness.Draft($"sent.{Guid.NewGuid():N}@demo.bank")))[0];
        await mail.DeliverAsync();
        var failed = (await mail.AddAsync(MailHarness.Draft($"failed.{Guid.NewGuid():N}@demo.bank", "王芳", "设置密码")))[0];
        await MarkFailedAsync(failed.Id, "SMTP 550: Mailbox unavailable");
        var pending = (await mail.AddAsync(MailHarness.Draft($"pending.{Guid.NewGuid():N}@demo.bank")))[0];

        var admin = await PortalClient.SignedInAsync(mail.Portal, "admin@demo.bank");
        var page = await admin.GetPageAsync("/admin/mail");

        Assert.Equal((baseline.Pending + 1, baseline.Sent + 1, baseline.Failed + 1), ShownCounts(page));
        var failedRow = page.QuerySelector($"tr[data-mail-id='{failed.Id}']")!;
        Assert.Contains("王芳", failedRow.TextContent);
        Assert.Contains("设置密码", failedRow.TextContent);
        Assert.Contains("SMTP 550: Mailbox unavailable", failedRow.TextContent);
        Assert.Equal("Failed", PortalClient.Text(failedRow.QuerySelector("[data-testid=mail-state]")));
        Assert.Equal("Sent", PortalClient.Text(page.QuerySelector($"tr[data-mail-id='{sent.Id}'] [data-testid=mail-state]")));
        Assert.Null(page.QuerySelector($"tr[data-mail-id='{pending.Id}'] form"));
        Assert.Null(page.QuerySelector($"tr[data-mail-id='{sent.Id}'] form"));

        var response = await admin.SubmitAsync(page, $"tr[data-mail-id='{failed.Id}'] form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.ParseAsync(await admin.FollowAsync(response));
        Assert.Equal("/admin/mail", new Uri(after.Url).AbsolutePath);
        Assert.Contains("will be sent again", PortalClient.Text(after.QuerySelector("[role=status]")));
        Assert.Equal((baseline.Pending + 2, baseline.Sent + 1, baseline.Failed), ShownCounts(after));
        var row = mail.Row(failed.Id);
        Assert.Equal((OutboxState.Pending, 0, mail.Now), (row.State, row.Attempts, row.NextAttemptAtUtc));
        var audit = TestData.Query(mail.Portal.Services, db => db.AuditEntries.AsNoTracking()
            .Single(a => a.Action == AuditActions.MailRetried && a.TargetId == failed.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(TestData.Query(mail.Portal.Services, db => db.Users.Single(u => u.Email == "admin@demo.bank").Id), audit.ActorUserId);
        Assert.Contains(failed.ToAddress, audit.Summary);

        // The same form again, from the page as it was: the mail is no longer failed, so nothing changes.
        var again = await admin.SubmitAsync(page, $"tr[data-mail-id='{failed.Id}'] form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("has not failed", PortalClient.Text((await admin.ParseAsync(again)).QuerySelector(".validation-summary-errors")));
        Assert.Equal(1, TestData.Query(mail.Portal.Services, db => db.AuditEntries.Count(a => a.Action == AuditActions.MailRetried)));

        await mail.DeliverAsync();
        Assert.Single(mail.Smtp.WithMessageId(failed.MessageId));
        Assert.Equal(OutboxState.Sent, mail.Row(failed.Id).State);
    }

    [Fact]
    public async Task HR_can_neither_open_the_mail_outbox_nor_retry_a_mail_and_has_no_link_to_it()
    {
        var failed = (await mail.AddAsync(MailHarness.Draft($"failed.{Guid.NewGuid():N}@demo.bank")))[0];
        await MarkFailedAsync(failed.Id, "SMTP 550: Mailbox unavailable");
        var hr = await PortalClient.SignedInAsync(mail.Portal, "hr@demo.bank");

        Assert.Equal(HttpStatusCode.Forbidden, (await hr.Http.GetAsync("/admin/mail")).StatusCode);
        var home = await hr.GetPageAsync("/");
        Assert.Null(home.QuerySelector("nav a[href='/admin/mail']"));
        var token = home.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
            ?? (await hr.GetPageAsync("/hr/assignments")).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var post = await hr.Http.PostAsync("/admin/mail?handler=Retry", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = failed.Id.ToString(CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(OutboxState.Failed, mail.Row(failed.Id).State);

        var admin = await PortalClient.SignedInAsync(mail.Portal, "admin@demo.bank");
        Assert.NotNull((await admin.GetPageAsync("/")).QuerySelector("nav a[href='/admin/mail']"));
    }

    [Fact]
    public async Task Retrying_a_mail_is_refused_to_anyone_but_an_administrator()
    {
        var failed = (await mail.AddAsync(MailHarness.Draft($"failed.{Guid.NewGuid():N}@demo.bank")))[0];
        await MarkFailedAsync(failed.Id, "SMTP 550: Mailbox unavailable");
        var hr = TestData.Query(mail.Portal.Services, db => db.Users.Where(u => u.Email == "hr@demo.bank").Select(u => new Actor(u.Id, u.DisplayName, new[] { Roles.HR })).Single());

        await using var scope = mail.Portal.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RetryMail>().ExecuteAsync(failed.Id, hr, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal((OutboxState.Failed, 5), (mail.Row(failed.Id).State, mail.Row(failed.Id).Attempts));
        Assert.False(TestData.Query(mail.Portal.Services, db => db.AuditEntries.Any(a => a.Action == AuditActions.MailRetried && a.TargetId == failed.Id.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task A_withdrawn_mail_says_why_in_the_administrators_language_beside_the_mail_servers_own_answer()
    {
        var withdrawn = (await mail.AddAsync(MailHarness.Draft($"leaver.{Guid.NewGuid():N}@demo.bank")))[0];
        await using (var scope = mail.Portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxMails.Where(m => m.Id == withdrawn.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Withdrawn).SetProperty(m => m.Attempts, 1)
                    .SetProperty(m => m.WithdrawnBecause, MailWithdrawal.AccountDisabled).SetProperty(m => m.LastError, "SMTP 451: Try again later"));
        }

        var admin = await PortalClient.SignedInAsync(mail.Portal, "admin@demo.bank");
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-HK");
        var row = (await admin.GetPageAsync("/admin/mail")).QuerySelector($"tr[data-mail-id='{withdrawn.Id}']")!;

        Assert.Equal("已撤回", PortalClient.Text(row.QuerySelector("[data-testid=mail-state]")));
        Assert.Equal("發出前該帳戶已停用。", PortalClient.Text(row.QuerySelector("[data-testid=withdrawn-because]")));
        Assert.Contains("SMTP 451: Try again later", row.TextContent);
    }

    [Fact]
    public async Task A_failed_mail_says_what_it_ran_into_in_the_administrators_language_above_the_servers_own_words()
    {
        var refused = (await mail.AddAsync(MailHarness.Draft($"nobody.{Guid.NewGuid():N}@demo.bank")))[0];
        await using (var scope = mail.Portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxMails.Where(m => m.Id == refused.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.Attempts, 5)
                    .SetProperty(m => m.LastFailure, MailFailure.MailRefused).SetProperty(m => m.LastError, "SMTP 550: 5.1.1 No such user"));
        }

        var admin = await PortalClient.SignedInAsync(mail.Portal, "admin@demo.bank");
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var row = (await admin.GetPageAsync("/admin/mail")).QuerySelector($"tr[data-mail-id='{refused.Id}']")!;

        Assert.Equal("邮件服务器拒收了这封邮件。", PortalClient.Text(row.QuerySelector("[data-testid=last-failure]")));
        Assert.Contains("SMTP 550: 5.1.1 No such user", row.TextContent);
    }

    [Fact]
    public async Task Mails_withdrawn_before_the_reasons_were_kept_apart_have_their_reasons_read_from_the_old_sentences_when_a_start_migrates()
    {
        var drafts = Enumerable.Range(0, 6).Select(i => MailHarness.Draft($"old.{i}.{Guid.NewGuid():N}@demo.bank")).ToArray();
        var ids = (await mail.AddAsync(drafts)).Select(m => m.Id).ToList();
        string[] sentences =
        [
            "Withdrawn: its day was over before it could be sent.", "Withdrawn: its link lapsed before it could be sent.",
            "Withdrawn: the account was disabled before it could be sent.", "Withdrawn: the account's address changed before it could be sent.",
            "Withdrawn: a newer invitation replaced it before it could be sent.",
        ];
        await using (var scope = mail.Portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_MailWithdrawalReasons", StringComparison.Ordinal)) - 1]);
            // As the outbox wrote them before: the reason in LastError; and a failed mail whose server answer merely looks alike.
            for (var i = 0; i < sentences.Length; i++)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE \"OutboxMails\" SET \"State\" = 'Withdrawn', \"LastError\" = {sentences[i]} WHERE \"Id\" = {ids[i]}");
            }

            await db.Database.ExecuteSqlAsync($"UPDATE \"OutboxMails\" SET \"State\" = 'Failed', \"LastError\" = {sentences[2]} WHERE \"Id\" = {ids[5]}");
        }

        await DatabaseSetup.MigrateAsync(mail.Portal.Services);

        var rows = ids.Select(mail.Row).ToList();
        Assert.Equal(
            [MailWithdrawal.DayOver, MailWithdrawal.LinkLapsed, MailWithdrawal.AccountDisabled, MailWithdrawal.AddressChanged, MailWithdrawal.InvitationReplaced, null],
            rows.Select(r => r.WithdrawnBecause));
        Assert.All(rows.Take(5), r => Assert.Equal((OutboxState.Withdrawn, null), (r.State, r.LastError)));
        Assert.Equal((OutboxState.Failed, sentences[2]), (rows[5].State, rows[5].LastError));
    }

    private (int Pending, int Sent, int Failed) Counts() => TestData.Query(mail.Portal.Services, db => (
        db.OutboxMails.Count(m => m.State == OutboxState.Pending),
        db.OutboxMails.Count(m => m.State == OutboxState.Sent),
        db.OutboxMails.Count(m => m.State == OutboxState.Failed)));

    private static (int Pending, int Sent, int Failed) ShownCounts(IHtmlDocument page) => (
        int.Parse(PortalClient.Text(page.QuerySelector("[data-figure=pending]")), CultureInfo.InvariantCulture),
        int.Parse(PortalClient.Text(page.QuerySelector("[data-figure=sent]")), CultureInfo.InvariantCulture),
        int.Parse(PortalClient.Text(page.QuerySelector("[data-figure=failed]")), CultureInfo.InvariantCulture));

    /// <summary>Arranges a mail that has used up its attempts, straight in the database.</summary>
    private async Task MarkFailedAsync(long id, string error)
    {
        await using var scope = mail.Portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxMails.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.Attempts, 5).SetProperty(m => m.LastError, error));
    }
}
