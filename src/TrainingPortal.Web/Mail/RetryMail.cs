using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Mail;

/// <summary>An administrator puts a failed mail back in the queue, due now with a fresh set of attempts.</summary>
public sealed class RetryMail(PortalDbContext db, AuditLog audit, TimeProvider time, IStringLocalizer<Shared> text)
{
    /// <returns>A sentence for the administrator naming the mail.</returns>
    public async Task<Outcome<string>> ExecuteAsync(long mailId, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return Outcome<string>.Refused("", text["Refusal.Mail.RetryAdminOnly"]);
        }

        var mail = await db.OutboxMails.AsNoTracking()
            .Where(m => m.Id == mailId)
            .Select(m => new { m.Id, m.ToAddress, m.Subject, m.State, m.Attempts, m.LastError, m.LastFailure })
            .SingleOrDefaultAsync(cancellationToken);
        if (mail is null)
        {
            return Outcome<string>.Missing();
        }

        if (mail.State != OutboxState.Failed)
        {
            return Outcome<string>.Refused("", NotFailed(mail.ToAddress, mail.Subject));
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Still failed at the moment of the write: when two administrators press Retry together, one of them does it.
        var changed = await db.OutboxMails.Where(m => m.Id == mailId && m.State == OutboxState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAtUtc, now)
                .SetProperty(m => m.LeaseToken, (Guid?)null)
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null), cancellationToken);
        if (changed == 0)
        {
            return Outcome<string>.Refused("", NotFailed(mail.ToAddress, mail.Subject));
        }

        audit.Record(actor, AuditActions.MailRetried, AuditTargets.Mail, mail.Id.ToString(CultureInfo.InvariantCulture),
            $"Queued the mail '{mail.Subject}' to {mail.ToAddress} again after {mail.Attempts} failed attempts",
            before: new { State = mail.State.ToString(), mail.Attempts, mail.LastError, LastFailure = mail.LastFailure?.ToString() },
            after: new { State = nameof(OutboxState.Pending), Attempts = 0, mail.Subject, mail.ToAddress });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<string>.Done(text["Admin.Mail.Retried", mail.Subject, mail.ToAddress]);
    }

    private string NotFailed(string to, string subject) => text["Refusal.Mail.NotFailed", subject, to];
}
