using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Admin.Users;

public class CreateModel(PortalDbContext db, CreateAccount createAccount, InviteStaff inviteStaff) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> BranchOptions { get; private set; } = [];
    public IReadOnlyList<string> RoleOptions { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

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

        [Display(Name = "Send the invitation to set a password now")]
        public bool SendInvitation { get; set; } = true;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadOptionsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await createAccount.ExecuteAsync(
                new NewAccount(Input.EmployeeNumber, Input.DisplayName, Input.Email, Input.JobTitle, Input.HireDate!.Value, Input.BranchId, Input.Role),
                Actor.From(User), cancellationToken);
            if (outcome.Succeeded)
            {
                var user = outcome.Value!;
                var invited = Input.SendInvitation && (await inviteStaff.ExecuteAsync(new InvitationScope.Person(user.Id), Actor.From(User), cancellationToken)).Succeeded;
                Message = invited
                    ? $"The account for {user.DisplayName} is ready, and an invitation to set a password has been mailed to {user.Email}."
                    : $"The account for {user.DisplayName} is ready. Send the invitation from the list of accounts when they should start.";
                return RedirectToPage();
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        await LoadOptionsAsync(cancellationToken);
        return Page();
    }

    private async Task LoadOptionsAsync(CancellationToken cancellationToken)
    {
        BranchOptions = await db.Branches.OrderBy(b => b.Name)
            .Select(b => new SelectListItem($"{b.Name} ({b.Code})", b.Id.ToString()))
            .ToListAsync(cancellationToken);
        RoleOptions = Actor.From(User).GrantableRoles;
    }
}
