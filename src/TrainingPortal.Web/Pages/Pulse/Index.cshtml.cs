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

    /// <summary>
    /// Statement id to score as posted (<c>Scores[id]</c>); a missing or unparsable score is refused by the use case, not
    /// guessed. Read from the form rather than bound: the dictionary binder also takes <c>Scores[0].Key</c> pairs, and
    /// throws on a key posted twice or left empty.
    /// </summary>
    public Dictionary<string, string?> Scores { get; private set; } = [];

    [BindProperty]
    public int PeriodId { get; set; }

    [TempData]
    public bool Thanks { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Request.HasFormContentType)
        {
            return BadRequest(); // answers come only as the form posts them; Request.Form would throw
        }

        Scores = PostedScores();
        var scores = Scores.ToDictionary(s => s.Key, s => ScoreOf(s.Value));
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
        Refused = true;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Whether the form came back refused: its statements without a score then say so, each in its own group.</summary>
    public bool Refused { get; private set; }

    /// <summary>After a refused post, whether a statement still needs a score from the scale.</summary>
    public bool Unanswered(string statementId) =>
        Refused && !(ScoreOf(Scores.GetValueOrDefault(statementId)) is { } score && Core.CustomerFirst.Pulse.IsScore(score));

    private static int? ScoreOf(string? posted) =>
        int.TryParse(posted, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var score) ? score : null;

    /// <summary>The <c>Scores[id]</c> fields of the form, each once (a form's field names are unique), of a few statements at most.</summary>
    private Dictionary<string, string?> PostedScores()
    {
        const string prefix = "Scores[";
        return Request.Form.Keys
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(']') && name.Length > prefix.Length + 1 && name.Length <= prefix.Length + 101)
            .Take(Core.CustomerFirst.Pulse.MaxStatementsPerPeriod * 2)
            .ToDictionary(name => name[prefix.Length..^1], name => (string?)Request.Form[name].FirstOrDefault(), StringComparer.Ordinal);
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
