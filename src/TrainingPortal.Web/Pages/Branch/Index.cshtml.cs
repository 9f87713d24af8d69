using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Branch;

/// <summary>The completion report for the signed-in manager's own branch: the branch comes from the account, never the URL.</summary>
public class IndexModel(Microsoft.Extensions.Options.IOptions<DashboardSettings> dashboardSettings, PortalDbContext db, CourseCatalog catalog, TimeProvider time, BankCalendar calendar, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CompletionReportQuery Query { get; set; } = new();

    public CompletionReportView View { get; private set; } = null!;
    public string BranchName { get; private set; } = "";
    public string BranchCode { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.BranchId() is not { } branchId)
        {
            return Forbid();
        }

        var branch = await db.Branches.Where(b => b.Id == branchId).Select(b => new { b.Name, b.Code }).SingleAsync(cancellationToken);
        (BranchName, BranchCode) = (branch.Name, branch.Code);
        Query.Region = null;
        Query.Branch = branchId;
        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        if (Query.Export is { } format)
        {
            return await CompletionReportView.ExportAsync(db, catalog, text, calendar, Query, at, format,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"completion-{BranchCode}-{at.Today:yyyyMMdd}"), cancellationToken);
        }

        View = await CompletionReportView.LoadAsync(db, catalog, Query, at, canChooseBranch: false, dashboardSettings.Value.BranchPageSize, cancellationToken);
        return Page();
    }
}
