using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Pages.Admin.Mail;

public class IndexModel(PortalDbContext db, RetryMail retryMail) : PageModel
{
    private const int Latest = 50;

    public sealed record MailRow(long Id, string ToName, string ToAddress, string Subject, OutboxState State, int Attempts, string? LastError,
        DateTime CreatedAtUtc, DateTime? SentAtUtc, DateTime NextAttemptAtUtc);

    public int Pending { get; private set; }
    public int Sent { get; private set; }
    public int Failed { get; private set; }
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
        // Failed mails come first, so every one that needs a retry is on the page, however much was sent since.
        Rows = await db.OutboxMails.AsNoTracking()
            .OrderBy(m => m.State == OutboxState.Failed ? 0 : 1).ThenByDescending(m => m.CreatedAtUtc).ThenByDescending(m => m.Id)
            .Take(Latest)
            .Select(m => new MailRow(m.Id, m.ToName, m.ToAddress, m.Subject, m.State, m.Attempts, m.LastError, m.CreatedAtUtc, m.SentAtUtc, m.NextAttemptAtUtc))
            .ToListAsync(cancellationToken);
    }
}
