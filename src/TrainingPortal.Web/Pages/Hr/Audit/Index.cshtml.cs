using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Hr.Audit;

/// <summary>Read-only: audit rows are added by the actions themselves and never changed or removed.</summary>
public class IndexModel(PortalDbContext db, BankCalendar calendar, TimeProvider time, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    private const int PageSize = 50;

    public sealed record AuditRow(DateTime AtUtc, string ActorName, string Action, string TargetType, string TargetId, string Summary, string? BeforeJson, string? AfterJson);

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public string PageLink(int page) => Link("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string ExportLink(ExportFormat format) => Link("format", format.QueryValue());

    // Razor Pages keeps the "page" route value for the page's own name, so the page number goes in the query string.
    private string Link(string name, string value) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Url.Page("/Hr/Audit/Index")!, new Dictionary<string, string?>
        {
            ["action"] = Action, ["actor"] = Actor, ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [name] = value,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var filtered = Filtered();
        var entries = filtered.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Select(a => new AuditRow(a.AtUtc, a.ActorName, a.Action, a.TargetType, a.TargetId, a.Summary, a.BeforeJson, a.AfterJson));
        if (ExportFormats.Parse(Format) is { } format)
        {
            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            return new TableExportResult<AuditRow>(format, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"audit-{today:yyyyMMdd}"),
                text["Hr.Audit.Title"], ExportColumns(), entries.AsAsyncEnumerable());
        }

        Actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        Total = await filtered.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await entries.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return Page();
    }

    private IQueryable<AuditEntry> Filtered()
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action))
        {
            entries = entries.Where(a => a.Action == Action);
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            entries = entries.Where(a => a.ActorName.Contains(Actor));
        }

        // The dates are the bank's calendar dates, as the times in the list are shown in the bank's zone.
        if (From is { } from)
        {
            var fromUtc = calendar.StartOfDayUtc(from);
            entries = entries.Where(a => a.AtUtc >= fromUtc);
        }

        if (To is { } to)
        {
            var toUtc = calendar.StartOfDayUtc(to.AddDays(1));
            entries = entries.Where(a => a.AtUtc < toUtc);
        }

        return entries;
    }

    private IReadOnlyList<ExportColumn<AuditRow>> ExportColumns() =>
    [
        new(text["Hr.Audit.Export.When", calendar.Zone.Id], row => ExportCell.BankTime(calendar, row.AtUtc)),
        new(text["Hr.Audit.Export.Who"], row => row.ActorName),
        new(text["Hr.Audit.Export.Action"], row => text.AuditActionName(row.Action)),
        new(text["Hr.Audit.Export.TargetType"], row => row.TargetType),
        new(text["Hr.Audit.Export.TargetId"], row => row.TargetId),
        new(text["Hr.Audit.Export.Summary"], row => row.Summary),
    ];
}
