using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Pages.Hr.Audit;

/// <summary>Read-only: audit rows are added by the actions themselves and never changed or removed.</summary>
public class IndexModel(PortalDbContext db, BankCalendar calendar) : PageModel
{
    private const int PageSize = 50;

    public sealed record AuditRow(DateTime AtUtc, string ActorName, string Action, string TargetType, string TargetId, string Summary, string? BeforeJson, string? AfterJson);

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    // Razor Pages keeps the "page" route value for the page's own name, so the page number goes in the query string.
    public string PageLink(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Url.Page("/Hr/Audit/Index")!, new Dictionary<string, string?>
        {
            ["action"] = Action, ["actor"] = Actor, ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
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

        Total = await entries.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await entries.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new AuditRow(a.AtUtc, a.ActorName, a.Action, a.TargetType, a.TargetId, a.Summary, a.BeforeJson, a.AfterJson))
            .ToListAsync(cancellationToken);
    }
}
