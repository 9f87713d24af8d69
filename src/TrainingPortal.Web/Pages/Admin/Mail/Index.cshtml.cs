using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Pages.Admin.Mail;

public class IndexModel(PortalDbContext db, RetryMail retryMail, TimeProvider time, BankCalendar calendar) : PageModel
{
    private const int Latest = 50;
    private const int ReminderDays = 14;

    /// <summary>The reminder mails queued on one of the bank's days, of one kind, by where they are now.</summary>
    public sealed record ReminderDay(DateOnly Day, ReminderKind Kind, int Queued, int Sent, int Failed, int Withdrawn)
    {
        public int Waiting => Queued - Sent - Failed - Withdrawn;
    }

    public IReadOnlyList<ReminderDay> Reminders { get; private set; } = [];

    /// <param name="LastError">The last failed attempt's details: the mail server's answer, in its own words.</param>
    /// <param name="LastFailure">What that attempt ran into, shown in the reader's language.</param>
    /// <param name="WithdrawnBecause">Why the outbox withdrew it, shown in the reader's language.</param>
    public sealed record MailRow(long Id, string ToName, string ToAddress, string Subject, OutboxState State, int Attempts, string? LastError,
        MailFailure? LastFailure, MailWithdrawal? WithdrawnBecause, DateTime CreatedAtUtc, DateTime? SentAtUtc, DateTime NextAttemptAtUtc);

    public int Pending { get; private set; }
    public int Sent { get; private set; }
    public int Failed { get; private set; }
    public int Withdrawn { get; private set; }
    public IReadOnlyList<MailRow> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var outcome = await retryMail.ExecuteAsync(id, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            Message = outcome.Value;
            return RedirectToPage();
        }

        ModelState.AddRefusals(outcome.Refusals, prefix: null);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var counts = await db.OutboxMails.GroupBy(m => m.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        Pending = counts.Where(c => c.State == OutboxState.Pending).Sum(c => c.Count);
        Sent = counts.Where(c => c.State == OutboxState.Sent).Sum(c => c.Count);
        Failed = counts.Where(c => c.State == OutboxState.Failed).Sum(c => c.Count);
        Withdrawn = counts.Where(c => c.State == OutboxState.Withdrawn).Sum(c => c.Count);
        // Failed mails come first, so every one that needs a retry is on the page, however much was sent since.
        Rows = await db.OutboxMails.AsNoTracking()
            .OrderBy(m => m.State == OutboxState.Failed ? 0 : 1).ThenByDescending(m => m.CreatedAtUtc).ThenByDescending(m => m.Id)
            .Take(Latest)
            .Select(m => new MailRow(m.Id, m.ToName, m.ToAddress, m.Subject, m.State, m.Attempts, m.LastError, m.LastFailure, m.WithdrawnBecause, m.CreatedAtUtc, m.SentAtUtc, m.NextAttemptAtUtc))
            .ToListAsync(cancellationToken);

        var since = calendar.DateOf(time.GetUtcNow().UtcDateTime).AddDays(1 - ReminderDays);
        var reminderMails = await db.Reminders.Where(r => r.SentOn >= since && r.OutboxMailId != null)
            .GroupBy(r => new { r.SentOn, r.Kind, r.OutboxMail!.State })
            .Select(g => new { g.Key.SentOn, g.Key.Kind, g.Key.State, Mails = g.Select(r => r.OutboxMailId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        Reminders = reminderMails.GroupBy(r => (r.SentOn, r.Kind))
            .Select(g => new ReminderDay(g.Key.SentOn, g.Key.Kind, g.Sum(r => r.Mails),
                g.Where(r => r.State == OutboxState.Sent).Sum(r => r.Mails), g.Where(r => r.State == OutboxState.Failed).Sum(r => r.Mails),
                g.Where(r => r.State == OutboxState.Withdrawn).Sum(r => r.Mails)))
            .OrderByDescending(r => r.Day).ThenBy(r => r.Kind)
            .ToList();
    }
}
