using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Reports;

public class CompletionModel(Microsoft.Extensions.Options.IOptions<DashboardSettings> dashboardSettings, PortalDbContext db, CourseCatalog catalog, TimeProvider time, BankCalendar calendar, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CompletionReportQuery Query { get; set; } = new();

    public CompletionReportView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await Query.NamesNoSuchPlaceAsync(db, cancellationToken))
        {
            return NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        if (Query.Export is { } format)
        {
            return await CompletionReportView.ExportAsync(db, catalog, text, calendar, Query, at, format,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"completion-{at.Today:yyyyMMdd}"), cancellationToken);
        }

        View = await CompletionReportView.LoadAsync(db, catalog, Query, at, canChooseBranch: true, dashboardSettings.Value.BranchPageSize, cancellationToken);
        return Page();
    }
}
