using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Adding a password to an account that has none (someone who signs in through single sign-on). Someone who
/// already has a password is sent to change it instead.
/// </summary>
public class SetPasswordModel(
    SignInManager<PortalUser> signInManager,
    TrainingPortal.Web.Accounts.ChangeOwnPassword changeOwnPassword,
    IStringLocalizer<TrainingPortal.Web.Shared> text,
    ILogger<SetPasswordModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Account.SetPassword.PasswordRequired")]
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

        return await Users.HasPasswordAsync(user) ? RedirectToPage("./ChangePassword") : Page();
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

        var result = await changeOwnPassword.AddAsync(user, Input.NewPassword, Actor.From(User), cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description); // already in the reader's language (LocalizedIdentityErrors)
            }

            return Page();
        }

        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} set a password", user.Id);
        StatusMessage = text["Account.AddPassword.Done"];
        return RedirectToPage("./ChangePassword"); // the account has a password now: from here on it is changed, not set
    }
}
