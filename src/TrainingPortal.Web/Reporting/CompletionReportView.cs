using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Organisation;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Reporting;

/// <summary>The query-string shape of the completion report, shared by the HR report and the branch view.</summary>
public sealed class CompletionReportQuery
{
    public const int PageSize = 50;

    public int? Region { get; set; }
    public int? Branch { get; set; }
    /// <summary>A branch by its code, where the bank has too many branches to list (see <see cref="ResolveBranchCodeAsync"/>).</summary>
    public string? BranchCode { get; set; }
    public string? Course { get; set; }
    public TrainingStatus? Status { get; set; }
    public DateOnly? DueFrom { get; set; }
    public DateOnly? DueTo { get; set; }

    /// <summary>Only people who joined after the assignment was made (and so have the joiners' window).</summary>
    public bool Joiners { get; set; }

    /// <summary>Only the courses still to be done: not started, in progress or overdue.</summary>
    public bool Unfinished { get; set; }

    /// <summary>A name or employee number, or part of one.</summary>
    public string? Q { get; set; }
    public string? Sort { get; set; }
    public bool Desc { get; set; }
    /// <summary>Read from "p": Razor Pages keeps the "page" route value for the page's own name, which binding finds first.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "p")]
    public int Page { get; set; } = 1;
    /// <summary>The next page starts after this row (a <see cref="ReportOrder.Cursor"/> token), not by skipping rows.</summary>
    public string? After { get; set; }
    /// <summary>The previous page ends before this row.</summary>
    public string? Before { get; set; }
    public string? Format { get; set; }

    /// <summary>The file the query asks for instead of the page, if any.</summary>
    public ExportFormat? Export => ExportFormats.Parse(Format);

    /// <summary>A status that is not one of ours (a number typed into the address) filters nothing rather than failing.</summary>
    public CompletionFilter ToFilter() => new(Region, Branch, string.IsNullOrWhiteSpace(Course) ? null : Course,
        Status is { } status && Enum.IsDefined(status) ? status : null, DueFrom, DueTo, Joiners, string.IsNullOrWhiteSpace(Q) ? null : Q, Unfinished);

    /// <summary>
    /// A region or branch by a number that names none. Both are picked from lists, so this is a link gone wrong rather
    /// than a filter, and the page answers it as the dashboard does: not found, where an empty report would look like a
    /// place with nobody in it. A code typed into the form is the user's own input and gets a message instead.
    /// </summary>
    public async Task<bool> NamesNoSuchPlaceAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        (Region is { } region && !await db.Regions.AnyAsync(r => r.Id == region, cancellationToken))
        || (Branch is { } branch && !await db.Branches.AnyAsync(b => b.Id == branch, cancellationToken));

    /// <summary>The code typed names no branch: the report shows no one rather than everyone.</summary>
    public bool UnknownBranchCode { get; private set; }

    /// <summary>
    /// A course as the catalogue spells it, however it was typed (slugs compare exactly in the database): the filter,
    /// the course list and the paging links then all name the same course. One the catalogue does not know stays as typed.
    /// </summary>
    public void ResolveCourse(CourseCatalog catalog) => Course = string.IsNullOrWhiteSpace(Course) ? Course : catalog.Find(Course)?.Slug ?? Course;

    /// <summary>A branch typed by its code becomes the branch filter; a branch already fixed (the branch view's own) wins.</summary>
    public async Task ResolveBranchCodeAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (Branch is not null)
        {
            BranchCode = null; // and in the paging and export links too, which would otherwise carry the code
            return;
        }

        if (string.IsNullOrWhiteSpace(BranchCode))
        {
            return;
        }

        var code = BranchCode.Trim().ToUpperInvariant();
        var id = await db.Branches.Where(b => b.Code == code).Select(b => (int?)b.Id).SingleOrDefaultAsync(cancellationToken);
        UnknownBranchCode = id is null;
        Branch = id ?? 0; // no branch has the id 0
    }

    /// <summary>The query string for the same filters with some values changed (paging, sorting, export).</summary>
    public string With(string path, string? sort = null, bool? desc = null, int? page = null, string? format = null, string? after = null, string? before = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["region"] = Region?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["branch"] = string.IsNullOrWhiteSpace(BranchCode) ? Branch?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ["branchcode"] = BranchCode,
            ["course"] = Course,
            ["status"] = Status?.ToString(),
            ["dueFrom"] = DueFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["dueTo"] = DueTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["joiners"] = Joiners ? "true" : null,
            ["unfinished"] = Unfinished ? "true" : null,
            ["q"] = Q,
            ["sort"] = sort ?? Sort,
            ["desc"] = (desc ?? Desc) ? "true" : null,
            ["p"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ["after"] = after,
            ["before"] = page is > 1 ? before : null, // the first page is read from the start
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
    IReadOnlyList<(RegionNode Region, int Depth)> Regions,
    IReadOnlyList<(int Id, string Name)> Branches,
    CourseCatalog Catalog,
    bool CanChooseBranch,
    bool ChooseBranchByCode,
    string? NextToken = null,
    string? PreviousToken = null)
{
    /// <summary>The same rows as the page, all of them, in the same order, streamed as a file to download.</summary>
    public static async Task<TableExportResult<CompletionRow>> ExportAsync(PortalDbContext db, CourseCatalog catalog, IStringLocalizer text, BankCalendar calendar,
        CompletionReportQuery query, StatusMoment at, ExportFormat format, string fileBaseName, CancellationToken cancellationToken)
    {
        query.ResolveCourse(catalog);
        await query.ResolveBranchCodeAsync(db, cancellationToken);
        return new(format, fileBaseName, text["Report.Title"], CompletionExport.Columns(text, calendar, catalog),
            CompletionQuery.Sort(CompletionQuery.Rows(db, await query.ToFilter().WithRegionScopeAsync(db, cancellationToken), at), query.Sort, query.Desc).AsAsyncEnumerable());
    }

    /// <param name="branchListLimit">Past this many branches in the chosen region, the branch is typed by its code rather than
    /// picked from a list (the dashboard's page size: a list is read no further than a table is).</param>
    public static async Task<CompletionReportView> LoadAsync(PortalDbContext db, CourseCatalog catalog, CompletionReportQuery query,
        StatusMoment at, bool canChooseBranch, int branchListLimit, CancellationToken cancellationToken)
    {
        query.ResolveCourse(catalog);
        await query.ResolveBranchCodeAsync(db, cancellationToken);
        var regionTree = await RegionTrees.LoadAsync(db, cancellationToken);
        var filter = query.ToFilter().WithRegionScope(regionTree);
        var rows = CompletionQuery.Rows(db, filter, at);
        var totals = await CompletionQuery.TotalsAsync(db, filter, at, cancellationToken);
        var pageCount = Math.Max(1, (totals.Assigned + CompletionReportQuery.PageSize - 1) / CompletionReportQuery.PageSize);
        query.Page = Math.Clamp(query.Page, 1, pageCount);
        var order = ReportOrder.For(query.Sort, query.Desc);
        var page = await ReadPageAsync(order, rows, query, cancellationToken);
        var regions = regionTree.DepthFirst().ToList();
        var inRegion = filter.RegionScope?.ToArray();
        var listable = db.Branches.Where(b => inRegion == null || inRegion.Contains(b.RegionId));
        var byCode = !canChooseBranch || await listable.CountAsync(cancellationToken) > branchListLimit || !string.IsNullOrWhiteSpace(query.BranchCode);
        var branches = byCode ? []
            : (await listable.OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken)).Select(b => (b.Id, b.Name)).ToList();
        return new CompletionReportView(query, totals, page, pageCount, regions, branches, catalog, canChooseBranch, byCode,
            page.Count > 0 ? order.CursorOf(page[^1]).Token() : null, page.Count > 0 ? order.CursorOf(page[0]).Token() : null);
    }

    /// <summary>
    /// The page after or before a row shown (the links of the page), else the page by its number: only a page typed into
    /// the address, or one whose row has since gone, is found by skipping rows.
    /// </summary>
    private static async Task<List<CompletionRow>> ReadPageAsync(ReportOrder order, IQueryable<CompletionRow> rows, CompletionReportQuery query, CancellationToken cancellationToken)
    {
        if (order.Read(query.After) is { } after)
        {
            var next = await order.Apply(order.Beyond(rows, after, before: false)).Take(CompletionReportQuery.PageSize).ToListAsync(cancellationToken);
            if (next.Count > 0)
            {
                return next;
            }
        }
        else if (order.Read(query.Before) is { } before)
        {
            var previous = await order.Apply(order.Beyond(rows, before, before: true), reversed: true).Take(CompletionReportQuery.PageSize).ToListAsync(cancellationToken);
            if (previous.Count > 0)
            {
                previous.Reverse();
                return previous;
            }
        }

        return await order.Apply(rows).Skip((query.Page - 1) * CompletionReportQuery.PageSize).Take(CompletionReportQuery.PageSize).ToListAsync(cancellationToken);
    }
}
