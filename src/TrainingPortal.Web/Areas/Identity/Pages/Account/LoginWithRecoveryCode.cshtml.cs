using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

/// <summary>The second step of signing in without the phone: one of the recovery codes shown at enrolment, each usable once.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public class LoginWithRecoveryCodeModel(SignInManager<PortalUser> signInManager, IStringLocalizer<Shared> text, ILogger<LoginWithRecoveryCodeModel> logger) : PageModel
{

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    public bool Expired { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Account.Recovery.CodeRequired")]
        [StringLength(20, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Account.Recovery.Code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string? returnUrl = null)
    {
        await LoadAsync(returnUrl);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        var user = await LoadAsync(returnUrl);
        if (user is null || !ModelState.IsValid)
        {
            return Page();
        }

        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(Input.Code.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in with a recovery code succeeded for {UserId}", user.Id);
            return LocalRedirect(ReturnUrl);
        }

        logger.LogWarning(result.IsLockedOut ? "Sign-in refused: account {UserId} is locked out" : "Wrong recovery code for {UserId}", user.Id);
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? text["Account.TwoFactor.LockedOut"] : text["Account.Recovery.WrongCode"]);
        return Page();
    }

    private async Task<PortalUser?> LoadAsync(string? returnUrl)
    {
        ReturnUrl = Url.AfterSignIn(returnUrl);
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        Expired = user is null;
        return user;
    }
}
