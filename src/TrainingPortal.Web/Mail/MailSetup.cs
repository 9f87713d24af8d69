using MimeKit;

namespace TrainingPortal.Web.Mail;

public static class MailSetup
{
    /// <summary>
    /// The delivery side of the outbox: settings from <c>Email</c>, checked at start, and the service that sends.
    /// Whether mails go by SMTP, to .eml files or nowhere is decided when the app starts (<see cref="MailRouting"/>).
    /// </summary>
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailSettings>()
            .Bind(configuration.GetSection(MailSettings.Section))
            .Validate(s => MailboxAddress.TryParse(s.From, out _), "Email:From is not a mail address, e.g. \"TrainingPortal <no-reply@bank.example>\".")
            .Validate(s => s.DeliveryInterval > TimeSpan.Zero, "Email:DeliveryInterval must be a positive time span, e.g. 00:00:10.")
            .Validate(s => s.BatchSize > 0, "Email:BatchSize must be at least 1.")
            .Validate(s => !s.Smtp.HasHost || s.Smtp.Port is > 0 and <= 65535, "Email:Smtp:Port must be between 1 and 65535.")
            .Validate(s => !s.Smtp.SendsPasswordInClear,
                "Email:Smtp:Security is None while Email:Smtp:UserName is set: the SMTP password would cross the network unencrypted. " +
                "Use StartTls or SslOnConnect, or a relay on this machine (localhost).")
            .ValidateOnStart();
        services.AddSingleton<MailRouting>();
        services.AddScoped<MailDelivery>();
        services.AddScoped<RetryMail>();
        services.AddHostedService<MailDeliveryService>();
        return services;
    }
}
