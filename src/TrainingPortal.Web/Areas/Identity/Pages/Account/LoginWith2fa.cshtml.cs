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

/// <summary>The second step of signing in for someone with an authenticator app: the password was right, now the code.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public class LoginWith2faModel(SignInManager<PortalUser> signInManager, SecondFactorPolicy policy, IStringLocalizer<Shared> text, ILogger<LoginWith2faModel> logger) : PageModel
{

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    public bool RememberMe { get; private set; }

    /// <summary>Only for roles that need no second factor: theirs must be asked for at every sign-in.</summary>
    public bool MayRememberBrowser { get; private set; }

    /// <summary>No password step to continue from (it timed out, or the page was opened directly).</summary>
    public bool Expired { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Account.TwoFactor.CodeRequired")]
        [RegularExpression(@"^\s*\d{3}[\s-]?\d{3}\s*$", ErrorMessage = "Account.TwoFactor.CodeFormat")]
        [Display(Name = "Account.TwoFactor.Code")]
        public string Code { get; set; } = "";

        [Display(Name = "Account.TwoFactor.RememberBrowser")]
        public bool RememberBrowser { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(bool rememberMe, string? returnUrl = null)
    {
        await LoadAsync(rememberMe, returnUrl);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool rememberMe, string? returnUrl = null)
    {
        var user = await LoadAsync(rememberMe, returnUrl);
        if (user is null || !ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(code, rememberMe, rememberClient: MayRememberBrowser && Input.RememberBrowser);
        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in with an authenticator code succeeded for {UserId}", user.Id);
            return LocalRedirect(ReturnUrl);
        }

        logger.LogWarning(result.IsLockedOut ? "Sign-in refused: account {UserId} is locked out" : "Wrong authenticator code for {UserId}", user.Id);
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? text["Account.TwoFactor.LockedOut"] : text["Account.TwoFactor.WrongCode"]);
        return Page();
    }

    private async Task<PortalUser?> LoadAsync(bool rememberMe, string? returnUrl)
    {
        ReturnUrl = Url.AfterSignIn(returnUrl);
        RememberMe = rememberMe;
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        Expired = user is null;
        MayRememberBrowser = user is not null && !await policy.IsRequiredForAsync(signInManager.UserManager, user);
        return user;
    }
}
