using AngleSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>The outbox delivered over real SMTP to a server inside the test, on the fake clock.</summary>
public class MailDeliveryTests(MailHarness mail) : IClassFixture<MailHarness>
{
    [Fact]
    public async Task A_mail_arrives_with_its_recipient_subject_message_id_and_link_intact()
    {
        const string link = "https://portal.bank.example/account/set-password?user=7f3c2a&code=Q2ZESjhB-_x%2Bz%2F9%3D%3D&purpose=invitation";
        var address = $"chen.wei.{Guid.NewGuid():N}@demo.bank";
        var written = (await mail.AddAsync(new MailDraft("invitation", address, "陈伟", "设置密码",
            ["您的培训门户账户已开通，请在七天内设置密码。"], new MailAction("设置密码", link))))[0];

        await mail.DeliverAsync();

        var message = Assert.Single(mail.Smtp.WithMessageId(written.MessageId));
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal(address, to.Address);
        Assert.Equal("陈伟", to.Name);
        Assert.Equal("设置密码", message.Subject);
        Assert.Equal("training@harbourline.example", Assert.Single(message.From.Mailboxes).Address);
        var text = message.TextBody ?? "";
        Assert.Contains("陈伟", text);
        Assert.Contains(link, text.ReplaceLineEndings("\n").Split('\n'));
        var html = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(message.HtmlBody));
        Assert.Equal(link, html.QuerySelector("a[href]")?.GetAttribute("href"));
        Assert.Contains("您的培训门户账户已开通", html.Body!.TextContent);

        var row = mail.Row(written.Id);
        Assert.Equal(OutboxState.Sent, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(mail.Now, row.SentAtUtc);
        Assert.Null(row.LeaseToken);
    }

    [Fact]
    public async Task Two_instances_delivering_at_once_send_each_mail_exactly_once()
    {
        var before = mail.Smtp.Messages.Count;
        var batch = Guid.NewGuid().ToString("N")[..8];
        var written = await mail.AddAsync(Enumerable.Range(1, 40).Select(i => MailHarness.Draft($"learner{i:00}.{batch}@demo.bank")).ToArray());
        var ids = written.Select(m => m.Id).ToList();

        // Two app instances: each its own scope, DbContext and connection to the one database file. The first two
        // claims are held until both runs have read the same candidates, so they collide for certain.
        await using var first = mail.Portal.Services.CreateAsyncScope();
        await using var second = mail.Portal.Services.CreateAsyncScope();
        mail.Portal.Claims.ArmForOneCollision();
        var runs = await Task.WhenAll(
            Task.Run(() => DrainAsync(first.ServiceProvider.GetRequiredService<MailDelivery>(), ids)),
            Task.Run(() => DrainAsync(second.ServiceProvider.GetRequiredService<MailDelivery>(), ids)));
        await mail.Smtp.WaitForMessagesAsync(before + written.Count);

        Assert.Equal(new[] { 5, 0 }, mail.Portal.Claims.Claimed); // one run leased the whole batch; the other found every row taken
        Assert.Equal(written.Count, runs.SelectMany(r => r).Sum(c => c.Sent));
        Assert.All(written, m => Assert.Single(mail.Smtp.WithMessageId(m.MessageId)));
        Assert.Equal(before + written.Count, mail.Smtp.Messages.Count);
        Assert.All(TestData.Query(mail.Portal.Services, db => db.OutboxMails.AsNoTracking().Where(m => ids.Contains(m.Id)).ToList()),
            row => Assert.Equal((OutboxState.Sent, 1), (row.State, row.Attempts)));
    }

    [Fact]
    public async Task A_refused_mail_is_tried_again_later_and_fails_after_the_last_attempt_with_the_error_kept()
    {
        var address = $"left.the.bank.{Guid.NewGuid():N}@demo.bank";
        mail.Smtp.Refuse(address);
        var written = (await mail.AddAsync(MailHarness.Draft(address)))[0];

        await mail.DeliverAsync();

        var row = mail.Row(written.Id);
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(mail.Now + MailRetries.DelayAfter(1), row.NextAttemptAtUtc);
        Assert.Equal(MailFailure.MailRefused, row.LastFailure);
        Assert.StartsWith("SMTP 550", row.LastError);
        Assert.Null(row.LeaseToken);

        await mail.DeliverAsync(); // not due yet
        Assert.Equal(1, mail.Row(written.Id).Attempts);

        var waits = new List<TimeSpan> { row.NextAttemptAtUtc - mail.Now };
        for (var attempt = 2; attempt <= MailRetries.MaxAttempts; attempt++)
        {
            mail.Portal.Clock.Advance(row.NextAttemptAtUtc - mail.Now);
            await mail.DeliverAsync();
            row = mail.Row(written.Id);
            Assert.Equal(attempt, row.Attempts);
            if (row.State == OutboxState.Pending)
            {
                waits.Add(row.NextAttemptAtUtc - mail.Now);
            }
        }

        Assert.Equal(OutboxState.Failed, row.State);
        Assert.StartsWith("SMTP 550", row.LastError);
        Assert.Equal(MailRetries.MaxAttempts - 1, waits.Count);
        Assert.True(waits.Zip(waits.Skip(1)).All(w => w.Second > w.First), "each retry waits longer: " + string.Join(", ", waits));
        Assert.Empty(mail.Smtp.WithMessageId(written.MessageId));

        mail.Portal.Clock.Advance(TimeSpan.FromDays(1)); // failed is final until someone retries it
        await mail.DeliverAsync();
        Assert.Equal((OutboxState.Failed, MailRetries.MaxAttempts), (mail.Row(written.Id).State, mail.Row(written.Id).Attempts));
    }

    [Fact]
    public async Task A_mail_leased_by_a_run_that_died_is_sent_once_its_lease_has_run_out()
    {
        var written = (await mail.AddAsync(MailHarness.Draft($"orphan.{Guid.NewGuid():N}@demo.bank")))[0];
        var leaseUntil = mail.Now + MailDelivery.Lease;
        await using (var scope = mail.Portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxMails.Where(m => m.Id == written.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseToken, Guid.NewGuid()).SetProperty(m => m.LeaseUntilUtc, leaseUntil));
        }

        await mail.DeliverAsync();
        Assert.Empty(mail.Smtp.WithMessageId(written.MessageId));

        mail.Portal.Clock.Advance(MailDelivery.Lease + TimeSpan.FromSeconds(1));
        await mail.DeliverAsync();
        Assert.Single(mail.Smtp.WithMessageId(written.MessageId));
        Assert.Equal(OutboxState.Sent, mail.Row(written.Id).State);
    }

    [Fact]
    public async Task A_run_whose_lease_runs_low_gives_its_unsent_mails_back_for_the_next_run()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var written = await mail.AddAsync(Enumerable.Range(1, 3).Select(i => MailHarness.Draft($"slow{i}.{batch}@demo.bank")).ToArray());

        // The server is so slow that most of the lease has gone by when it accepts the first mail.
        mail.Smtp.OnReceived = _ =>
        {
            mail.Smtp.OnReceived = null;
            mail.Portal.Clock.Advance(MailDelivery.Lease - TimeSpan.FromMinutes(1));
        };
        var first = await mail.DeliverAsync();

        Assert.Equal((3, 1), (first.Claimed, first.Sent));
        var rows = written.Select(m => mail.Row(m.Id)).ToList();
        Assert.Equal(OutboxState.Sent, rows[0].State);
        Assert.All(rows.Skip(1), row => Assert.Equal((OutboxState.Pending, 0, (Guid?)null), (row.State, row.Attempts, row.LeaseToken)));

        var second = await mail.DeliverAsync();
        Assert.Equal(2, second.Sent);
        Assert.All(written, m => Assert.Single(mail.Smtp.WithMessageId(m.MessageId)));
    }

    [Fact]
    public async Task A_personal_mail_goes_before_a_scan_s_reminders_written_earlier()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        await mail.AddAsync(Enumerable.Range(1, 7).Select(i => MailHarness.Draft($"reminded{i}.{batch}@demo.bank") with { Kind = "due-reminder", Bulk = true }).ToArray());
        var reset = (await mail.AddAsync(MailHarness.Draft($"reset.{batch}@demo.bank") with { Kind = "password-reset" }))[0];

        var first = await mail.DeliverAsync(); // a batch of five

        Assert.Equal(5, first.Sent);
        Assert.Single(mail.Smtp.WithMessageId(reset.MessageId));
        Assert.Equal(OutboxState.Sent, mail.Row(reset.Id).State);
    }

    [Fact]
    public async Task Runs_follow_one_another_while_each_sends_a_full_batch()
    {
        var batch = Guid.NewGuid().ToString("N")[..8];
        var written = await mail.AddAsync(Enumerable.Range(1, 12).Select(i => MailHarness.Draft($"many{i}.{batch}@demo.bank") with { Bulk = true }).ToArray());

        await using var scope = mail.Portal.Services.CreateAsyncScope();
        var together = await scope.ServiceProvider.GetRequiredService<MailDelivery>().DeliverAllDueAsync(CancellationToken.None);

        Assert.True(together.Sent >= 12, $"{together.Sent} sent"); // runs of five, five and two, and any mail an earlier test left due
        Assert.All(written, m => Assert.Single(mail.Smtp.WithMessageId(m.MessageId)));
    }

    [Fact]
    public void Retries_wait_longer_each_time_and_stop_after_the_fifth_attempt()
    {
        Assert.Equal(5, MailRetries.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(1), MailRetries.DelayAfter(1));
        Assert.True(MailRetries.DelayAfter(2) > MailRetries.DelayAfter(1) && MailRetries.DelayAfter(4) > MailRetries.DelayAfter(3));
        Assert.Null(MailRetries.DelayAfter(5));
    }

    /// <summary>Delivers until none of <paramref name="ids"/> is pending. A run that claims nothing while some still
    /// are has lost them to the other instance, which is sending them under its lease.</summary>
    private async Task<List<DeliveryCounts>> DrainAsync(MailDelivery delivery, IReadOnlyList<long> ids)
    {
        var runs = new List<DeliveryCounts>();
        while (true)
        {
            var counts = await delivery.DeliverDueAsync(CancellationToken.None);
            runs.Add(counts);
            if (counts.Claimed == 0 && !TestData.Query(mail.Portal.Services, db => db.OutboxMails.Any(m => ids.Contains(m.Id) && m.State == OutboxState.Pending)))
            {
                return runs;
            }

            Assert.True(runs.Count < 10_000, "delivery never finished");
        }
    }
}
