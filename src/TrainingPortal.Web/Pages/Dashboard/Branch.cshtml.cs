using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Dashboard;

/// <summary>One branch in depth. Executives, HR and admins see any branch; a branch manager sees only their own.</summary>
public class BranchModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time, BankCalendar calendar, CustomerFirstQuery customerFirst, ILogger<BranchModel> logger) : PageModel
{
    public sealed record OverdueLine(string UserId, string DisplayName, string EmployeeNumber, string JobTitle, string CourseSlug, DateOnly DueOn);

    public BranchInfo Branch { get; private set; } = null!;
    public AdoptionFigures Figures { get; private set; } = null!;
    public IReadOnlyList<(Course Course, AdoptionFigures Figures)> Courses { get; private set; } = [];
    public WeeklyTrend Trend { get; private set; } = null!;
    public IReadOnlyList<OverdueLine> Overdue { get; private set; } = [];
    public CourseCatalog Catalog => catalog;
    public CustomerFirstPanel CustomerFirst { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var branch = await DashboardQuery.BranchAsync(db, code, cancellationToken);
        if (branch is null)
        {
            return NotFound();
        }

        var seesEveryBranch = User.IsInRole(Roles.Executive) || User.IsInRole(Roles.HR) || User.IsInRole(Roles.Admin);
        if (!seesEveryBranch && User.BranchId() != branch.Id)
        {
            logger.LogWarning("User {UserId} refused the dashboard of branch {Branch}: not their branch", User.UserId(), branch.Code);
            return Forbid();
        }

        Branch = branch;
        // The customer-first panel reads on connections of its own while this page counts on the request's.
        var culture = customerFirst.BranchAsync(branch, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        var figures = await DashboardQuery.BranchFiguresAsync(db, at, branch.Id, cancellationToken);
        Figures = figures.All.Figures();
        Courses = catalog.Courses.Select(course => (course, figures.Of(course.Slug).Figures())).ToList();
        Trend = await DashboardQuery.WeeklyTrendAsync(db, at, null, branch.Id, null, cancellationToken);
        Overdue = await CompletionQuery.Rows(db, new CompletionFilter(BranchId: branch.Id, Status: TrainingStatus.Overdue), at)
            .OrderBy(r => r.DueOn).ThenBy(r => r.DisplayName)
            .Select(r => new OverdueLine(r.UserId, r.DisplayName, r.EmployeeNumber, r.JobTitle, r.CourseSlug, r.DueOn))
            .Take(500)
            .ToListAsync(cancellationToken);
        CustomerFirst = new CustomerFirstPanel(await culture, catalog, customerFirst.Weights, customerFirst.MinimumGroupSize, ForBranch: true,
            ShowsBranchBehaviours: User.IsInRole(Roles.BranchManager) && User.BranchId() == branch.Id);
        return Page();
    }
}
