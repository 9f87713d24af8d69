using Microsoft.Extensions.Options;

namespace TrainingPortal.Web.Mail;

/// <summary>
/// Delivers the outbox every <c>Email:DeliveryInterval</c>, in every app instance, and straight on while runs find full batches. The interval is wall-clock time:
/// which mails are due is decided on the app's clock inside <see cref="MailDelivery"/>, but a clock moved forward a
/// year (as tests do) must not make this loop catch up on a year of ticks.
/// </summary>
public sealed class MailDeliveryService(IServiceScopeFactory scopes, MailRouting routing, IOptions<MailSettings> options, ILogger<MailDeliveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        switch (routing.Route)
        {
            case MailRoute.Held:
                logger.LogWarning("No mail will be sent: Email:Smtp:Host is not set. Invitations and reminders wait in the outbox "
                    + "(see /admin/mail) and go out once an SMTP server is configured and the app restarted.");
                return;
            case MailRoute.PickupDirectory:
                logger.LogInformation("No SMTP server is set (Email:Smtp:Host): mails are written as .eml files to {Directory}", routing.PickupPath);
                break;
            default:
                logger.LogInformation("Mails are sent through {Host}:{Port} ({Security})", settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security);
                break;
        }

        using var timer = new PeriodicTimer(settings.DeliveryInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MailDelivery>().DeliverAllDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A database outage must not end delivery for the life of the process: the next tick tries again.
                logger.LogError(ex, "Mail delivery failed; trying again in {Interval}", settings.DeliveryInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
