namespace TrainingPortal.Web.Reminders;

/// <summary>
/// Scans for reminders every <c>Reminders:ScanInterval</c> in every instance; the scan's leases let one instance do
/// each kind's work once a day, and the mail delivery service sends what it queued. Like mail delivery, the interval
/// is wall-clock time, while what is due is decided on the app's clock.
/// </summary>
public sealed class ReminderService(IServiceScopeFactory scopes, ReminderSettings settings, ILogger<ReminderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ScanInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderScanner>().RunAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The leases make a failed scan safe to repeat: the next tick carries on where it stopped.
                logger.LogError(ex, "Reminder scan failed; trying again in {Interval}", settings.ScanInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
