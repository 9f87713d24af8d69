using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Hr.Audit;

/// <summary>Read-only: audit rows are added by the actions themselves and never changed or removed.</summary>
public class IndexModel(PortalDbContext db, AuditSentences sentences, BankCalendar calendar, TimeProvider time, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    private const int PageSize = 50;

    // The export reads in batches, so that each batch's names are looked up together and memory stays flat.
    private const int ExportBatch = 500;

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }

    /// <summary>A person's name or employee number, or any entry's target id.</summary>
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public IReadOnlyList<AuditLine> Rows { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public string PageLink(int page) => Link("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string ExportLink(ExportFormat format) => Link("format", format.QueryValue());

    // Razor Pages keeps the "page" route value for the page's own name, and binding finds it before the query string:
    // the page number is "p".
    private string Link(string name, string value) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Url.Page("/Hr/Audit/Index")!, new Dictionary<string, string?>
        {
            ["action"] = Action, ["actor"] = Actor, ["subject"] = Subject, ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            [name] = value,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var filtered = Filtered();
        if (ExportFormats.Parse(Format) is { } format)
        {
            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            return new TableExportResult<AuditLine>(format, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"audit-{today:yyyyMMdd}"),
                text["Hr.Audit.Title"], ExportColumns(), ExportLinesAsync(filtered));
        }

        Actions = await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        Total = await filtered.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var entries = await NewestFirst(filtered).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        Rows = await sentences.WriteAsync(entries, cancellationToken);
        return Page();
    }

    private static IQueryable<AuditEntry> NewestFirst(IQueryable<AuditEntry> entries) =>
        entries.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id);

    // Each batch continues after the last entry of the one before, so entries added meanwhile neither repeat nor shift it.
    private async IAsyncEnumerable<AuditLine> ExportLinesAsync(IQueryable<AuditEntry> filtered, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = await NewestFirst(filtered).Take(ExportBatch).ToListAsync(cancellationToken);
        while (batch.Count > 0)
        {
            foreach (var line in await sentences.WriteAsync(batch, cancellationToken))
            {
                yield return line;
            }

            if (batch.Count < ExportBatch)
            {
                yield break;
            }

            var (atUtc, id) = (batch[^1].AtUtc, batch[^1].Id);
            batch = await NewestFirst(filtered.Where(a => a.AtUtc < atUtc || (a.AtUtc == atUtc && a.Id < id))).Take(ExportBatch).ToListAsync(cancellationToken);
        }
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
            // The command line is shown in the reader's words (AuditActorName), so those words find it too.
            var typed = Actor.Trim();
            var actor = LikePattern.Containing(typed);
            var console = Infrastructure.Actor.Console.UserId;
            entries = text.ConsoleName().Contains(typed, StringComparison.CurrentCultureIgnoreCase)
                ? entries.Where(a => EF.Functions.Like(a.ActorName, actor, LikePattern.Escape) || a.ActorUserId == console)
                : entries.Where(a => EF.Functions.Like(a.ActorName, actor, LikePattern.Escape));
        }

        if (!string.IsNullOrWhiteSpace(Subject))
        {
            var subject = Subject.Trim();
            var (name, number) = (LikePattern.Containing(subject), LikePattern.Containing(EmployeeNumbers.Normalise(subject)));
            var people = db.Users.Where(u => EF.Functions.Like(u.DisplayName, name, LikePattern.Escape) || EF.Functions.Like(u.EmployeeNumber, number, LikePattern.Escape))
                .Select(u => u.Id);
            // A person's entries are those about them and about their certificates and observations of them.
            var certificates = db.Certificates.Where(c => people.Contains(c.UserId)).Select(c => c.Serial);
            var observations = db.Observations.Where(o => people.Contains(o.SubjectUserId)).Select(o => o.Id.ToString());
            entries = entries.Where(a => a.TargetId == subject
                || (a.TargetType == AuditTargets.Employee && people.Contains(a.TargetId))
                || (a.TargetType == AuditTargets.Certificate && certificates.Contains(a.TargetId))
                || (a.TargetType == AuditTargets.Observation && observations.Contains(a.TargetId)));
        }

        // The dates are the bank's calendar dates, as the times in the list are shown in the bank's zone.
        if (From is { } from)
        {
            var fromUtc = calendar.StartOfDayUtc(from);
            entries = entries.Where(a => a.AtUtc >= fromUtc);
        }

        if (To is { } to && to < DateOnly.MaxValue) // the calendar's last day leaves nothing after it to exclude
        {
            var toUtc = calendar.StartOfDayUtc(to.AddDays(1));
            entries = entries.Where(a => a.AtUtc < toUtc);
        }

        return entries;
    }

    private IReadOnlyList<ExportColumn<AuditLine>> ExportColumns() =>
    [
        new(text["Hr.Audit.Export.When", calendar.Zone.Id], row => ExportCell.BankTime(calendar, row.Entry.AtUtc)),
        new(text["Hr.Audit.Export.Who"], row => text.AuditActorName(row.Entry)),
        new(text["Hr.Audit.Export.Action"], row => text.AuditActionName(row.Entry.Action)),
        new(text["Hr.Audit.Export.TargetType"], row => text.AuditTargetName(row.Entry.TargetType)),
        new(text["Hr.Audit.Export.TargetId"], row => row.Entry.TargetId),
        new(text["Hr.Audit.Export.Summary"], row => row.Entry.Summary),
        new(text["Hr.Audit.Export.Sentence"], row => row.Sentence),
    ];
}
