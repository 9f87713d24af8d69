using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Training;

namespace TrainingPortal.Web.Pages.Hr.Assignments;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, RequiredCourseSync sync, AuditLog audit, TimeProvider time) : PageModel
{
    public sealed record AssignmentRow(long Id, string CourseSlug, AssignmentTarget Target, string TargetLabel, DueRule DueRule, DateOnly? DueDate, int? DueDays, DateOnly AssignedOn, int Covered);

    public IReadOnlyList<AssignmentRow> Assignments { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Branches { get; private set; } = [];
    public IReadOnlyList<string> JobTitles { get; private set; } = [];
    public CourseCatalog Catalog => catalog;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Choose a course.")]
        [Display(Name = "Course")]
        public string CourseSlug { get; set; } = "";

        [Display(Name = "Who must take it")]
        public AssignmentTarget Target { get; set; } = AssignmentTarget.AllStaff;

        [Display(Name = "Region")]
        public int? RegionId { get; set; }

        [Display(Name = "Branch")]
        public int? BranchId { get; set; }

        [Display(Name = "Job title")]
        public string? JobTitle { get; set; }

        [Display(Name = "Employee numbers (one per line or comma-separated)")]
        public string? EmployeeNumbers { get; set; }

        [Display(Name = "Due")]
        public DueRule DueRule { get; set; } = DueRule.DaysAfterAssignment;

        [Display(Name = "Due date")]
        [DataType(DataType.Date)]
        public DateOnly? DueDate { get; set; }

        [Display(Name = "Number of days")]
        [Range(1, 3650, ErrorMessage = "Give between 1 and 3650 days.")]
        public int? DueDays { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (catalog.Find(Input.CourseSlug) is null)
        {
            ModelState.AddModelError("Input.CourseSlug", "Choose a course from the list.");
        }

        var employeeIds = new List<string>();
        switch (Input.Target)
        {
            case AssignmentTarget.Region when Input.RegionId is null || Regions.All(r => r.Id != Input.RegionId):
                ModelState.AddModelError("Input.RegionId", "Choose a region.");
                break;
            case AssignmentTarget.Branch when Input.BranchId is null || Branches.All(b => b.Id != Input.BranchId):
                ModelState.AddModelError("Input.BranchId", "Choose a branch.");
                break;
            case AssignmentTarget.JobTitle when string.IsNullOrWhiteSpace(Input.JobTitle):
                ModelState.AddModelError("Input.JobTitle", "Choose a job title.");
                break;
            case AssignmentTarget.Employees:
                var numbers = (Input.EmployeeNumbers ?? "").Split([',', '\n', '\r', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var found = await db.Users.Where(u => numbers.Contains(u.EmployeeNumber)).Select(u => new { u.Id, u.EmployeeNumber }).ToListAsync(cancellationToken);
                var unknown = numbers.Except(found.Select(f => f.EmployeeNumber), StringComparer.OrdinalIgnoreCase).ToList();
                if (numbers.Count == 0)
                {
                    ModelState.AddModelError("Input.EmployeeNumbers", "List at least one employee number.");
                }
                else if (unknown.Count > 0)
                {
                    ModelState.AddModelError("Input.EmployeeNumbers", $"Unknown employee number(s): {string.Join(", ", unknown.Take(20))}");
                }

                employeeIds = found.Select(f => f.Id).ToList();
                break;
        }

        if (Input.DueRule == DueRule.FixedDate && (Input.DueDate is null || Input.DueDate < today))
        {
            ModelState.AddModelError("Input.DueDate", "Give a due date from today on.");
        }
        else if (Input.DueRule != DueRule.FixedDate && Input.DueDays is null)
        {
            ModelState.AddModelError("Input.DueDays", "Give the number of days.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var assignment = new Assignment
        {
            CourseSlug = Input.CourseSlug,
            Target = Input.Target,
            TargetRegionId = Input.Target == AssignmentTarget.Region ? Input.RegionId : null,
            TargetBranchId = Input.Target == AssignmentTarget.Branch ? Input.BranchId : null,
            TargetJobTitle = Input.Target == AssignmentTarget.JobTitle ? Input.JobTitle!.Trim() : null,
            DueRule = Input.DueRule,
            DueDate = Input.DueRule == DueRule.FixedDate ? Input.DueDate : null,
            DueDays = Input.DueRule == DueRule.FixedDate ? null : Input.DueDays,
            AssignedOn = today,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            CreatedByUserId = User.UserId(),
            Employees = employeeIds.Select(id => new AssignmentEmployee { UserId = id }).ToList(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Assignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
        var label = TargetLabel(assignment.Target, assignment.TargetRegionId, assignment.TargetBranchId, assignment.TargetJobTitle, employeeIds.Count);
        audit.Record(User, AuditActions.AssignmentCreated, "Assignment", assignment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Assigned '{catalog.Find(assignment.CourseSlug)!.Title}' to {label}, due {DueLabel(assignment.DueRule, assignment.DueDate, assignment.DueDays)}",
            after: new { assignment.CourseSlug, Target = assignment.Target.ToString(), assignment.TargetRegionId, assignment.TargetBranchId, assignment.TargetJobTitle, Employees = employeeIds.Count, DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await sync.RebuildCourseAsync(assignment.CourseSlug, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Message = $"Assigned: {catalog.Find(assignment.CourseSlug)!.Title} to {label}.";
        return RedirectToPage();
    }

    public class ChangeDueInput
    {
        public long AssignmentId { get; set; }
        public DueRule DueRule { get; set; }
        public DateOnly? DueDate { get; set; }
        public int? DueDays { get; set; }
    }

    /// <summary>Moves an assignment's due date; everyone it covers gets the new date, and the change is audited.</summary>
    public async Task<IActionResult> OnPostChangeDueAsync([Bind(Prefix = "Change")] ChangeDueInput change, CancellationToken cancellationToken)
    {
        ModelState.Clear(); // the new-assignment form was not posted
        await LoadAsync(cancellationToken);
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == change.AssignmentId, cancellationToken);
        if (assignment is null)
        {
            return NotFound();
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (change.DueRule == DueRule.FixedDate && (change.DueDate is null || change.DueDate < today))
        {
            ModelState.AddModelError(string.Empty, "Give a due date from today on.");
        }
        else if (change.DueRule != DueRule.FixedDate && change.DueDays is not (>= 1 and <= 3650))
        {
            ModelState.AddModelError(string.Empty, "Give between 1 and 3650 days.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var before = new { DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays };
        assignment.DueRule = change.DueRule;
        assignment.DueDate = change.DueRule == DueRule.FixedDate ? change.DueDate : null;
        assignment.DueDays = change.DueRule == DueRule.FixedDate ? null : change.DueDays;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        audit.Record(User, AuditActions.AssignmentChanged, "Assignment", assignment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Changed the due date of '{catalog.Find(assignment.CourseSlug)?.Title ?? assignment.CourseSlug}' to {DueLabel(assignment.DueRule, assignment.DueDate, assignment.DueDays)}",
            before: before, after: new { DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await sync.RebuildCourseAsync(assignment.CourseSlug, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Message = $"Due date changed: {DueLabel(assignment.DueRule, assignment.DueDate, assignment.DueDays)}.";
        return RedirectToPage();
    }

    public string TargetLabel(AssignmentTarget target, int? regionId, int? branchId, string? jobTitle, int employees) => target switch
    {
        AssignmentTarget.AllStaff => "all staff",
        AssignmentTarget.Region => $"region {Regions.FirstOrDefault(r => r.Id == regionId).Name}",
        AssignmentTarget.Branch => $"branch {Branches.FirstOrDefault(b => b.Id == branchId).Name}",
        AssignmentTarget.JobTitle => $"job title {jobTitle}",
        _ => $"{employees} named employee(s)",
    };

    public static string DueLabel(DueRule rule, DateOnly? date, int? days) => rule switch
    {
        DueRule.FixedDate => $"by {date:yyyy-MM-dd}",
        DueRule.DaysAfterAssignment => $"{days} days after assignment",
        _ => $"{days} days after hire date",
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Regions = (await db.Regions.OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken)).Select(r => (r.Id, r.Name)).ToList();
        Branches = (await db.Branches.OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken)).Select(b => (b.Id, b.Name)).ToList();
        JobTitles = await db.Users.Where(u => u.IsActive && u.JobTitle != "").Select(u => u.JobTitle).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var rows = await db.Assignments.OrderByDescending(a => a.CreatedAtUtc)
            .Select(a => new { a.Id, a.CourseSlug, a.Target, a.TargetRegionId, a.TargetBranchId, a.TargetJobTitle, a.DueRule, a.DueDate, a.DueDays, a.AssignedOn, Employees = a.Employees.Count })
            .ToListAsync(cancellationToken);
        var covered = await db.RequiredCourses.GroupBy(r => r.CourseSlug).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Assignments = rows.Select(a => new AssignmentRow(a.Id, a.CourseSlug, a.Target, TargetLabel(a.Target, a.TargetRegionId, a.TargetBranchId, a.TargetJobTitle, a.Employees),
            a.DueRule, a.DueDate, a.DueDays, a.AssignedOn, covered.GetValueOrDefault(a.CourseSlug))).ToList();
    }
}
