using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Setting up an authenticator app: anyone may, from their account pages, and someone whose role requires it is
/// brought here before any other page. Storing a key or turning two-factor sign-in on changes the security stamp,
/// which the portal checks on every request, so each of those refreshes the person's sign-in rather than ending it.
/// </summary>
[AllowBeforeEnrolment]
public class EnableAuthenticatorModel(SignInManager<PortalUser> signInManager, EnrolAuthenticator enrol, SecondFactorPolicy policy) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string SharedKey { get; private set; } = "";

    public string QrCodeSvg { get; private set; } = "";

    public bool Required { get; private set; }

    public string? ReturnUrl { get; private set; }

    /// <summary>Read once by ShowRecoveryCodes.</summary>
    [TempData]
    public string[]? RecoveryCodes { get; set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Account.EnableAuthenticator.CodeRequired")]
        [RegularExpression(@"^\s*\d{3}[\s-]?\d{3}\s*$", ErrorMessage = "Account.TwoFactor.CodeFormat")]
        [Display(Name = "Account.EnableAuthenticator.Code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string? returnUrl = null)
    {
        if (await signInManager.UserManager.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToPage("./TwoFactorAuthentication");
        }

        await LoadAsync(user, returnUrl);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null, CancellationToken cancellationToken = default)
    {
        if (await signInManager.UserManager.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var outcome = await enrol.ConfirmAsync(user, Input.Code, Actor.From(User), cancellationToken);
            if (outcome.Succeeded)
            {
                await signInManager.RefreshSignInAsync(user);
                RecoveryCodes = [.. outcome.Value!];
                return RedirectToPage("./ShowRecoveryCodes", new { returnUrl = SafeReturnUrl(returnUrl) });
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        await LoadAsync(user, returnUrl);
        return Page();
    }

    private async Task LoadAsync(PortalUser user, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        Required = await policy.IsRequiredForAsync(signInManager.UserManager, user);
        var setup = await enrol.SetupAsync(user);
        if (setup.KeyCreated)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        SharedKey = setup.GroupedKey;
        QrCodeSvg = setup.QrCodeSvg;
    }

    private string? SafeReturnUrl(string? returnUrl) => Url.LocalOr(returnUrl, fallback: null);
}
