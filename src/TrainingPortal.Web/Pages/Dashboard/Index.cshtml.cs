using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Organisation;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Dashboard;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, DashboardCache dashboard, CustomerFirstQuery customerFirst,
    Microsoft.Extensions.Options.IOptions<DashboardSettings> settings, IStringLocalizer<TrainingPortal.Web.Shared> text, TimeProvider time, BankCalendar calendar) : PageModel
{
    public double AttentionBelowPercent => settings.Value.AttentionBelowPercent;

    public int PageSize => settings.Value.BranchPageSize;


    [BindProperty(SupportsGet = true)] public int? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }
    /// <summary>A branch code or part of a name, to find one branch among thousands.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public CourseCatalog Catalog => catalog;
    public DateTime Now { get; private set; }
    public AdoptionFigures Bank { get; private set; } = null!;
    /// <summary>The scope's regions one level down, each with everything below it.</summary>
    public IReadOnlyList<RegionLine> Regions { get; private set; } = [];
    /// <summary>From the top-level region down to the scope; empty for the whole bank.</summary>
    public IReadOnlyList<RegionNode> Path { get; private set; } = [];
    /// <summary>This page of the branch table.</summary>
    public IReadOnlyList<BranchLine> Branches { get; private set; } = [];
    public int BranchCount { get; private set; }
    public int PageCount { get; private set; } = 1;
    public IReadOnlyList<BranchLine> Best { get; private set; } = [];
    public IReadOnlyList<BranchLine> Worst { get; private set; } = [];
    public IReadOnlyList<int> BandCounts { get; private set; } = [];
    public WeeklyTrend Trend { get; private set; } = null!;
    public IReadOnlyList<(RegionNode Region, int Depth)> RegionOptions { get; private set; } = [];
    public CustomerFirstPanel CustomerFirst { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // The catalog's own spelling keys the kept figures: an unknown course is not a board of zeros kept beside the real ones.
        var course = string.IsNullOrWhiteSpace(Course) ? null : catalog.Find(Course)?.Slug;
        var tree = await RegionTrees.LoadAsync(db, cancellationToken);
        if ((Region is { } scope && tree.Find(scope) is null) || (course is null && !string.IsNullOrWhiteSpace(Course)))
        {
            return NotFound();
        }

        Course = course; // the course list and the report link name it as the catalogue does
        var format = ExportFormats.Parse(Format);
        // The customer-first panel needs nothing from the table: it counts on connections of its own meanwhile.
        var culture = format is null ? customerFirst.BoardAsync(Region, cancellationToken) : null;
        var view = await dashboard.ViewAsync(Region, course, cancellationToken);
        Trend = view.Trend;
        Now = view.ComputedAtUtc;
        RegionOptions = tree.DepthFirst().ToList();
        Path = Region is { } region ? tree.PathTo(region) : [];
        Bank = view.Scope;
        // A kept view was laid out in the language of whoever asked first; this reader's language orders its names.
        Regions = RegionTree.InNameOrder(view.Regions, line => line.Region.Name, line => line.Region.Id);
        BandCounts = view.BandCounts;
        Best = view.Best;
        Worst = view.Worst;

        var found = Matching(view.Branches, Q);
        var everyMedian = format is not null || Sort == "median";
        if (everyMedian)
        {
            found = WithMedians(found, await dashboard.BranchMediansAsync(view, null, cancellationToken));
        }

        found = SortLines(found);
        if (format is { } export)
        {
            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            return new TableExportResult<BranchLine>(export, string.Create(CultureInfo.InvariantCulture, $"branches-{today:yyyyMMdd}"),
                text["Dashboard.Branches"], ExportColumns(), found.ToAsyncEnumerable());
        }

        BranchCount = found.Count;
        PageCount = Math.Max(1, (found.Count + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Branches = found.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        if (!everyMedian && Branches.Count > 0)
        {
            Branches = WithMedians(Branches, await dashboard.BranchMediansAsync(view, Branches.Select(l => l.Branch.Id).ToList(), cancellationToken));
        }

        var board = await culture!;
        CustomerFirst = new CustomerFirstPanel(board with { Regions = RegionTree.InNameOrder(board.Regions, line => line.Name, line => line.RegionId) }, catalog, customerFirst.Weights, customerFirst.MinimumGroupSize, ForBranch: false, PageSize);
        return Page();
    }

    /// <summary>The branch table as shown, in the same order, for Excel: percentages as numbers, missing figures empty.</summary>
    private IReadOnlyList<ExportColumn<BranchLine>> ExportColumns()
    {
        static ExportCell Number(double? value) => value is { } v ? (decimal)v : default(ExportCell);
        return
        [
            new(text["Common.Region"], l => l.Branch.RegionName),
            new(text["Dashboard.Export.BranchCode"], l => l.Branch.Code),
            new(text["Common.Branch"], l => l.Branch.Name),
            new(text["Figures.Staff"], l => l.Figures.Staff),
            new(text["Dashboard.WithRequired"], l => l.Figures.StaffWithRequired),
            new(text["Report.Assigned"], l => l.Figures.Assigned),
            new(text["TrainingStatus.Completed"], l => l.Figures.Completed),
            new(text["Dashboard.Export.CompletionPercent"], l => Number(l.Figures.CompletionPercent)),
            new(text["TrainingStatus.Overdue"], l => l.Figures.Overdue),
            new(text["Dashboard.AvgBestScore"], l => Number(l.Figures.AverageBestScore)),
            new(text["Dashboard.MedianDays"], l => Number(l.Figures.MedianDaysToComplete)),
            new(text["Dashboard.Export.ValidCertificatesPercent"], l => Number(l.Figures.ValidCertificatesPercent)),
            new(text["Dashboard.NeedsAttention"], l => Adoption.NeedsAttention(l.Figures.CompletionPercent, AttentionBelowPercent) ? text["Common.Yes"].Value : text["Common.No"].Value),
        ];
    }

    public string ExportLink(ExportFormat format) =>
        Url.Page("/Dashboard/Index", new { region = Region, course = Course, q = Q, sort = Sort, desc = Desc ? "true" : null, format = format.QueryValue() })!;

    public string PageLink(int page) =>
        Url.Page("/Dashboard/Index", null, new { region = Region, course = Course, q = Q, sort = Sort, desc = Desc ? "true" : null, p = page }, null, "branches-heading")!;

    /// <summary>The lines with their branches' median days (the view's lines come without: see <see cref="DashboardData"/>).</summary>
    private static List<BranchLine> WithMedians(IEnumerable<BranchLine> lines, IReadOnlyDictionary<int, double?> medians) =>
        lines.Select(l => l with { Figures = l.Figures with { MedianDaysToComplete = medians.GetValueOrDefault(l.Branch.Id) } }).ToList();

    /// <summary>Branches whose code or name holds what was typed, in any case; all of them when nothing was.</summary>
    private static List<BranchLine> Matching(IReadOnlyList<BranchLine> lines, string? typed) =>
        string.IsNullOrWhiteSpace(typed) ? lines.ToList()
        : lines.Where(l => l.Branch.Code.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase) || l.Branch.Name.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Route values of a column's sort link: the filters stay, and choosing the active column again reverses it.</summary>
    public Dictionary<string, string> SortRoute(string column)
    {
        var values = new Dictionary<string, string> { ["sort"] = column };
        if (Region is { } region)
        {
            values["region"] = region.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(Course))
        {
            values["course"] = Course;
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            values["q"] = Q;
        }

        if (Sort == column && !Desc)
        {
            values["desc"] = "true";
        }

        return values;
    }

    public string? AriaSort(string column) => (Sort ?? "branch") == column ? (Desc ? "descending" : "ascending") : null;

    private List<BranchLine> SortLines(List<BranchLine> lines)
    {
        Func<BranchLine, object?> key = Sort switch
        {
            "region" => l => l.Branch.RegionName,
            "staff" => l => l.Figures.Staff,
            "required" => l => l.Figures.StaffWithRequired,
            "completion" => l => l.Figures.CompletionPercent ?? -1,
            "overdue" => l => l.Figures.Overdue,
            "score" => l => l.Figures.AverageBestScore ?? -1,
            "median" => l => l.Figures.MedianDaysToComplete ?? double.MaxValue,
            "valid" => l => l.Figures.ValidCertificatesPercent ?? -1,
            _ => l => l.Branch.Name,
        };
        var ordered = Desc ? lines.OrderByDescending(key) : lines.OrderBy(key);
        // The code last: names repeat ("Central"), and a tie left to the list's order could move a branch across a page.
        return ordered.ThenBy(l => l.Branch.Name, StringComparer.Ordinal).ThenBy(l => l.Branch.Code, StringComparer.Ordinal).ToList();
    }
}
