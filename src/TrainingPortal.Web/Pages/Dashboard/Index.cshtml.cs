using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Dashboard;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, DashboardCache dashboard, CustomerFirstQuery customerFirst,
    Microsoft.Extensions.Options.IOptions<DashboardSettings> settings, IStringLocalizer<TrainingPortal.Web.Shared> text, TimeProvider time, BankCalendar calendar) : PageModel
{
    public double AttentionBelowPercent => settings.Value.AttentionBelowPercent;

    public sealed record BranchLine(BranchInfo Branch, AdoptionFigures Figures);

    [BindProperty(SupportsGet = true)] public int? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public CourseCatalog Catalog => catalog;
    public DateTime Now { get; private set; }
    public AdoptionFigures Bank { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name, AdoptionFigures Figures)> Regions { get; private set; } = [];
    public IReadOnlyList<BranchLine> Branches { get; private set; } = [];
    public IReadOnlyList<int> BandCounts { get; private set; } = [];
    public WeeklyTrend Trend { get; private set; } = null!;
    public IReadOnlyList<(int Id, string Name)> RegionOptions { get; private set; } = [];
    public CustomerFirstPanel CustomerFirst { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var course = string.IsNullOrWhiteSpace(Course) ? null : Course;
        var branches = await DashboardQuery.BranchesAsync(db, cancellationToken);
        var data = await dashboard.GetAsync(Region, null, course, cancellationToken);
        var partials = data.Partials;
        Trend = data.Trend;
        Now = data.ComputedAtUtc;

        RegionOptions = branches.GroupBy(b => (b.RegionId, b.RegionName)).Select(g => g.Key).OrderBy(r => r.RegionName).ToList();
        var inScope = branches.Where(b => Region is null || b.RegionId == Region).ToList();
        Bank = AdoptionPartial.Merge(partials.Values).Figures();
        Regions = inScope.GroupBy(b => (b.RegionId, b.RegionName))
            .Select(g => (g.Key.RegionId, g.Key.RegionName, AdoptionPartial.Merge(g.Select(b => partials.GetValueOrDefault(b.Id) ?? AdoptionPartial.Empty)).Figures()))
            .OrderBy(r => r.RegionName)
            .ToList();
        var lines = inScope.Select(b => new BranchLine(b, (partials.GetValueOrDefault(b.Id) ?? AdoptionPartial.Empty).Figures())).ToList();
        BandCounts = Adoption.BandCounts(lines.Select(l => l.Figures.CompletionPercent));
        Branches = SortLines(lines);
        if (ExportFormats.Parse(Format) is { } format)
        {
            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            return new TableExportResult<BranchLine>(format, string.Create(CultureInfo.InvariantCulture, $"branches-{today:yyyyMMdd}"),
                text["Dashboard.Branches"], ExportColumns(), Branches.ToAsyncEnumerable());
        }

        CustomerFirst = new CustomerFirstPanel(await customerFirst.BoardAsync(Region, cancellationToken), catalog, customerFirst.Weights, customerFirst.MinimumGroupSize, ForBranch: false);
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
        Url.Page("/Dashboard/Index", new { region = Region, course = Course, sort = Sort, desc = Desc ? "true" : null, format = format.QueryValue() })!;

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
        return ordered.ThenBy(l => l.Branch.Name, StringComparer.Ordinal).ToList();
    }
}
