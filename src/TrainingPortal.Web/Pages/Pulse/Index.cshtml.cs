using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Pulse;

/// <summary>The open pulse, answered once and anonymously by every employee.</summary>
public class IndexModel(PortalDbContext db, CourseCatalog catalog, AnswerPulse answerPulse, TimeProvider time, BankCalendar calendar, PulseSettings settings) : PageModel
{
    public PulsePeriod? Period { get; private set; }
    public IReadOnlyList<PulseStatement> Statements { get; private set; } = [];
    public bool HasAnswered { get; private set; }
    public int MinimumGroupSize => settings.MinimumGroupSize;

    /// <summary>Statement id to score; a missing or unparsable score is refused by the use case, not guessed.</summary>
    [BindProperty]
    public Dictionary<string, string?> Scores { get; set; } = [];

    [BindProperty]
    public int PeriodId { get; set; }

    [TempData]
    public bool Thanks { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var scores = Scores.Where(s => s.Key.Length <= 100).Take(Core.CustomerFirst.Pulse.MaxStatementsPerPeriod * 2)
            .ToDictionary(s => s.Key, s => int.TryParse(s.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : (int?)null);
        var outcome = await answerPulse.ExecuteAsync(PeriodId, scores, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Forbidden)
        {
            return Forbid();
        }

        if (outcome.Succeeded)
        {
            Thanks = true;
            return RedirectToPage();
        }

        ModelState.AddRefusals(outcome.Refusals, prefix: null);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        Period = await db.PulsePeriods.AsNoTracking().Where(p => p.OpensOn <= today && today <= p.ClosesOn).OrderBy(p => p.OpensOn).FirstOrDefaultAsync(cancellationToken);
        if (Period is null)
        {
            return;
        }

        var me = User.UserId();
        HasAnswered = await db.PulseParticipations.AnyAsync(p => p.PeriodId == Period.Id && p.UserId == me, cancellationToken);
        Statements = Period.StatementIds.Select(id => catalog.FindPulseStatement(id) ?? new PulseStatement(id, id)).ToList();
    }
}
