using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Training;

namespace TrainingPortal.Web.Pages.Admin.Users;

public class CreateModel(PortalDbContext db, UserManager<PortalUser> userManager, AuditLog audit, RequiredCourseSync requiredCourses, IConfiguration configuration, TimeProvider time) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> BranchOptions { get; private set; } = [];
    public IReadOnlyList<string> RoleOptions { get; private set; } = [];

    [TempData]
    public string? SetPasswordLink { get; set; }

    [TempData]
    public string? CreatedName { get; set; }

    public class InputModel
    {
        [Required, StringLength(32), RegularExpression("^[A-Za-z0-9-]+$", ErrorMessage = "Use letters, digits and hyphens only.")]
        [Display(Name = "Employee number")]
        public string EmployeeNumber { get; set; } = "";

        [Required, StringLength(200)]
        [Display(Name = "Full name")]
        public string DisplayName { get; set; } = "";

        [Required, EmailAddress, StringLength(256)]
        [Display(Name = "Work email")]
        public string Email { get; set; } = "";

        [Required, StringLength(100)]
        [Display(Name = "Job title")]
        public string JobTitle { get; set; } = "";

        [Required]
        [DataType(DataType.Date)]
        [Display(Name = "Hire date")]
        public DateOnly? HireDate { get; set; }

        [Display(Name = "Branch (empty for head office)")]
        public int? BranchId { get; set; }

        [Required]
        [Display(Name = "Role")]
        public string Role { get; set; } = Roles.Employee;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadOptionsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadOptionsAsync(cancellationToken);
        Input.EmployeeNumber = Input.EmployeeNumber.Trim().ToUpperInvariant(); // one spelling, so "e1" and "E1" cannot both exist
        if (!RoleOptions.Contains(Input.Role))
        {
            ModelState.AddModelError("Input.Role", "You may not give that role.");
        }

        if (Input.BranchId is { } branchId && !await db.Branches.AnyAsync(b => b.Id == branchId, cancellationToken))
        {
            ModelState.AddModelError("Input.BranchId", "Choose a branch from the list.");
        }

        if (Input.Role == Roles.BranchManager && Input.BranchId is null)
        {
            ModelState.AddModelError("Input.BranchId", "A branch manager must belong to a branch.");
        }

        if (await db.Users.AnyAsync(u => u.EmployeeNumber == Input.EmployeeNumber, cancellationToken))
        {
            ModelState.AddModelError("Input.EmployeeNumber", "An account with this employee number already exists.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = new PortalUser
        {
            UserName = Input.Email,
            Email = Input.Email,
            EmailConfirmed = true,
            EmployeeNumber = Input.EmployeeNumber,
            DisplayName = Input.DisplayName.Trim(),
            JobTitle = Input.JobTitle.Trim(),
            HireDate = Input.HireDate!.Value,
            BranchId = Input.BranchId,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await userManager.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await userManager.AddToRoleAsync(user, Input.Role);
        }

        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Email", StringComparison.Ordinal) ? "Input.Email" : string.Empty, error.Description);
            }

            return Page();
        }

        audit.Record(User, AuditActions.AccountCreated, "Employee", user.Id,
            $"Created the account of {user.DisplayName} ({user.EmployeeNumber}) as {Input.Role}",
            after: new { user.EmployeeNumber, user.DisplayName, user.Email, user.JobTitle, user.BranchId, Input.Role });
        await db.SaveChangesAsync(cancellationToken);
        await requiredCourses.RebuildAsync([user.Id], cancellationToken); // picks up the branch's, region's and job title's assignments
        await transaction.CommitAsync(cancellationToken);
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var baseUrl = configuration["Portal:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{Request.Scheme}://{Request.Host}";
        SetPasswordLink = $"{baseUrl}/Identity/Account/ResetPassword?code={code}";
        CreatedName = user.DisplayName;
        return RedirectToPage();
    }

    private async Task LoadOptionsAsync(CancellationToken cancellationToken)
    {
        BranchOptions = await db.Branches.OrderBy(b => b.Name)
            .Select(b => new SelectListItem($"{b.Name} ({b.Code})", b.Id.ToString()))
            .ToListAsync(cancellationToken);
        RoleOptions = User.IsInRole(Roles.Admin) ? Roles.All : [Roles.Employee];
    }
}
