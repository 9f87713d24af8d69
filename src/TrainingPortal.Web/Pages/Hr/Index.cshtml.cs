using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Hr;

/// <summary>HR's landing page: what needs chasing today, who cannot get in yet, and what the last imports did.</summary>
public class IndexModel(PortalDbContext db, TimeProvider time, BankCalendar calendar, AuditSentences sentences) : PageModel
{
    /// <summary>How far ahead "due soon" looks.</summary>
    public const int DueSoonDays = 14;

    public DateOnly Today { get; private set; }
    public CompletionTotals All { get; private set; } = CompletionTotals.Empty;
    public CompletionTotals DueSoon { get; private set; } = CompletionTotals.Empty;
    public IReadOnlyDictionary<AccountState, int> Accounts { get; private set; } = new Dictionary<AccountState, int>();
    /// <summary>The latest imports, each as the audit trail writes it in the reader's language.</summary>
    public IReadOnlyList<AuditLine> RecentImports { get; private set; } = [];

    public int AccountsIn(AccountState state) => Accounts.GetValueOrDefault(state);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        Today = at.Today;
        All = await CompletionQuery.TotalsAsync(db, new CompletionFilter(), at, cancellationToken);
        DueSoon = await CompletionQuery.TotalsAsync(db, new CompletionFilter(DueFrom: Today, DueTo: Today.AddDays(DueSoonDays), UnfinishedOnly: true), at, cancellationToken);
        Accounts = await CountAccountsAsync(now, cancellationToken);
        RecentImports = await sentences.WriteAsync(await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.ImportApplied)
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Take(5)
            .ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Accounts per state: the database counts each combination of the facts, <see cref="AccountStates.Of"/> names it.</summary>
    private async Task<Dictionary<AccountState, int>> CountAccountsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var groups = await db.Users
            .Select(u => new AccountFacts
            {
                IsActive = u.IsActive,
                CanSignIn = u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id),
                Invited = u.InvitationExpiresAtUtc != null,
                InvitationOpen = u.InvitationExpiresAtUtc > now,
            })
            .GroupBy(f => new { f.IsActive, f.CanSignIn, f.Invited, f.InvitationOpen })
            .Select(g => new { g.Key.IsActive, g.Key.CanSignIn, g.Key.Invited, g.Key.InvitationOpen, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return groups
            .GroupBy(g => AccountStates.Of(g.IsActive, g.CanSignIn, g.Invited ? (g.InvitationOpen ? DateTime.MaxValue : DateTime.MinValue) : null, now))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
    }

    private sealed class AccountFacts
    {
        public bool IsActive { get; init; }
        public bool CanSignIn { get; init; }
        public bool Invited { get; init; }
        public bool InvitationOpen { get; init; }
    }
}
