using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Reports;

public class CompletionModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CompletionReportQuery Query { get; set; } = new();

    public CompletionReportView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (Query.WantsCsv)
        {
            return CompletionReportView.Csv(db, catalog, Query, now, $"completion-{now:yyyyMMdd}.csv");
        }

        View = await CompletionReportView.LoadAsync(db, catalog, Query, now, canChooseBranch: true, cancellationToken);
        return Page();
    }
}
