using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public class LoginModel(SignInManager<PortalUser> signInManager, IOptions<SignInSettings> settings, IStringLocalizer<Shared> text, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    /// <summary>False where the bank signs in only through its provider (Authentication:LocalPasswords).</summary>
    public bool LocalPasswords => settings.Value.LocalPasswords;

    public IReadOnlyList<AuthenticationScheme> ExternalLogins { get; private set; } = [];

    /// <summary>How the provider is named on its button, in the reader's language unless the bank set a name.</summary>
    public string ProviderName(AuthenticationScheme scheme) =>
        scheme.Name == SingleSignOn.Scheme ? settings.Value.OpenIdConnect.DisplayNameFor(text) : scheme.DisplayName ?? scheme.Name;

    /// <summary>One message for every failure, so the page never tells whether an email has an account.</summary>
    private string FailureMessage => text["Account.Login.Failed"];

    public class InputModel
    {
        [Required(ErrorMessage = "Account.WorkEmail.Required")]
        [EmailAddress(ErrorMessage = "Account.WorkEmail.Invalid")]
        [Display(Name = "Account.WorkEmail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Account.Login.PasswordRequired")]
        [DataType(DataType.Password)]
        [Display(Name = "Account.Login.Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Account.Login.RememberMe")]
        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync(string? returnUrl = null)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        await LoadExternalLoginsAsync();
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        await LoadExternalLoginsAsync();
        if (!LocalPasswords)
        {
            logger.LogWarning("Password sign-in refused: Authentication:LocalPasswords is off");
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, text["Account.Login.NoPasswords", settings.Value.OpenIdConnect.DisplayNameFor(text)]);
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await signInManager.UserManager.FindByEmailAsync(Input.Email);
        if (user is null || !user.IsActive || user.PasswordHash is null || await signInManager.UserManager.IsLockedOutAsync(user))
        {
            // Identity would answer these without hashing anything: spend what a wrong password costs, so the time
            // taken does not tell whether the email has an account, a disabled or locked one, or one without a password yet.
            var hasher = signInManager.UserManager.PasswordHasher;
            hasher.VerifyHashedPassword(user ?? UnknownUser, DummyHash(hasher), Input.Password);
        }

        if (user is { IsActive: false })
        {
            logger.LogWarning("Sign-in refused for disabled account {UserId}", user.Id);
            ModelState.AddModelError(string.Empty, FailureMessage);
            return Page();
        }

        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signInManager.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in succeeded for {UserId}", user!.Id);
            return LocalRedirect(ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { returnUrl = ReturnUrl, rememberMe = Input.RememberMe });
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: account {UserId} is locked out", user!.Id);
            ModelState.AddModelError(string.Empty, FailureMessage);
            return Page();
        }

        logger.LogWarning("Sign-in failed for {UserId}", user?.Id ?? "(unknown email)");
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }

    private async Task LoadExternalLoginsAsync()
    {
        ExternalLogins = [.. await signInManager.GetExternalAuthenticationSchemesAsync()];
        if (ExternalLogins.Count > 0 && settings.Value.OpenIdConnect.Origin is { } provider)
        {
            Response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicyWithFormTarget(provider);
        }
    }

    private static readonly PortalUser UnknownUser = new();
    private static string? _dummyHash;

    /// <summary>A hash made once by the app's own hasher, so it carries the configured iteration count.</summary>
    private static string DummyHash(IPasswordHasher<PortalUser> hasher) =>
        _dummyHash ??= hasher.HashPassword(UnknownUser, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

    private string SafeReturnUrl(string? returnUrl) => Url.AfterSignIn(returnUrl);
}
