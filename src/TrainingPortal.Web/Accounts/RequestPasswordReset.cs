using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// "Forgotten your password?": mails a one-hour set-password link to the address if it belongs to an active account.
/// The caller learns nothing either way: the same answer, after the same minimum time.
/// </summary>
public sealed class RequestPasswordReset(PortalDbContext db, UserManager<PortalUser> userManager, MailOutbox outbox, PublicUrls urls, TimeProvider time,
    ILogger<RequestPasswordReset> logger)
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
        var bank = outbox.BankName;
        outbox.Add(new MailDraft("password-reset", user.Email!, user.DisplayName, $"Reset your {bank} TrainingPortal password",
            [
                "Someone, probably you, asked to reset the password of your TrainingPortal account.",
                "Choose a new password with the link below. It works once, for one hour. Choosing a new password signs you out everywhere else.",
                "If you did not ask for this, ignore this mail: your password stays as it is.",
            ],
            new MailAction("Choose a new password", urls.SetPassword(user.Id, token, AccountLinkTokens.ResetPurpose))));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Password reset mail queued for {UserId}", user.Id);
    }
}
