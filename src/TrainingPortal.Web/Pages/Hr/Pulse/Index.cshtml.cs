using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Web.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Hr.Pulse;

/// <summary>HR opens pulse periods and sees how many have answered; results are on the dashboard, by group only.</summary>
public class IndexModel(PortalDbContext db, CourseCatalog catalog, OpenPulsePeriod openPeriod, WithdrawPulsePeriod withdrawPeriod, TimeProvider time, BankCalendar calendar,
    IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    public sealed record PeriodLine(int Id, string Title, DateOnly OpensOn, DateOnly ClosesOn, int Statements, int Responses);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    /// <summary>Why a withdrawal was refused, shown after the redirect, apart from the form for opening a period.</summary>
    [TempData]
    public string? Problem { get; set; }

    public IReadOnlyList<PeriodLine> Periods { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public CourseCatalog Catalog => catalog;

    public class InputModel
    {
        [Display(Name = "Hr.Pulse.Field.Title")]
        [Required(ErrorMessage = "Refusal.Pulse.TitleRequired")]
        [StringLength(Core.CustomerFirst.Pulse.MaxTitleLength, ErrorMessage = "Validation.StringLength")]
        public string? Title { get; set; }

        [Display(Name = "Hr.Pulse.Field.OpensOn")]
        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Date)]
        public DateOnly? OpensOn { get; set; }

        [Display(Name = "Hr.Pulse.Field.ClosesOn")]
        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Date)]
        public DateOnly? ClosesOn { get; set; }

        [Display(Name = "Hr.Pulse.Field.Statements")]
        public List<string> StatementIds { get; set; } = [];
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        Input.OpensOn = Today;
        Input.ClosesOn = Today.AddDays(14);
        Input.StatementIds = catalog.PulseStatements.Select(s => s.Id).ToList();
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        if (ModelState.IsValid && Input.OpensOn is { } opensOn && Input.ClosesOn is { } closesOn)
        {
            var outcome = await openPeriod.ExecuteAsync(new PulsePeriodRequest(Input.Title, opensOn, closesOn, Input.StatementIds), Actor.From(User), cancellationToken);
            if (outcome.Forbidden)
            {
                return Forbid();
            }

            if (outcome.Succeeded)
            {
                Message = text["Hr.Pulse.Opened", Input.Title!.Trim()];
                return RedirectToPage();
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken cancellationToken)
    {
        var outcome = await withdrawPeriod.ExecuteAsync(id, Actor.From(User), cancellationToken);
        if (outcome.Forbidden)
        {
            return Forbid();
        }

        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            Message = text["Hr.Pulse.Withdrawn", outcome.Value!];
            return RedirectToPage();
        }

        Problem = string.Join(Typography.WordSpace, outcome.Refusals.Select(r => r.Message));
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var periods = await db.PulsePeriods.AsNoTracking().OrderByDescending(p => p.OpensOn).Take(50).ToListAsync(cancellationToken);
        var ids = periods.Select(p => p.Id).ToList();
        var responses = await db.PulseResponses.Where(r => ids.Contains(r.PeriodId)).GroupBy(r => r.PeriodId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Periods = periods.Select(p => new PeriodLine(p.Id, p.Title, p.OpensOn, p.ClosesOn, p.StatementIds.Count, responses.GetValueOrDefault(p.Id))).ToList();
    }
}
