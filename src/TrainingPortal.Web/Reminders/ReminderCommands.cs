using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Reminders;

/// <summary>
/// <c>reminders run [--now 2027-01-15T09:00]</c>: one scan, then delivery until nothing due is left, so the mails have
/// reached the SMTP server (or the pickup folder) when it exits. <c>--now</c> is a time in the bank's zone unless it
/// carries an offset; the app's clock then runs on from it, so what the scan queues is due for delivery at once. That
/// clock also stamps the command's leases, so <c>--now</c> is for trials and tests, not for a database that running
/// instances serve: their real clock would see a past lease as run out, or a future one as held for days.
/// </summary>
public static partial class ReminderCommands
{
    public const string Name = "reminders";

    /// <summary>The clock for the command: the system's, or the system's moved to <c>--now</c>.</summary>
    /// <returns>Null with the reason when the arguments are wrong.</returns>
    public static TimeProvider? Clock(string[] args, IConfiguration configuration, out string? problem)
    {
        problem = null;
        if (args.SkipWhile(a => a != Name).Skip(1).FirstOrDefault() != "run")
        {
            problem = "usage: reminders run [--now 2027-01-15T09:00]   (a time in Portal:TimeZone unless it carries an offset such as +08:00 or Z)";
            return null;
        }

        // Both --now 2027-01-15T09:00 and --now=2027-01-15T09:00: a form not recognised would run on the real clock.
        var index = Array.FindIndex(args, a => a == "--now" || a.StartsWith("--now=", StringComparison.Ordinal));
        if (index < 0)
        {
            return TimeProvider.System;
        }

        var value = args[index] == "--now" ? (index + 1 < args.Length ? args[index + 1] : "") : args[index]["--now=".Length..];
        var zone = configuration["Portal:TimeZone"] is { Length: > 0 } configured ? configured : BankCalendar.DefaultZone;
        if (BankCalendar.ForZone(zone, out _) is not { } calendar || ParseNow(value, calendar) is not { } nowUtc)
        {
            problem = $"--now needs a date and time such as 2027-01-15T09:00 (in {zone}) or 2027-01-15T01:00Z; it was '{value}'.";
            return null;
        }

        return new ShiftedClock(nowUtc - DateTime.UtcNow);
    }

    public static DateTime? ParseNow(string value, BankCalendar calendar)
    {
        if (WithOffset().IsMatch(value))
        {
            return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant.UtcDateTime : null;
        }

        return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? calendar.ToUtc(local) : null;
    }

    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var calendar = provider.GetRequiredService<BankCalendar>();
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        Console.WriteLine($"Reminders for {calendar.LocalTime(now):yyyy-MM-dd HH:mm} ({calendar.Zone.Id})");
        var scans = await provider.GetRequiredService<ReminderScanner>().RunAsync(cancellationToken);

        var routing = provider.GetRequiredService<MailRouting>();
        var delivery = provider.GetRequiredService<MailDelivery>();
        var delivered = DeliveryCounts.None;
        if (routing.Route != MailRoute.Held)
        {
            while (await delivery.DeliverDueAsync(cancellationToken) is { Claimed: > 0 } run)
            {
                delivered += run;
                if (run.ServerUnavailable)
                {
                    // Trying each of tens of thousands of mails in turn, a connection timeout apiece, would keep the
                    // command for hours. The rest wait in the outbox for the instances' delivery, or the next run, and
                    // the exit code says so. A mail the server refuses (a mailbox gone) is only that mail's failure.
                    Console.WriteLine("The mail server could not be reached: delivery stops here.");
                    break;
                }
            }
        }

        var db = provider.GetRequiredService<PortalDbContext>();
        var today = calendar.DateOf(now);
        var mailsToday = await db.Reminders.Where(r => r.SentOn == today && r.OutboxMailId != null)
            .GroupBy(r => new { r.Kind, r.OutboxMail!.State })
            .Select(g => new { g.Key.Kind, g.Key.State, Mails = g.Select(r => r.OutboxMailId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        Console.WriteLine($"  {"kind",-18} {"recorded",9} {"mails",8} {"record ms",10} {"mail ms",9}   today: mails, sent");
        foreach (var scan in scans)
        {
            var state = scan.State switch
            {
                ScanState.Scanned => "",
                ScanState.AlreadyScannedToday => "  (already scanned today)",
                ScanState.HeldByAnother => "  (being scanned by another instance)",
                ScanState.WaitingForNotices => "  (waits for today's new-assignment notices)",
                _ => "  (taken over by another instance part-way)",
            };
            var ofKind = mailsToday.Where(m => m.Kind == scan.Kind).ToList();
            Console.WriteLine($"  {scan.Kind,-18} {scan.Recorded,9:N0} {scan.MailIds.Count,8:N0} {scan.RecordTime.TotalMilliseconds,10:N0} {scan.MailTime.TotalMilliseconds,9:N0}   " +
                              $"{ofKind.Sum(m => m.Mails),7:N0} {ofKind.Where(m => m.State == OutboxState.Sent).Sum(m => m.Mails),7:N0}{state}");
        }

        Console.WriteLine(routing.Route == MailRoute.Held
            ? "No SMTP server is set (Email:Smtp:Host): the mails wait in the outbox."
            : $"Delivery ({routing.Route}): {delivered.Sent:N0} sent, {delivered.Retrying:N0} to retry, {delivered.Failed:N0} failed, {delivered.Withdrawn:N0} withdrawn.");
        var unsent = mailsToday.Where(m => m.State is OutboxState.Pending or OutboxState.Failed).Sum(m => m.Mails);
        return unsent == 0 || routing.Route == MailRoute.Held ? 0 : 3;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex WithOffset();

    /// <summary>The system clock moved by a fixed amount: time still passes, from the moment given.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
