using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Account;

/// <summary>Where an invitation or reset link lands: the person is greeted by name and chooses a password.</summary>
[AllowAnonymous]
public class SetPasswordModel(SetPasswordFromLink setPassword, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Purpose { get; set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? HolderName { get; private set; }
    public bool IsInvitation => Purpose == AccountLinkTokens.InvitationPurpose;

    public class InputModel
    {
        [Required(ErrorMessage = "Account.SetPassword.PasswordRequired")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Account.SetPassword.PasswordLength")]
        [DataType(DataType.Password)]
        [Display(Name = "Account.SetPassword.Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Account.SetPassword.ConfirmRequired")]
        [Compare(nameof(Password), ErrorMessage = "Account.SetPassword.Mismatch")]
        [DataType(DataType.Password)]
        [Display(Name = "Account.SetPassword.ConfirmPassword")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task OnGetAsync() => HolderName = (await setPassword.HolderAsync(Link))?.DisplayName;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var outcome = await setPassword.ExecuteAsync(Link, Input.Password, cancellationToken);
            if (outcome.Succeeded)
            {
                TempData["SignInMessage"] = text["Account.SetPassword.Done"].Value;
                return RedirectToPage("/Account/Login", new { area = "Identity" });
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        HolderName = (await setPassword.HolderAsync(Link))?.DisplayName;
        return Page();
    }

    private SetPasswordLink Link => new(UserId, Code, Purpose);
}
