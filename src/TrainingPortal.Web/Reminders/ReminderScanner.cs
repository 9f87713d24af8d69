using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Reminders;

public enum ScanState
{
    /// <summary>This run scanned the kind and queued what was due.</summary>
    Scanned,

    /// <summary>The kind was scanned earlier on the same day of the bank's calendar.</summary>
    AlreadyScannedToday,

    /// <summary>Another instance holds the kind's scan.</summary>
    HeldByAnother,

    /// <summary>Another instance took the scan over part-way (this one overran its lease); it finishes the rest.</summary>
    TakenOver,
}

public sealed record KindScan(ReminderKind Kind, ScanState State, IReadOnlyList<long> MailIds);

/// <summary>
/// Finds the reminders that have fallen due and queues their mails. Each kind is scanned at most once a day of the
/// bank's calendar, by one instance at a time (a lease on its <see cref="ReminderScan"/> row). What is due is found by
/// one set-based query per kind and step (<see cref="ReminderQueries"/>); each batch of mails is written with its
/// ledger rows in one transaction that also renews the lease, so a batch commits only while this instance still holds
/// the scan, and the ledger's unique key refuses a reminder queued twice.
/// </summary>
public sealed class ReminderScanner(
    PortalDbContext db,
    ReminderQueries queries,
    ReminderMails mails,
    MailOutbox outbox,
    ReminderSettings settings,
    BankCalendar calendar,
    TimeProvider time,
    ILogger<ReminderScanner> logger)
{
    private const int RecipientsPerTransaction = 500;

    public async Task<IReadOnlyList<KindScan>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<KindScan>();
        // The notice goes first: a course someone is told about today needs no due or overdue reminder as well.
        foreach (var kind in Enum.GetValues<ReminderKind>())
        {
            results.Add(await ScanAsync(kind, cancellationToken));
        }

        return results;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<KindScan> ScanAsync(ReminderKind kind, CancellationToken cancellationToken)
    {
        var today = calendar.DateOf(Now);
        var token = Guid.NewGuid();
        var claim = await ClaimAsync(kind, today, token, cancellationToken);
        if (claim != ScanState.Scanned)
        {
            return new KindScan(kind, claim, []);
        }

        var letters = await queries.DueAsync(kind, today, Now, cancellationToken);
        var mailIds = new List<long>();
        foreach (var batch in letters.Chunk(RecipientsPerTransaction))
        {
            if (!await WriteAsync(kind, today, token, batch, mailIds, cancellationToken))
            {
                logger.LogWarning("Reminder scan {Kind} for {Day} was taken over by another instance after {Mails} mails", kind, today, mailIds.Count);
                return new KindScan(kind, ScanState.TakenOver, mailIds);
            }
        }

        await db.ReminderScans.Where(s => s.Kind == kind && s.Day == today && s.LeaseToken == token)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.CompletedAtUtc, Now)
                .SetProperty(s => s.Queued, s => s.Queued + mailIds.Count)
                .SetProperty(s => s.LeaseToken, (Guid?)null)
                .SetProperty(s => s.LeaseUntilUtc, (DateTime?)null), cancellationToken);
        if (mailIds.Count > 0)
        {
            logger.LogInformation("Reminder scan {Kind} for {Day}: {Mails} mails queued", kind, today, mailIds.Count);
        }

        return new KindScan(kind, ScanState.Scanned, mailIds);
    }

    private async Task<ScanState> ClaimAsync(ReminderKind kind, DateOnly today, Guid token, CancellationToken cancellationToken)
    {
        var now = Now;
        var leaseUntil = now + settings.ScanLease;
        var scan = await db.ReminderScans.AsNoTracking().Where(s => s.Kind == kind && s.Day == today)
            .Select(s => new { s.CompletedAtUtc }).SingleOrDefaultAsync(cancellationToken);
        if (scan is null)
        {
            db.ReminderScans.Add(new ReminderScan { Kind = kind, Day = today, LeaseToken = token, LeaseUntilUtc = leaseUntil, StartedAtUtc = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ScanState.Scanned;
            }
            catch (DbUpdateException)
            {
                return ScanState.HeldByAnother; // another instance added the day's row first
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (scan.CompletedAtUtc is not null)
        {
            return ScanState.AlreadyScannedToday;
        }

        var taken = await db.ReminderScans
            .Where(s => s.Kind == kind && s.Day == today && s.CompletedAtUtc == null && (s.LeaseUntilUtc == null || s.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LeaseToken, token).SetProperty(s => s.LeaseUntilUtc, leaseUntil).SetProperty(s => s.StartedAtUtc, now), cancellationToken);
        return taken == 1 ? ScanState.Scanned : ScanState.HeldByAnother;
    }

    /// <returns>False when the lease is no longer this run's, or the ledger already holds one of the reminders.</returns>
    private async Task<bool> WriteAsync(ReminderKind kind, DateOnly today, Guid token, ReminderLetter[] batch, List<long> mailIds, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var leaseUntil = Now + settings.ScanLease;
        var renewed = await db.ReminderScans.Where(s => s.Kind == kind && s.Day == today && s.LeaseToken == token)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LeaseUntilUtc, leaseUntil), cancellationToken);
        if (renewed == 0)
        {
            return false;
        }

        var queuedAt = Now;
        var recipients = await queries.RecipientsAsync(batch.Select(l => l.UserId).ToList(), cancellationToken);
        var written = new List<OutboxMail>(batch.Length);
        foreach (var letter in batch)
        {
            if (!recipients.TryGetValue(letter.UserId, out var recipient))
            {
                continue;
            }

            var mail = outbox.Add(mails.Compose(kind, letter, recipient));
            written.Add(mail);
            foreach (var item in letter.Items)
            {
                db.Reminders.Add(new Reminder
                {
                    Kind = kind,
                    UserId = letter.UserId,
                    CourseSlug = item.CourseSlug,
                    Step = item.Step,
                    ForDate = item.ForDate,
                    SentOn = today,
                    QueuedAtUtc = queuedAt,
                    OutboxMail = mail,
                });
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "A reminder of kind {Kind} was already in the ledger: the batch was not written", kind);
            await transaction.RollbackAsync(CancellationToken.None);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        mailIds.AddRange(written.Select(m => m.Id));
        return true;
    }
}
