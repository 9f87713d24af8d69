using System.Diagnostics;
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

    /// <summary>Due and overdue reminders wait until the day's new-assignment notices are recorded (by any instance), so
    /// that nobody is told of a course and reminded of it on the same day.</summary>
    WaitingForNotices,
}

/// <param name="Recorded">Reminders this run recorded in the ledger.</param>
/// <param name="MailIds">The mails this run wrote (one per person, whatever number of reminders it carries).</param>
public sealed record KindScan(ReminderKind Kind, ScanState State, int Recorded, IReadOnlyList<long> MailIds, TimeSpan RecordTime, TimeSpan MailTime)
{
    public static KindScan NotRun(ReminderKind kind, ScanState state) => new(kind, state, 0, [], TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>
/// Finds the reminders that have fallen due and queues their mails. Each kind is scanned at most once a day of the
/// bank's calendar, by one instance at a time (a lease on its <see cref="ReminderScan"/> row). What is due is recorded
/// in the ledger by one set-based statement per kind and step (<see cref="ReminderQueries.RecordDueAsync"/>); the
/// mails are then written a batch of people at a time, each batch in one transaction that also renews the lease, so
/// a batch commits only while this instance still holds the scan. An instance that dies leaves recorded reminders
/// awaiting their mails: whoever takes the scan over writes them.
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
    private const int RemindersPerBatch = 1_000;

    public Task<IReadOnlyList<KindScan>> RunAsync(CancellationToken cancellationToken) => RunAsync(calendar.DateOf(Now), cancellationToken);

    /// <param name="today">
    /// The bank day every kind of the run scans: a run that crossed midnight reading the clock per kind would scan the
    /// due reminders for the new day, find its notices not yet sent and wait, and the old day's "due tomorrow" would
    /// never be written.
    /// </param>
    public async Task<IReadOnlyList<KindScan>> RunAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var results = new List<KindScan>();
        var failures = new List<System.Runtime.ExceptionServices.ExceptionDispatchInfo>();
        // The notice goes first: a course someone is told about today needs no due or overdue reminder as well.
        foreach (var kind in Enum.GetValues<ReminderKind>())
        {
            try
            {
                results.Add(await ScanAsync(kind, today, cancellationToken));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One kind's failure holds up only the kinds that wait for it (due and overdue wait for the notices):
                // expiries, digests and HR's summary go out regardless, and the failure is reported once all have run.
                logger.LogError(ex, "Reminder scan {Kind} failed; the other kinds go on", kind);
                failures.Add(System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
                db.ChangeTracker.Clear();
            }
        }

        if (failures.Count == 1)
        {
            failures[0].Throw();
        }

        return failures.Count == 0 ? results : throw new AggregateException("Reminder scans failed", failures.Select(f => f.SourceException));
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<KindScan> ScanAsync(ReminderKind kind, DateOnly today, CancellationToken cancellationToken)
    {
        if (kind is ReminderKind.DueReminder or ReminderKind.OverdueNotice
            && !await db.ReminderScans.AnyAsync(s => s.Kind == ReminderKind.AssignmentNotice && s.Day == today && s.CompletedAtUtc != null, cancellationToken))
        {
            return KindScan.NotRun(kind, ScanState.WaitingForNotices);
        }

        var token = Guid.NewGuid();
        var claim = await ClaimAsync(kind, today, token, cancellationToken);
        if (claim != ScanState.Scanned)
        {
            return KindScan.NotRun(kind, claim);
        }

        var clock = Stopwatch.StartNew();
        int recorded;
        var mailIds = new List<long>();
        bool written;
        TimeSpan recordTime;
        try
        {
            recorded = await queries.RecordDueAsync(kind, today, Now, cancellationToken);
            recordTime = clock.Elapsed;
            written = await WriteMailsAsync(kind, today, token, mailIds, cancellationToken);
        }
        catch
        {
            // Give the scan back at once, so the next attempt (here or in another instance) need not wait out the lease.
            await ReleaseAsync(kind, today, token);
            throw;
        }

        var mailTime = clock.Elapsed - recordTime;
        if (!written)
        {
            // Taken over only if another instance holds the scan now. Still ours, the batch failed for another reason
            // (a busy database, a deadlock): the scan is given back, and the failure reported so it is tried again soon.
            if (await ReleaseAsync(kind, today, token) > 0)
            {
                throw new InvalidOperationException($"Reminder scan {kind} for {today:yyyy-MM-dd} could not write a batch of mails after {mailIds.Count}; it gave its lease back.");
            }

            logger.LogWarning("Reminder scan {Kind} for {Day} was taken over by another instance after {Mails} mails", kind, today, mailIds.Count);
            return new KindScan(kind, ScanState.TakenOver, recorded, mailIds, recordTime, mailTime);
        }

        await db.ReminderScans.Where(s => s.Kind == kind && s.Day == today && s.LeaseToken == token)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.CompletedAtUtc, Now)
                .SetProperty(s => s.Queued, s => s.Queued + mailIds.Count)
                .SetProperty(s => s.LeaseToken, (Guid?)null)
                .SetProperty(s => s.LeaseUntilUtc, (DateTime?)null), cancellationToken);
        logger.LogInformation("Reminder scan {Kind} for {Day}: {Recorded} reminders recorded in {RecordMs} ms, {Mails} mails written in {MailMs} ms",
            kind, today, recorded, (long)recordTime.TotalMilliseconds, mailIds.Count, (long)mailTime.TotalMilliseconds);
        return new KindScan(kind, ScanState.Scanned, recorded, mailIds, recordTime, mailTime);
    }

    /// <returns>1 when the scan was still this run's and is given back, 0 when another instance holds it.</returns>
    private Task<int> ReleaseAsync(ReminderKind kind, DateOnly today, Guid token) =>
        db.ReminderScans.Where(s => s.Kind == kind && s.Day == today && s.LeaseToken == token)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LeaseToken, (Guid?)null).SetProperty(s => s.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);

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

    /// <summary>
    /// Writes one mail per person for the kind's reminders awaiting one, in batches read in user order (a person's
    /// reminders are never split across batches), so memory holds one batch however many are due.
    /// </summary>
    /// <returns>False when the lease stopped being this run's, or another writer got to a reminder first.</returns>
    private async Task<bool> WriteMailsAsync(ReminderKind kind, DateOnly today, Guid token, List<long> mailIds, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, DigestReport>? branchReports = null;
        DigestReport? summary = null;
        var after = "";
        var previous = "";
        while (true)
        {
            var batch = await db.Reminders.AsNoTracking()
                .Where(r => r.Kind == kind && r.AwaitingMail && string.Compare(r.UserId, after) > 0)
                .OrderBy(r => r.UserId).ThenBy(r => r.Id)
                .Take(RemindersPerBatch + 1)
                .Select(r => new { r.Id, r.UserId, r.CourseSlug, r.Step, r.ForDate })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return true;
            }

            if (batch.Count > RemindersPerBatch)
            {
                // Only whole people: the last person's rows may go on into the next batch, so they wait for it; a person
                // with more than a batch of them (leftovers of many days) is read whole on their own.
                var lastUser = batch[^1].UserId;
                var whole = batch.Where(r => r.UserId != lastUser).ToList();
                batch = whole.Count > 0 ? whole : await db.Reminders.AsNoTracking()
                    .Where(r => r.Kind == kind && r.AwaitingMail && r.UserId == lastUser)
                    .OrderBy(r => r.Id)
                    .Select(r => new { r.Id, r.UserId, r.CourseSlug, r.Step, r.ForDate })
                    .ToListAsync(cancellationToken);
            }

            after = batch[^1].UserId;
            if (kind == ReminderKind.BranchDigest)
            {
                branchReports ??= await queries.BranchDigestReportsAsync(calendar.MomentAt(Now), cancellationToken);
            }
            else if (kind == ReminderKind.HrSummary)
            {
                summary ??= await queries.HrSummaryReportAsync(calendar.MomentAt(Now), cancellationToken);
            }

            // Each course reminder is checked again as its mail is written (the rows may be a dead scan's, a day old): the
            // course still open by that due date, or the certificate still lapsing that day. One no longer true is taken
            // out of the ledger rather than closed, so what is true now (a notice of a due date moved since) is recorded
            // afresh, and no row points at a mail that does not carry it. An expiry mail also says from what moment the
            // certificate can be renewed, so its instant is read from the required course.
            var userIds = batch.Select(r => r.UserId).Distinct().ToList();
            var expiries = kind == ReminderKind.CertificateExpiry ? await queries.ExpiriesAsync(userIds, cancellationToken) : null;
            var open = kind is ReminderKind.AssignmentNotice or ReminderKind.DueReminder or ReminderKind.OverdueNotice
                ? await queries.OpenCoursesAsync(userIds, calendar.MomentAt(Now), cancellationToken) : null;
            DateTime? At(string userId, string courseSlug, DateOnly forDate) =>
                expiries?.GetValueOrDefault((userId, courseSlug)) is { } expires && calendar.DateOf(expires) == forDate ? expires : null;
            bool StillTrue(string userId, string courseSlug, DateOnly forDate) =>
                expiries is not null ? At(userId, courseSlug, forDate) is not null : open?.Contains((userId, courseSlug, forDate)) ?? true;
            var kept = batch.Where(r => StillTrue(r.UserId, r.CourseSlug, r.ForDate)).ToList();
            var withheld = batch.Except(kept).Select(r => r.Id).ToList();
            var letters = kept.GroupBy(r => r.UserId)
                .Select(g => new ReminderLetter(g.Key,
                    g.Select(r => new ReminderItem(r.CourseSlug, r.Step, r.ForDate, At(r.UserId, r.CourseSlug, r.ForDate))).OrderBy(i => i.ForDate).ThenBy(i => i.CourseSlug).ToList(),
                    kind == ReminderKind.BranchDigest ? branchReports!.GetValueOrDefault(g.Key) : summary))
                .ToList();
            if (!await WriteBatchAsync(kind, today, token, letters, withheld, (From: previous, To: after, Rows: batch.Count), mailIds, cancellationToken))
            {
                return false;
            }

            previous = after;
        }
    }

    /// <summary>
    /// Writes one batch's mails, takes the <paramref name="withheld"/> reminders (no longer true) out of the ledger, then
    /// links every other reminder of the batch's people to its mail with one UPDATE: each mail's Message-ID is made from
    /// its kind, day, scan and recipient, so the database finds it without a statement per mail.
    /// </summary>
    private async Task<bool> WriteBatchAsync(ReminderKind kind, DateOnly today, Guid token, List<ReminderLetter> letters, List<long> withheld,
        (string From, string To, int Rows) people, List<long> mailIds, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var leaseUntil = Now + settings.ScanLease;
        var renewed = await db.ReminderScans.Where(s => s.Kind == kind && s.Day == today && s.LeaseToken == token)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LeaseUntilUtc, leaseUntil), cancellationToken);
        if (renewed == 0)
        {
            return false;
        }

        var recipients = await queries.RecipientsAsync(letters.Select(l => l.UserId).ToList(), cancellationToken);
        // The scan's own token keeps a takeover's mail to someone mailed earlier that day from colliding with it.
        var prefix = $"reminder.{kind}.{today:yyyyMMdd}.{token:N}.".ToLowerInvariant();
        var suffix = outbox.MessageIdFor("");
        var written = new List<OutboxMail>(letters.Count);
        foreach (var letter in letters)
        {
            // Someone who left since the reminder was recorded, a digest with nothing to report or switched off since, or
            // reminders no longer true, get no mail.
            var isDigest = kind is ReminderKind.BranchDigest or ReminderKind.HrSummary;
            if (recipients.TryGetValue(letter.UserId, out var recipient)
                && (isDigest ? letter.Digest is not null && recipient.ReceivesDigest : letter.Items.Count > 0))
            {
                written.Add(outbox.Add(mails.Compose(kind, letter, recipient), prefix + letter.UserId + suffix));
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var taken = withheld.Count == 0 ? 0 : await db.Reminders.Where(r => withheld.Contains(r.Id) && r.AwaitingMail).ExecuteDeleteAsync(cancellationToken);
            var linked = taken + await db.Reminders
                .Where(r => r.Kind == kind && r.AwaitingMail && string.Compare(r.UserId, people.From) > 0 && string.Compare(r.UserId, people.To) <= 0)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.AwaitingMail, false)
                    .SetProperty(r => r.OutboxMailId, r => db.OutboxMails.Where(m => m.MessageId == prefix + r.UserId + suffix).Select(m => (long?)m.Id).FirstOrDefault()),
                    cancellationToken);
            if (linked != people.Rows)
            {
                logger.LogWarning("{Kind} reminders changed while their mails were written ({Linked} rows, {Expected} read): the batch was not written", kind, linked, people.Rows);
                await transaction.RollbackAsync(CancellationToken.None);
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "Another writer wrote a {Kind} mail of this batch first: the batch was not written", kind);
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
