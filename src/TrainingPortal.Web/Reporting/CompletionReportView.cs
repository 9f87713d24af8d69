using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reporting;

/// <summary>The query-string shape of the completion report, shared by the HR report and the branch view.</summary>
public sealed class CompletionReportQuery
{
    public const int PageSize = 50;

    public int? Region { get; set; }
    public int? Branch { get; set; }
    public string? Course { get; set; }
    public TrainingStatus? Status { get; set; }
    public DateOnly? DueFrom { get; set; }
    public DateOnly? DueTo { get; set; }

    /// <summary>Only people who joined after the assignment was made (and so have the joiners' window).</summary>
    public bool Joiners { get; set; }

    /// <summary>A name or employee number, or part of one.</summary>
    public string? Q { get; set; }
    public string? Sort { get; set; }
    public bool Desc { get; set; }
    public int Page { get; set; } = 1;
    public string? Format { get; set; }

    /// <summary>The file the query asks for instead of the page, if any.</summary>
    public ExportFormat? Export => ExportFormats.Parse(Format);

    /// <summary>A status that is not one of ours (a number typed into the address) filters nothing rather than failing.</summary>
    public CompletionFilter ToFilter() => new(Region, Branch, string.IsNullOrWhiteSpace(Course) ? null : Course,
        Status is { } status && Enum.IsDefined(status) ? status : null, DueFrom, DueTo, Joiners, string.IsNullOrWhiteSpace(Q) ? null : Q);

    /// <summary>The query string for the same filters with some values changed (paging, sorting, export).</summary>
    public string With(string path, string? sort = null, bool? desc = null, int? page = null, string? format = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["region"] = Region?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["branch"] = Branch?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["course"] = Course,
            ["status"] = Status?.ToString(),
            ["dueFrom"] = DueFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["dueTo"] = DueTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["joiners"] = Joiners ? "true" : null,
            ["q"] = Q,
            ["sort"] = sort ?? Sort,
            ["desc"] = (desc ?? Desc) ? "true" : null,
            ["page"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ["format"] = format,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }
}

public sealed record CompletionReportView(
    CompletionReportQuery Query,
    CompletionTotals Totals,
    IReadOnlyList<CompletionRow> Rows,
    int PageCount,
    IReadOnlyList<(int Id, string Name)> Regions,
    IReadOnlyList<(int Id, string Name)> Branches,
    CourseCatalog Catalog,
    bool CanChooseBranch)
{
    /// <summary>The same rows as the page, all of them, in the same order, streamed as a file to download.</summary>
    public static async Task<TableExportResult<CompletionRow>> ExportAsync(PortalDbContext db, CourseCatalog catalog, IStringLocalizer text, BankCalendar calendar,
        CompletionReportQuery query, StatusMoment at, ExportFormat format, string fileBaseName, CancellationToken cancellationToken) =>
        new(format, fileBaseName, text["Report.Title"], CompletionExport.Columns(text, calendar, catalog),
            CompletionQuery.Sort(CompletionQuery.Rows(db, await query.ToFilter().WithRegionScopeAsync(db, cancellationToken), at), query.Sort, query.Desc).AsAsyncEnumerable());

    public static async Task<CompletionReportView> LoadAsync(PortalDbContext db, CourseCatalog catalog, CompletionReportQuery query,
        StatusMoment at, bool canChooseBranch, CancellationToken cancellationToken)
    {
        var filter = await query.ToFilter().WithRegionScopeAsync(db, cancellationToken);
        var rows = CompletionQuery.Rows(db, filter, at);
        var totals = await CompletionQuery.TotalsAsync(db, filter, at, cancellationToken);
        var pageCount = Math.Max(1, (totals.Assigned + CompletionReportQuery.PageSize - 1) / CompletionReportQuery.PageSize);
        query.Page = Math.Clamp(query.Page, 1, pageCount);
        var page = await CompletionQuery.Sort(rows, query.Sort, query.Desc)
            .Skip((query.Page - 1) * CompletionReportQuery.PageSize)
            .Take(CompletionReportQuery.PageSize)
            .ToListAsync(cancellationToken);
        var regions = (await db.Regions.OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken)).Select(r => (r.Id, r.Name)).ToList();
        var branches = (await db.Branches.OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken)).Select(b => (b.Id, b.Name)).ToList();
        return new CompletionReportView(query, totals, page, pageCount, regions, branches, catalog, canChooseBranch);
    }
}
