using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Pages.Admin.Users;

public class CreateModel(PortalDbContext db, CreateAccount createAccount, InviteStaff inviteStaff, IStringLocalizer<TrainingPortal.Web.Shared> text,
    IOptions<RequestLocalizationOptions> localization) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> BranchOptions { get; private set; } = [];
    public IReadOnlyList<string> RoleOptions { get; private set; } = [];

    /// <summary>The language of an account that has none of its own (Portal:DefaultCulture).</summary>
    public string DefaultLanguage => localization.Value.PortalDefaultLanguage();

    [TempData]
    public string? Message { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required"), StringLength(32, ErrorMessage = "Validation.StringLength")]
        [RegularExpression("^[A-Za-z0-9-]+$", ErrorMessage = "Admin.CreateUser.EmployeeNumberFormat")]
        [Display(Name = "Common.EmployeeNumber")]
        public string EmployeeNumber { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required"), StringLength(StaffFields.MaxNameLength, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Admin.CreateUser.FullName")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required"), EmailAddress(ErrorMessage = "Validation.Email"), StringLength(256, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Account.WorkEmail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required"), StringLength(StaffFields.MaxJobTitleLength, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Common.JobTitle")]
        public string JobTitle { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Date)]
        [Display(Name = "Admin.CreateUser.HireDate")]
        public DateOnly? HireDate { get; set; }

        [Display(Name = "Admin.CreateUser.Branch")]
        public int? BranchId { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [Display(Name = "Admin.CreateUser.Role")]
        public string Role { get; set; } = Roles.Employee;

        [Display(Name = "Admin.CreateUser.SendInvitation")]
        public bool SendInvitation { get; set; } = true;

        /// <summary>Empty for the portal's default; the invitation and later mails are written in it.</summary>
        [StringLength(16, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Common.Language")]
        public string? Language { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadOptionsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await createAccount.ExecuteAsync(
                new NewAccount(Input.EmployeeNumber, Input.DisplayName, Input.Email, Input.JobTitle, Input.HireDate!.Value, Input.BranchId, Input.Role, Input.Language),
                Actor.From(User), cancellationToken);
            if (outcome.Succeeded)
            {
                var user = outcome.Value!;
                var invited = Input.SendInvitation && (await inviteStaff.ExecuteAsync(new InvitationScope.Person(user.Id), Actor.From(User), cancellationToken)).Succeeded;
                Message = invited
                    ? text["Admin.CreateUser.CreatedInvited", user.DisplayName, user.Email!]
                    : text["Admin.CreateUser.Created", user.DisplayName];
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
