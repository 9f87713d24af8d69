using TrainingPortal.Core.Calendar;

namespace TrainingPortal.Web.Reminders;

/// <summary>
/// Scans for reminders every <c>Reminders:ScanInterval</c> in every instance; the scan's leases let one instance do
/// each kind's work once a day, and the mail delivery service sends what it queued. Like mail delivery, the interval
/// is wall-clock time, while what is due is decided on the app's clock. A tick before <c>Reminders:SendFrom</c> of the
/// bank's day waits for it, so the day's reminders go with the working day.
/// </summary>
public sealed class ReminderService(IServiceScopeFactory scopes, ReminderSettings settings, BankCalendar calendar, TimeProvider time, ILogger<ReminderService> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ScanInterval);
        do
        {
            var today = await SendingDayAsync(stoppingToken);
            while (!await TryScanAsync(today, stoppingToken))
            {
                // The ledger makes a failed scan safe to repeat, and it gave its lease back: try again in a minute rather
                // than at the next tick, so a passing fault (a busy database) does not cost the day's reminders an hour.
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The bank day to scan, once it is <c>Reminders:SendFrom</c> or later on it (waiting on the app's clock).</summary>
    private async Task<DateOnly> SendingDayAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = calendar.DateOf(now);
        var sendFrom = calendar.ToUtc(today.ToDateTime(settings.SendFrom)); // in UTC: a zone's clock change is not the wait's
        if (now < sendFrom)
        {
            logger.LogInformation("Reminders wait for {SendFrom:HH:mm} bank time (Reminders:SendFrom); it is {Now:HH:mm}", settings.SendFrom, calendar.LocalTime(now));
            await Task.Delay(sendFrom - now, time, stoppingToken);
        }

        return today;
    }

    private async Task<bool> TryScanAsync(DateOnly today, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReminderScanner>().RunAsync(today, stoppingToken);
            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Reminder scan failed; trying again in {Delay}", RetryDelay);
            return false;
        }
    }
}
