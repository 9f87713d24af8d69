using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Branch.Observations;

/// <summary>The observations recorded in the manager's own branch, newest first, with filters.</summary>
public class IndexModel(PortalDbContext db, CourseCatalog catalog) : PageModel
{
    public const int PageSize = 50;

    public sealed record Line(long Id, DateOnly ObservedOn, string SubjectName, string SubjectNumber, string CourseSlug, string ObserverName,
        bool IsMine, int Seen, int Partly, int NotYet, DateTime? AcknowledgedAtUtc);

    [BindProperty(SupportsGet = true, Name = "person")]
    [StringLength(450)]
    public string? PersonId { get; set; }

    [BindProperty(SupportsGet = true, Name = "course")]
    [StringLength(100)]
    public string? CourseSlug { get; set; }

    /// <summary>"waiting" (not yet acknowledged) or "acknowledged"; anything else shows both.</summary>
    [BindProperty(SupportsGet = true, Name = "state")]
    [StringLength(20)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    [Range(1, 100_000)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<(string Id, string Name)> Staff { get; private set; } = [];
    public CourseCatalog Catalog => catalog;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.BranchId() is not { } branchId)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            PersonId = CourseSlug = State = null;
            PageNumber = 1;
        }

        Staff = (await db.Users.Where(u => u.BranchId == branchId && u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken)).Select(u => (u.Id, u.DisplayName)).ToList();
        var query = db.Observations.Where(o => o.BranchId == branchId);
        if (!string.IsNullOrEmpty(PersonId))
        {
            query = query.Where(o => o.SubjectUserId == PersonId);
        }

        if (!string.IsNullOrEmpty(CourseSlug))
        {
            CourseSlug = catalog.Find(CourseSlug)?.Slug ?? CourseSlug; // as the catalogue spells it: slugs compare exactly in the database
            query = query.Where(o => o.CourseSlug == CourseSlug);
        }

        query = State switch
        {
            "waiting" => query.Where(o => o.AcknowledgedAtUtc == null),
            "acknowledged" => query.Where(o => o.AcknowledgedAtUtc != null),
            _ => query,
        };
        Total = await query.CountAsync(cancellationToken);
        var me = User.UserId();
        Lines = await query
            .OrderByDescending(o => o.ObservedOn).ThenByDescending(o => o.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(o => new Line(o.Id, o.ObservedOn,
                db.Users.Where(u => u.Id == o.SubjectUserId).Select(u => u.DisplayName).First(),
                db.Users.Where(u => u.Id == o.SubjectUserId).Select(u => u.EmployeeNumber).First(),
                o.CourseSlug,
                db.Users.Where(u => u.Id == o.ObserverUserId).Select(u => u.DisplayName).First(),
                o.ObserverUserId == me,
                o.Ratings.Count(r => r.Rating == BehaviourRating.Seen),
                o.Ratings.Count(r => r.Rating == BehaviourRating.Partly),
                o.Ratings.Count(r => r.Rating == BehaviourRating.NotYet),
                o.AcknowledgedAtUtc))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
