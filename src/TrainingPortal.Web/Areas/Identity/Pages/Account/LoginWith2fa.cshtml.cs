using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

/// <summary>The second step of signing in for someone with an authenticator app: the password was right, now the code.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public class LoginWith2faModel(SignInManager<PortalUser> signInManager, SecondFactorPolicy policy, ILogger<LoginWith2faModel> logger) : PageModel
{
    public const string WrongCodeMessage = "That code is not right. Enter the 6-digit code your authenticator app shows now.";
    public const string LockedOutMessage = "Too many wrong codes: the account is locked for 15 minutes. HR can help.";

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
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [RegularExpression(@"^\s*\d{3}[\s-]?\d{3}\s*$", ErrorMessage = "The code is 6 digits, such as 123456.")]
        [Display(Name = "Authenticator code")]
        public string Code { get; set; } = "";

        [Display(Name = "Don't ask for a code on this browser again")]
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
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? LockedOutMessage : WrongCodeMessage);
        return Page();
    }

    private async Task<PortalUser?> LoadAsync(bool rememberMe, string? returnUrl)
    {
        ReturnUrl = Url.LocalOr(returnUrl)!;
        RememberMe = rememberMe;
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        Expired = user is null;
        MayRememberBrowser = user is not null && !await policy.IsRequiredForAsync(signInManager.UserManager, user);
        return user;
    }
}
