using System.Net;
using System.Net.Sockets;
using TrainingPortal.Data;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>An SMTP server that cannot be reached for longer than every retry together, then comes back.</summary>
public class MailOutageTests
{
    [Fact]
    public async Task An_outage_longer_than_every_retry_fails_no_mail_and_they_go_out_once_the_server_is_back()
    {
        var database = Path.Combine(Path.GetTempPath(), $"trainingportal-outage-{Guid.NewGuid():N}.db");
        var nobodyListens = MailHarness.SendingTo(FreePort(), batchSize: 5);
        try
        {
            await using (var down = new MailFactory(nobodyListens, sharedDatabasePath: database))
            {
                var written = await MailHarness.AddAsync(down.Services, Enumerable.Range(1, 3).Select(i => MailHarness.Draft($"outage{i}.{Guid.NewGuid():N}@demo.bank")).ToArray());
                var outage = TimeSpan.Zero;
                var lastRetry = Enumerable.Range(1, MailRetries.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, attempt) => sum + MailRetries.DelayAfter(attempt)!.Value);
                while (outage <= lastRetry)
                {
                    var counts = await MailHarness.DeliverAsync(down.Services);

                    Assert.Equal(new DeliveryCounts(3, 0, 3, 0, ServerUnavailable: true), counts);
                    Assert.All(written, mail =>
                    {
                        var row = MailHarness.Row(down.Services, mail.Id);
                        Assert.Equal((OutboxState.Pending, 0), (row.State, row.Attempts));
                        Assert.Equal(MailFailure.ServerUnreachable, row.LastFailure);
                        Assert.StartsWith("127.0.0.1:", row.LastError);
                        Assert.Equal(down.Clock.GetUtcNow().UtcDateTime + MailRetries.WhileServerUnavailable, row.NextAttemptAtUtc);
                    });
                    Assert.Equal(DeliveryCounts.None, await MailHarness.DeliverAsync(down.Services)); // waiting, not hammering

                    down.Clock.Advance(MailRetries.WhileServerUnavailable);
                    outage += MailRetries.WhileServerUnavailable;
                }

                await using var smtp = await TestSmtpServer.StartAsync();
                await using var back = new MailFactory(MailHarness.SendingTo(smtp, batchSize: 5), sharedDatabasePath: database);
                back.Clock.Advance(down.Clock.GetUtcNow() - back.Clock.GetUtcNow());

                Assert.Equal(new DeliveryCounts(3, 3, 0, 0), await MailHarness.DeliverAsync(back.Services));
                await smtp.WaitForMessagesAsync(3);
                Assert.All(written, mail => Assert.Equal((OutboxState.Sent, 1), (MailHarness.Row(back.Services, mail.Id).State, MailHarness.Row(back.Services, mail.Id).Attempts)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(database);
        }
    }

    [Fact]
    public async Task A_relay_that_refuses_the_portal_as_sender_costs_no_mail_an_attempt_and_they_go_once_it_accepts_again()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var portal = new MailFactory(MailHarness.SendingTo(smtp, batchSize: 5));
        var written = await MailHarness.AddAsync(portal.Services, Enumerable.Range(1, 3).Select(i => MailHarness.Draft($"relay{i}.{Guid.NewGuid():N}@demo.bank")).ToArray());
        smtp.RefusesSender = true;

        Assert.Equal(new DeliveryCounts(3, 0, 3, 0, ServerUnavailable: true), await MailHarness.DeliverAsync(portal.Services));

        Assert.All(written, mail =>
        {
            var row = MailHarness.Row(portal.Services, mail.Id);
            Assert.Equal((OutboxState.Pending, 0), (row.State, row.Attempts));
            Assert.Equal(MailFailure.ServerRefusedPortal, row.LastFailure);
            Assert.StartsWith("127.0.0.1:", row.LastError);
        });
        smtp.RefusesSender = false;
        portal.Clock.Advance(MailRetries.WhileServerUnavailable);
        Assert.Equal(new DeliveryCounts(3, 3, 0, 0), await MailHarness.DeliverAsync(portal.Services));
        await smtp.WaitForMessagesAsync(3);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
