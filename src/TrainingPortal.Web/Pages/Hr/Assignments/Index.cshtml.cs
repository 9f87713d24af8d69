using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Pages.Hr.Assignments;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, CreateAssignment createAssignment, ChangeAssignmentDue changeDue, EndAssignment endAssignment,
    IStringLocalizer<TrainingPortal.Web.Shared> text, DateDisplay dates) : PageModel
{
    public sealed record AssignmentRow(long Id, string CourseSlug, string TargetLabel, string DueLabel, DueRule DueRule, DateOnly? DueDate, int? DueDays, DateOnly AssignedOn,
        int? JoinerDays, int JoinerWindowDays, int Covers, DateOnly? EndedOn);

    public IReadOnlyList<AssignmentRow> Assignments { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Regions { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Branches { get; private set; } = [];
    public IReadOnlyList<string> JobTitles { get; private set; } = [];
    public CourseCatalog Catalog => catalog;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    /// <summary>How many people the form's assignment would cover, once HR asked before saving.</summary>
    public int? PreviewCovers { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Refusal.Assignment.ChooseCourse")]
        [StringLength(100, ErrorMessage = "Refusal.Assignment.CourseNotInList")]
        [Display(Name = "Common.Course")]
        public string CourseSlug { get; set; } = "";

        [EnumDataType(typeof(AssignmentTarget), ErrorMessage = "Refusal.Assignment.ChooseTarget")]
        [Display(Name = "Hr.Assignments.Field.Target")]
        public AssignmentTarget Target { get; set; } = AssignmentTarget.AllStaff;

        [Display(Name = "Common.Region")]
        public int? RegionId { get; set; }

        [Display(Name = "Common.Branch")]
        public int? BranchId { get; set; }

        [Display(Name = "Common.JobTitle")]
        [StringLength(100, ErrorMessage = "Refusal.Assignment.JobTitleTooLong")]
        public string? JobTitle { get; set; }

        [Display(Name = "Hr.Assignments.Field.EmployeeNumbers")]
        [StringLength(200_000, ErrorMessage = "Validation.StringLength")]
        public string? EmployeeNumbers { get; set; }

        [EnumDataType(typeof(DueRule), ErrorMessage = "Refusal.Due.RuleUnknown")]
        [Display(Name = "Hr.Assignments.Field.DueRule")]
        public DueRule DueRule { get; set; } = DueRule.DaysAfterAssignment;

        [Display(Name = "Hr.Assignments.Field.DueDate")]
        [DataType(DataType.Date)]
        public DateOnly? DueDate { get; set; }

        [Display(Name = "Hr.Assignments.Field.DueDays")]
        [Range(1, DueRules.MaxDays, ErrorMessage = "Refusal.Due.DaysOutOfRange")]
        public int? DueDays { get; set; }

        [Display(Name = "Hr.Assignments.Field.JoinerDays")]
        [Range(1, DueRules.MaxDays, ErrorMessage = "Refusal.Due.DaysOutOfRange")]
        public int? JoinerDays { get; set; }

        public NewAssignment ToNewAssignment() => new(CourseSlug, Target, RegionId, BranchId, JobTitle, EmployeeNumbers, DueRule, DueDate, DueDays, JoinerDays);
    }

    public class ChangeDueInput
    {
        public long AssignmentId { get; set; }

        [EnumDataType(typeof(DueRule), ErrorMessage = "Refusal.Due.RuleUnknown")]
        public DueRule DueRule { get; set; }

        public DateOnly? DueDate { get; set; }
        public int? DueDays { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await createAssignment.ExecuteAsync(Input.ToNewAssignment(), Actor.From(User), cancellationToken);
            if (outcome.Succeeded)
            {
                Message = text["Hr.Assignments.Assigned", outcome.Value!.CourseTitle, outcome.Value.TargetLabel, outcome.Value.Covers];
                return RedirectToPage();
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await createAssignment.PreviewAsync(Input.ToNewAssignment(), Actor.From(User), cancellationToken);
            if (outcome.Succeeded)
            {
                PreviewCovers = outcome.Value;
            }
            else
            {
                ModelState.AddRefusals(outcome.Refusals);
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(long assignmentId, CancellationToken cancellationToken)
    {
        var outcome = await endAssignment.ExecuteAsync(assignmentId, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            Message = text["Hr.Assignments.Ended", catalog.Find(outcome.Value!.CourseSlug)?.Title ?? outcome.Value.CourseSlug, outcome.Value.PeopleKept];
            return RedirectToPage();
        }

        ModelState.Clear();
        ModelState.AddRefusals(outcome.Refusals, prefix: null);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private const string ChangePrefix = "Change";

    public async Task<IActionResult> OnPostChangeDueAsync([Bind(Prefix = ChangePrefix)] ChangeDueInput change, CancellationToken cancellationToken)
    {
        // The new-assignment form was not posted: what binding made of it is dropped, but a bad value in this form
        // is refused rather than silently replaced by a default.
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(ChangePrefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, text["Refusal.Assignment.ChangeDueInvalid"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var outcome = await changeDue.ExecuteAsync(new DueChange(change.AssignmentId, change.DueRule, change.DueDate, change.DueDays), Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            Message = text["Hr.Assignments.DueChanged", outcome.Value!];
            return RedirectToPage();
        }

        ModelState.AddRefusals(outcome.Refusals, prefix: null); // the change form sits in a table row: its refusal shows above the table

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Regions = (await db.Regions.OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken)).Select(r => (r.Id, r.Name)).ToList();
        Branches = (await db.Branches.OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken)).Select(b => (b.Id, b.Name)).ToList();
        JobTitles = await db.Users.Where(u => u.IsActive && u.JobTitle != "").Select(u => u.JobTitle).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        var rows = await db.Assignments.OrderBy(a => a.EndedOn != null).ThenByDescending(a => a.CreatedAtUtc)
            .Select(a => new { a.Id, a.CourseSlug, a.Target, a.TargetRegionId, a.TargetBranchId, a.TargetJobTitle, a.DueRule, a.DueDate, a.DueDays, a.AssignedOn, a.EndedOn, Employees = a.Employees.Count })
            .ToListAsync(cancellationToken);
        var rules = (await AssignmentCoverage.RulesAsync(db, cancellationToken)).ToDictionary(r => r.Id);
        var staff = await AssignmentCoverage.ActiveStaffAsync(db, cancellationToken);
        Assignments = rows.Select(a => new AssignmentRow(a.Id, a.CourseSlug,
                AssignmentLabels.Target(text, a.Target, a.Target switch
                {
                    AssignmentTarget.Region => Regions.FirstOrDefault(r => r.Id == a.TargetRegionId).Name,
                    AssignmentTarget.Branch => Branches.FirstOrDefault(b => b.Id == a.TargetBranchId).Name,
                    _ => a.TargetJobTitle,
                }, a.Employees),
                AssignmentLabels.Due(text, dates, a.DueRule, a.DueDate, a.DueDays),
                a.DueRule, a.DueDate, a.DueDays, a.AssignedOn, rules[a.Id].JoinerDays, rules[a.Id].JoinerWindowDays, AssignmentCoverage.Count(rules[a.Id], staff), a.EndedOn))
            .ToList();
    }
}
