using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// "Forgotten your password?": mails a one-hour set-password link to the address if it belongs to an active account.
/// The caller learns nothing either way: the same answer, after the same minimum time.
/// </summary>
public sealed class RequestPasswordReset(PortalDbContext db, UserManager<PortalUser> userManager, MailOutbox outbox, PublicUrls urls, TimeProvider time,
    IStringLocalizer<Shared> text, ILogger<RequestPasswordReset> logger)
{
    /// <summary>At most this many reset mails to one address per hour, however many instances or client addresses ask.</summary>
    public const int PerAddressPerHour = 3;

    /// <summary>Every request takes at least this long, so the time taken does not tell whether the account exists.</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(600);

    public async Task ExecuteAsync(string email, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await SendIfKnownAsync(email.Trim(), cancellationToken);
        var remaining = MinimumDuration - started.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }
    }

    private async Task SendIfKnownAsync(string email, CancellationToken cancellationToken)
    {
        if (await userManager.FindByEmailAsync(email) is not { IsActive: true } user)
        {
            logger.LogInformation("Password reset asked for an address with no active account");
            return;
        }

        var since = time.GetUtcNow().UtcDateTime.AddHours(-1);
        if (await db.OutboxMails.CountAsync(m => m.Kind == "password-reset" && m.ToAddress == user.Email && m.CreatedAtUtc > since, cancellationToken) >= PerAddressPerHour)
        {
            logger.LogWarning("Password reset for {UserId} not sent: {Limit} already sent in the last hour", user.Id, PerAddressPerHour);
            return;
        }

        var token = await userManager.GenerateUserTokenAsync(user, AccountLinkTokens.ProviderName, AccountLinkTokens.ResetPurpose);
        var link = urls.SetPassword(user.Id, token, AccountLinkTokens.ResetPurpose);
        var language = outbox.LanguageOf(user); // the account holder's language, whatever the browser that asked
        using (CultureSwitch.Use(language))
        {
            outbox.Add(new MailDraft("password-reset", user.Email!, user.DisplayName, text["Mail.PasswordReset.Subject", outbox.BankName],
                [
                    text["Mail.PasswordReset.Asked"],
                    text["Mail.PasswordReset.Link"],
                    text["Mail.PasswordReset.NotYou"],
                ],
                new MailAction(text["Mail.PasswordReset.Action"], link), language,
                RecipientUserId: user.Id, ValidUntilUtc: time.GetUtcNow().UtcDateTime + AccountLinkTokens.ResetLifetime));
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Password reset mail queued for {UserId}", user.Id);
    }
}
