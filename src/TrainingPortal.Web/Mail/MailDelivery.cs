using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Reminders;

namespace TrainingPortal.Web.Mail;

/// <summary>What one delivery run did. <see cref="Claimed"/> also counts rows given back unsent when the lease ran low.</summary>
/// <param name="ServerUnavailable">The run stopped because the server could not be reached, not because it refused a mail.</param>
public sealed record DeliveryCounts(int Claimed, int Sent, int Retrying, int Failed, int Withdrawn = 0, bool ServerUnavailable = false)
{
    public static readonly DeliveryCounts None = new(0, 0, 0, 0);

    public static DeliveryCounts operator +(DeliveryCounts a, DeliveryCounts b) =>
        new(a.Claimed + b.Claimed, a.Sent + b.Sent, a.Retrying + b.Retrying, a.Failed + b.Failed, a.Withdrawn + b.Withdrawn, a.ServerUnavailable || b.ServerUnavailable);
}

/// <summary>When a mail that could not be sent is tried again, and when the outbox gives up on it.</summary>
public static class MailRetries
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)];

    public static int MaxAttempts => Delays.Length + 1;

    /// <summary>
    /// How long the mails of a run wait when the server could not be reached or refused to let us in. That is no
    /// fault of theirs, so it costs them no attempt: an outage of any length fails no mail, and each run meanwhile
    /// tries one connection, not one per mail.
    /// </summary>
    public static readonly TimeSpan WhileServerUnavailable = TimeSpan.FromMinutes(2);

    /// <returns>The wait before the next attempt, or null when <paramref name="failedAttempts"/> was the last one.</returns>
    public static TimeSpan? DelayAfter(int failedAttempts) => failedAttempts < MaxAttempts ? Delays[Math.Max(failedAttempts, 1) - 1] : null;
}

/// <summary>
/// Sends the mails that are due. A run claims a batch with one conditional UPDATE that gives the rows its own token and
/// a lease-until time, and only rows that are pending, due and not leased by a live run; it then marks each row only
/// where the token is still its own. So runs in several app instances never send one row twice, and a row whose run
/// died is claimed again once its lease has run out (its fixed Message-ID makes such a repeat recognisable).
/// </summary>
public sealed class MailDelivery(PortalDbContext db, MailRouting routing, IOptions<MailSettings> options, TimeProvider time, ILogger<MailDelivery> logger)
{
    /// <summary>Long enough for a batch on a slow server: a row sent after its lease ran out could be sent twice. Also
    /// how long the mails of a run that died wait before another run picks them up.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>A run stops sending when less than this is left of its lease (a few SMTP timeouts), so a slow server
    /// cannot keep it sending past the lease.</summary>
    private static readonly TimeSpan SendAllowance = TimeSpan.FromMinutes(3);

    private const int MaxErrorLength = 2000;

    /// <summary>
    /// Delivery runs one after another for as long as each sends a full batch: a scan writes thousands of reminders at
    /// once, and they go as fast as the server takes them rather than a batch per <see cref="MailSettings.DeliveryInterval"/>.
    /// </summary>
    /// <returns>What the runs did together.</returns>
    public async Task<DeliveryCounts> DeliverAllDueAsync(CancellationToken cancellationToken)
    {
        var total = DeliveryCounts.None;
        DeliveryCounts run;
        do
        {
            run = await DeliverDueAsync(cancellationToken);
            total += run;
        }
        while (run.Sent + run.Withdrawn == options.Value.BatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }

    public async Task<DeliveryCounts> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var sender = routing.Open();
        if (sender is null)
        {
            logger.LogWarning("No SMTP server is set (Email:Smtp:Host): mails wait in the outbox.");
            return DeliveryCounts.None;
        }

        var from = routing.From;
        var token = Guid.NewGuid();
        var now = Now;
        var leaseUntil = now + Lease;
        var candidates = await db.OutboxMails.Where(Claimable(now))
            .OrderBy(m => m.Bulk).ThenBy(m => m.NextAttemptAtUtc).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return DeliveryCounts.None;
        }

        // The conditions are repeated in the UPDATE: another run may have claimed some candidates since they were read.
        await db.OutboxMails.Where(m => candidates.Contains(m.Id)).Where(Claimable(now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseToken, token).SetProperty(m => m.LeaseUntilUtc, leaseUntil), cancellationToken);
        var mails = await db.OutboxMails.AsNoTracking()
            .Where(m => candidates.Contains(m.Id) && m.LeaseToken == token)
            .OrderBy(m => m.Bulk).ThenBy(m => m.NextAttemptAtUtc).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);

        var withdrawal = await WithdrawalsAsync(mails, now, cancellationToken);
        int sent = 0, retrying = 0, failed = 0, withdrawn = 0;
        var unavailable = false;
        for (var i = 0; i < mails.Count; i++)
        {
            // Stopping, or too near the lease's end to send another: the rest go back at once, not after the lease.
            if (cancellationToken.IsCancellationRequested || Now > leaseUntil - SendAllowance)
            {
                await ReleaseAsync(mails.Skip(i).Select(m => m.Id).ToList(), token);
                break;
            }

            var mail = mails[i];
            if (withdrawal(mail) is { } reason)
            {
                if (Lapsed(mail, now))
                {
                    // Nobody read the reminders it carried (only reminder mails carry any): off the ledger, the next scan
                    // writes them afresh while their steps are still due, where the ledger would say they had gone.
                    await db.Reminders.Where(r => r.OutboxMailId == mail.Id).ExecuteDeleteAsync(CancellationToken.None);
                }

                await MarkWithdrawnAsync(mail, token, reason);
                withdrawn++;
                continue;
            }

            var failure = await SendAsync(sender, mail, from, cancellationToken);

            // Marks are written even when the app is stopping: an unmarked mail that went out would go again.
            if (failure is null)
            {
                await MarkSentAsync(mail, token);
                sent++;
            }
            else if (failure.ServerUnavailable)
            {
                var waiting = mails.Skip(i).Select(m => m.Id).ToList();
                await PostponeAsync(waiting, token, failure);
                retrying += waiting.Count;
                logger.LogWarning("Mail delivery ({Route}): the server is unavailable, {Count} mails wait {Wait} without losing an attempt: {Failure} {Error}",
                    routing.Route, waiting.Count, MailRetries.WhileServerUnavailable, failure.Kind, failure.Detail);
                unavailable = true;
                break;
            }
            else if (await MarkFailedAttemptAsync(mail, token, failure))
            {
                failed++;
            }
            else
            {
                retrying++;
            }
        }

        if (mails.Count > 0)
        {
            logger.LogInformation("Mail delivery ({Route}): {Sent} sent, {Retrying} to retry, {Failed} failed, {Withdrawn} withdrawn",
                routing.Route, sent, retrying, failed, withdrawn);
        }

        return new DeliveryCounts(mails.Count, sent, retrying, failed, withdrawn, unavailable);
    }

    /// <summary>
    /// Why each claimed mail should not go, read as it is about to: its link has lapsed (a reminder: its day is over), the account it is for has been
    /// disabled or given another address since it was written (see <see cref="OutboxMail.RecipientUserId"/>), or it is
    /// an invitation a newer one replaced (each invitation's link ends the one before, and the account keeps the
    /// latest's expiry).
    /// </summary>
    private async Task<Func<OutboxMail, MailWithdrawal?>> WithdrawalsAsync(IReadOnlyList<OutboxMail> mails, DateTime now, CancellationToken cancellationToken)
    {
        var ids = mails.Where(m => m.RecipientUserId is not null).Select(m => m.RecipientUserId!).Distinct().ToList();
        var accounts = ids.Count == 0 ? []
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.IsActive, u.InvitationExpiresAtUtc })
                .ToDictionaryAsync(u => u.Id, cancellationToken);
        return mail =>
            Lapsed(mail, now) ? mail.Kind.StartsWith(ReminderMails.MailKindPrefix, StringComparison.Ordinal) ? MailWithdrawal.DayOver : MailWithdrawal.LinkLapsed
            : mail.RecipientUserId is not { } id ? null
            : !accounts.TryGetValue(id, out var account) || !account.IsActive ? MailWithdrawal.AccountDisabled
            : !string.Equals(account.Email, mail.ToAddress, StringComparison.OrdinalIgnoreCase) ? MailWithdrawal.AddressChanged
            : mail.Kind == InviteStaff.MailKind && account.InvitationExpiresAtUtc != mail.ValidUntilUtc ? MailWithdrawal.InvitationReplaced
            : null;
    }

    /// <summary>Past its <see cref="OutboxMail.ValidUntilUtc"/>: a link that no longer works, a reminder whose day is over.</summary>
    private static bool Lapsed(OutboxMail mail, DateTime now) => mail.ValidUntilUtc is { } validUntil && validUntil <= now;

    private Task MarkWithdrawnAsync(OutboxMail mail, Guid token, MailWithdrawal reason)
    {
        logger.LogInformation("Mail {MailId} ({Kind}) withdrawn: {Reason}", mail.Id, mail.Kind, reason);
        return db.OutboxMails.Where(m => m.Id == mail.Id && m.LeaseToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Withdrawn)
                .SetProperty(m => m.WithdrawnBecause, reason)
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static Expression<Func<OutboxMail, bool>> Claimable(DateTime now) =>
        m => m.State == OutboxState.Pending && m.NextAttemptAtUtc <= now && (m.LeaseUntilUtc == null || m.LeaseUntilUtc < now);

    private static async Task<MailAttemptFailure?> SendAsync(IMailSender sender, OutboxMail mail, MailboxAddress from, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = ToMessage(mail, from);
        }
        catch (ParseException ex)
        {
            return new(MailFailure.AddressInvalid, ex.Message);
        }

        return await sender.TrySendAsync(message, cancellationToken);
    }

    private static MimeMessage ToMessage(OutboxMail mail, MailboxAddress from)
    {
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Date = new DateTimeOffset(DateTime.SpecifyKind(mail.CreatedAtUtc, DateTimeKind.Utc)),
            Subject = mail.Subject,
            Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToAddress));
        return message;
    }

    private Task MarkSentAsync(OutboxMail mail, Guid token)
    {
        var sentAt = Now;
        return db.OutboxMails.Where(m => m.Id == mail.Id && m.LeaseToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Sent)
                .SetProperty(m => m.SentAtUtc, sentAt)
                .SetProperty(m => m.Attempts, mail.Attempts + 1)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LastFailure, (MailFailure?)null)
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
    }

    /// <returns>Whether that was the last attempt, so the mail has failed.</returns>
    private async Task<bool> MarkFailedAttemptAsync(OutboxMail mail, Guid token, MailAttemptFailure failure)
    {
        var attempts = mail.Attempts + 1;
        var delay = MailRetries.DelayAfter(attempts);
        var state = delay is null ? OutboxState.Failed : OutboxState.Pending;
        var nextAttempt = delay is { } wait ? Now + wait : mail.NextAttemptAtUtc;
        var lastError = Truncate(failure.Detail);
        await db.OutboxMails.Where(m => m.Id == mail.Id && m.LeaseToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, state)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAtUtc, nextAttempt)
                .SetProperty(m => m.LastError, lastError)
                .SetProperty(m => m.LastFailure, failure.Kind)
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
        logger.LogWarning("Mail {MailId} ({Kind}) not sent, attempt {Attempts} of {MaxAttempts}: {Failure} {Error}", mail.Id, mail.Kind, attempts, MailRetries.MaxAttempts, failure.Kind, lastError);
        return delay is null;
    }

    private Task PostponeAsync(IReadOnlyList<long> ids, Guid token, MailAttemptFailure failure)
    {
        var nextAttempt = Now + MailRetries.WhileServerUnavailable;
        var lastError = Truncate(failure.Detail);
        return db.OutboxMails.Where(m => ids.Contains(m.Id) && m.LeaseToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAtUtc, nextAttempt)
                .SetProperty(m => m.LastError, lastError)
                .SetProperty(m => m.LastFailure, failure.Kind)
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
    }

    private Task ReleaseAsync(IReadOnlyList<long> ids, Guid token) =>
        db.OutboxMails.Where(m => ids.Contains(m.Id) && m.LeaseToken == token)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseToken, (Guid?)null).SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);

    private static string Truncate(string error)
    {
        if (error.Length <= MaxErrorLength)
        {
            return error;
        }

        var length = char.IsHighSurrogate(error[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength;
        return error[..length];
    }
}
