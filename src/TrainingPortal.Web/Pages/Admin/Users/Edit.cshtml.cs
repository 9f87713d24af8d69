using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Admin.Users;

public class EditModel(PortalDbContext db, ChangeAccount changeAccount, SetAccountActive setActive, EndSignOnLinks endSignOnLinks, IStringLocalizer<TrainingPortal.Web.Shared> text,
    Microsoft.Extensions.Options.IOptions<SignInSettings> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string EmployeeNumber { get; private set; } = "";
    public string Email { get; private set; } = "";
    public bool IsActive { get; private set; }
    public bool IsSelf { get; private set; }
    public IReadOnlyList<SelectListItem> BranchOptions { get; private set; } = [];
    public IReadOnlyList<string> RoleOptions { get; private set; } = [];
    /// <summary>The providers the account's single sign-on is linked to, by name; shown to administrators, who may end the links.</summary>
    public IReadOnlyList<string> SignOnLinks { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Validation.Required"), StringLength(StaffFields.MaxNameLength, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Admin.CreateUser.FullName")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "Admin.CreateUser.Branch")]
        public int? BranchId { get; set; }

        [Required(ErrorMessage = "Validation.Required"), StringLength(StaffFields.MaxJobTitleLength, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Common.JobTitle")]
        public string JobTitle { get; set; } = "";

        [Required(ErrorMessage = "Validation.Required"), StringLength(32, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Admin.CreateUser.Role")]
        public string Role { get; set; } = Roles.Employee;
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, fillInput: true, cancellationToken))
        {
            return NotFound();
        }

        return RoleOptions.Contains(Input.Role) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await changeAccount.ExecuteAsync(new AccountChange(id, Input.DisplayName, Input.BranchId, Input.JobTitle, Input.Role), Actor.From(User), cancellationToken);
            if (outcome.NotFound)
            {
                return NotFound();
            }

            if (outcome.Forbidden)
            {
                return Forbid();
            }

            if (outcome.Succeeded)
            {
                Message = text["Admin.EditUser.Saved", outcome.Value!.DisplayName];
                return RedirectToPage(new { id });
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        return await LoadAsync(id, fillInput: false, cancellationToken) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken cancellationToken) => SetActiveAsync(id, false, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken cancellationToken) => SetActiveAsync(id, true, cancellationToken);

    public async Task<IActionResult> OnPostEndSignOnAsync(string id, CancellationToken cancellationToken) =>
        await RespondAsync(id, await endSignOnLinks.ExecuteAsync(id, Actor.From(User), cancellationToken), "Admin.EditUser.SignOnEnded", cancellationToken);

    private async Task<IActionResult> SetActiveAsync(string id, bool active, CancellationToken cancellationToken) =>
        await RespondAsync(id, await setActive.ExecuteAsync(id, active, Actor.From(User), cancellationToken), active ? "Admin.EditUser.Enabled" : "Admin.EditUser.Disabled", cancellationToken);

    /// <summary>An action of the page's smaller forms: done, it says so on the reloaded page (<paramref name="doneKey"/>, of the person's name); refused, beside the forms.</summary>
    private async Task<IActionResult> RespondAsync(string id, Outcome<PortalUser> outcome, string doneKey, CancellationToken cancellationToken)
    {
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Forbidden)
        {
            return Forbid();
        }

        if (outcome.Succeeded)
        {
            Message = text[doneKey, outcome.Value!.DisplayName];
            return RedirectToPage(new { id });
        }

        ModelState.Clear();
        ModelState.AddRefusals(outcome.Refusals, prefix: null);
        return await LoadAsync(id, fillInput: true, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, bool fillInput, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new
            {
                u.EmployeeNumber, u.Email, u.DisplayName, u.BranchId, u.JobTitle, u.IsActive,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return false;
        }

        (EmployeeNumber, Email, IsActive, IsSelf) = (user.EmployeeNumber, user.Email ?? "", user.IsActive, id == User.UserId());
        if (fillInput)
        {
            Input = new InputModel { DisplayName = user.DisplayName, BranchId = user.BranchId, JobTitle = user.JobTitle, Role = user.Role ?? Roles.Employee };
        }

        BranchOptions = await db.Branches.OrderBy(b => b.Name)
            .Select(b => new SelectListItem($"{b.Name} ({b.Code})", b.Id.ToString()))
            .ToListAsync(cancellationToken);
        RoleOptions = Actor.From(User).GrantableRoles;
        SignOnLinks = User.IsInRole(Roles.Admin)
            ? (await db.UserLogins.Where(l => l.UserId == id).Select(l => new { l.LoginProvider, l.ProviderDisplayName }).ToListAsync(cancellationToken))
                .Select(l => signIn.Value.OpenIdConnect.NameOf(l.LoginProvider, l.ProviderDisplayName, text)).ToList()
            : [];
        return true;
    }
}
