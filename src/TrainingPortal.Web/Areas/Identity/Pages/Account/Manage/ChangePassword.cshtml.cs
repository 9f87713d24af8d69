using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Changing one's password with the current one. The change renews the security stamp, which ends the account's
/// other sessions; this one is signed in again at once. Someone without a password is sent to set one instead.
/// </summary>
public class ChangePasswordModel(
    SignInManager<PortalUser> signInManager,
    TrainingPortal.Web.Accounts.ChangeOwnPassword changeOwnPassword,
    IStringLocalizer<TrainingPortal.Web.Shared> text,
    ILogger<ChangePasswordModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Account.ChangePassword.CurrentRequired")]
        [DataType(DataType.Password)]
        [Display(Name = "Account.ChangePassword.Current")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Account.ChangePassword.NewRequired")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "Account.SetPassword.PasswordLength")]
        [DataType(DataType.Password)]
        [Display(Name = "Account.SetPassword.Password")]
        public string NewPassword { get; set; } = "";

        [Compare(nameof(NewPassword), ErrorMessage = "Account.SetPassword.Mismatch")]
        [DataType(DataType.Password)]
        [Display(Name = "Account.SetPassword.ConfirmPassword")]
        public string? ConfirmPassword { get; set; }
    }

    private UserManager<PortalUser> Users => signInManager.UserManager;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await Users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        return await Users.HasPasswordAsync(user) ? Page() : RedirectToPage("./SetPassword");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await Users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await changeOwnPassword.ChangeAsync(user, Input.OldPassword, Input.NewPassword, Actor.From(User), cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description); // already in the reader's language (LocalizedIdentityErrors)
            }

            return Page();
        }

        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        StatusMessage = text["Account.ChangePassword.Done"];
        return RedirectToPage();
    }
}
