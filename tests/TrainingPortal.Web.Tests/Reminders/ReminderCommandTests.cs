using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Reminders;
using TrainingPortal.Web.Tests.Foundation;
using TrainingPortal.Web.Tests.Mail;

namespace TrainingPortal.Web.Tests.Reminders;

/// <summary>The <c>reminders run</c> command as operators run it: a separate process on the same database.</summary>
public class ReminderCommandTests
{
    [Fact]
    public async Task Mails_claimed_by_a_command_killed_before_sending_are_sent_by_another_instance_once_their_lease_runs_out()
    {
        await using var world = await ReminderWorld.StartAsync();
        using var silentServer = new TcpListener(IPAddress.Loopback, 0); // accepts connections and never greets: sending hangs
        silentServer.Start();
        var held = new ConcurrentBag<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silentServer.AcceptTcpClientAsync());
            }
        });
        var bankNow = world.Calendar.LocalTime(world.Portal.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

        using var command = Start(["reminders", "run", "--now", bankNow], new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = $"Data Source={world.Portal.DatabasePath}",
            ["Email__Smtp__Port"] = ((IPEndPoint)silentServer.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture),
        });
        var claimed = await WaitUntilAsync(command, () => TestData.Query(world.Services, db =>
            db.OutboxMails.Any() && db.OutboxMails.All(m => m.LeaseToken != null) ? db.OutboxMails.Count() : 0));
        command.Kill(entireProcessTree: true);
        await command.WaitForExitAsync();

        Assert.True(claimed > 100, $"the demo data should have many reminders due on its first day; {claimed}");
        Assert.Empty(world.Smtp.Messages);
        Assert.All(TestData.Query(world.Services, db => db.OutboxMails.AsNoTracking().ToList()), m => Assert.Equal(OutboxState.Pending, m.State));

        // The command's clock ran on from --now while it started, so its lease ends a little after now + 10 minutes.
        var leaseEnd = TestData.Query(world.Services, db => db.OutboxMails.Max(m => m.LeaseUntilUtc))!.Value;
        world.Portal.Clock.SetUtcNow(new DateTimeOffset(leaseEnd.AddMinutes(-1), TimeSpan.Zero));
        Assert.Equal(0, (await MailHarness.DeliverAsync(world.Services)).Claimed); // the dead command's lease still holds them

        world.Portal.Clock.SetUtcNow(new DateTimeOffset(leaseEnd.AddSeconds(1), TimeSpan.Zero));
        Assert.Equal(0, await ReminderCommands.RunAsync(world.Services, CancellationToken.None));
        var outbox = TestData.Query(world.Services, db => db.OutboxMails.AsNoTracking().ToList());
        Assert.Equal(claimed, outbox.Count); // the scan was complete: the second run queued nothing more
        Assert.All(outbox, m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Equal(outbox.Select(m => m.MessageId).Order(), world.Smtp.Messages.Select(m => m.MessageId).Order());
        foreach (var client in held)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task The_background_service_of_an_instance_scans_every_kind_when_the_app_starts_and_not_again_that_day()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var portal = new MailFactory(new Dictionary<string, string>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Reminders:ScanInBackground"] = "true",
        });
        _ = portal.Services;

        // Generous: on a loaded two-core CI machine a new host's first minutes can be slow. The message says where it stood.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (TestData.Query(portal.Services, db => db.ReminderScans.Count(s => s.CompletedAtUtc != null)) < Enum.GetValues<Core.Reminders.ReminderKind>().Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the background scan did not complete every kind within three minutes: " + string.Join("; ",
                TestData.Query(portal.Services, db => db.ReminderScans.AsNoTracking().ToList()).Select(s => $"{s.Kind} lease {s.LeaseUntilUtc} completed {s.CompletedAtUtc}")));
            await Task.Delay(200);
        }

        Assert.True(TestData.Query(portal.Services, db => db.Reminders.Count(r => r.OutboxMailId != null)) > 0);
        var again = await ReminderWorld.ScanAsync(portal.Services);
        Assert.All(again, s => Assert.Equal(ScanState.AlreadyScannedToday, s.State));
    }

    [Fact]
    public async Task The_background_scan_waits_for_the_bank_time_reminders_are_sent_from()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var waiting = new FirstLogEntry<ReminderService>(Microsoft.Extensions.Logging.LogLevel.Information);
        await using var portal = new MailFactory(new Dictionary<string, string>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Reminders:ScanInBackground"] = "true",
        }, configureServices: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(waiting));
        var calendar = new Core.Calendar.BankCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var sixInTheMorning = calendar.ToUtc(calendar.DateOf(portal.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToDateTime(new TimeOnly(6, 0)));
        portal.Clock.SetUtcNow(new DateTimeOffset(sixInTheMorning, TimeSpan.Zero));
        _ = portal.Services;

        Assert.Equal("Reminders wait for 08:00 bank time (Reminders:SendFrom); it is 06:00", await waiting.First);
        Assert.False(TestData.Query(portal.Services, db => db.ReminderScans.Any()));
        Assert.Empty(smtp.Messages);

        portal.Clock.Advance(TimeSpan.FromHours(2));
        var deadline = DateTime.UtcNow.AddMinutes(3); // generous: a loaded two-core machine
        while (TestData.Query(portal.Services, db => db.ReminderScans.Count(s => s.CompletedAtUtc != null)) < Enum.GetValues<Core.Reminders.ReminderKind>().Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the scan did not run once it was 08:00");
            await Task.Delay(200);
        }

        var today = calendar.DateOf(portal.Clock.GetUtcNow().UtcDateTime);
        Assert.All(TestData.Query(portal.Services, db => db.ReminderScans.AsNoTracking().ToList()), scan => Assert.Equal(today, scan.Day));
    }

    [Theory]
    [InlineData("--now", "next-tuesday")]
    [InlineData("--now=next-tuesday")] // once ignored, which scanned and sent on the real clock
    public async Task The_command_refuses_a_now_that_is_not_a_time(params string[] now)
    {
        var database = Path.Combine(Path.GetTempPath(), $"tp-now-{Guid.NewGuid():N}.db");
        using var command = Start(["reminders", "run", .. now], new() { ["ConnectionStrings__Portal"] = $"Data Source={database}" });
        var output = await command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync();

        Assert.Equal(2, command.ExitCode);
        Assert.Contains("--now needs a date and time such as 2027-01-15T09:00", output);
        Assert.Contains("it was 'next-tuesday'", output);
    }

    [Fact]
    public async Task With_the_mail_server_unreachable_the_command_stops_after_one_batch_and_says_so_in_its_exit_code()
    {
        await using var world = await ReminderWorld.StartAsync();
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var bankNow = world.Calendar.LocalTime(world.Portal.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        using var command = Start(["reminders", "run", "--now", bankNow], new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = $"Data Source={world.Portal.DatabasePath}",
            ["Email__Smtp__Port"] = closedPort.ToString(CultureInfo.InvariantCulture),
            ["Email__BatchSize"] = "20",
        });
        var output = command.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await command.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            command.Kill(entireProcessTree: true);
            Assert.Fail("The command had not finished after two minutes:\n" + await output);
        }

        Assert.Equal(3, command.ExitCode);
        Assert.Contains("The mail server could not be reached: delivery stops here.", await output);
        var outbox = TestData.Query(world.Services, db => db.OutboxMails.AsNoTracking().ToList());
        Assert.True(outbox.Count > 100, $"the demo data should have many reminders due on its first day; {outbox.Count}");
        Assert.Equal(20, outbox.Count(m => m.LastError is not null)); // one batch tried, not one connection attempt per batch for every mail
        Assert.All(outbox, m => Assert.Equal(OutboxState.Pending, m.State));
    }

    private static Process Start(IEnumerable<string> args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TrainingPortal.Web.dll"), .. args])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Database__Provider"] = "Sqlite";
        info.Environment["Database__SeedDemoData"] = "false";
        info.Environment["Email__Smtp__Host"] = "127.0.0.1";
        info.Environment["Email__Smtp__Security"] = "None";
        info.Environment["Email__BatchSize"] = "100000";
        info.Environment["Portal__PublicBaseUrl"] = "https://training.harbourline.example";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>Polls until <paramref name="probe"/> gives a positive count; fails with the command's output if it exits first.</summary>
    private static async Task<int> WaitUntilAsync(Process command, Func<int> probe)
    {
        var output = command.StandardOutput.ReadToEndAsync();
        var errors = command.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is > 0 and var count)
            {
                return count;
            }

            if (command.HasExited)
            {
                Assert.Fail($"The command exited ({command.ExitCode}) before claiming mails:\n{await output}\n{await errors}");
            }

            await Task.Delay(100);
        }

        command.Kill(entireProcessTree: true);
        Assert.Fail("The command claimed no mails within two minutes.");
        return 0;
    }
}
