using System.Security.Claims;
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

/// <summary>
/// Sign-in through the bank's provider. Replaces Identity's page, which would offer to register anyone it does not know:
/// here a sign-in only ever reaches an account HR already holds (see <see cref="LinkExternalLogin"/>).
/// </summary>
[AllowAnonymous]
public class ExternalLoginModel(
    SignInManager<PortalUser> signInManager,
    LinkExternalLogin linkExternalLogin,
    IOptions<SignInSettings> settings,
    IStringLocalizer<Shared> text,
    ILogger<ExternalLoginModel> logger) : PageModel
{
    private string LockedOut => text["Account.External.LockedOut"];

    public string ProviderName => settings.Value.OpenIdConnect.DisplayNameFor(text);

    public string Problem { get; private set; } = "";

    private string Incomplete => text["Account.External.Incomplete", ProviderName];

    /// <summary>Reached only by typing the address: sign-in with the provider starts from the sign-in page.</summary>
    public void OnGet() => Problem = Incomplete;

    public async Task<IActionResult> OnPostAsync(string provider, string? returnUrl = null)
    {
        if ((await signInManager.GetExternalAuthenticationSchemesAsync()).All(s => s.Name != provider))
        {
            return RedirectToPage("./Login");
        }

        var callback = Url.Page("./ExternalLogin", pageHandler: "Callback", values: new { returnUrl = SafeReturnUrl(returnUrl) });
        return new ChallengeResult(provider, signInManager.ConfigureExternalAuthenticationProperties(provider, callback));
    }

    public async Task<IActionResult> OnGetCallbackAsync(string? returnUrl = null, string? remoteError = null)
    {
        returnUrl = SafeReturnUrl(returnUrl);
        var info = remoteError is null ? await signInManager.GetExternalLoginInfoAsync() : null;
        if (info is null)
        {
            Problem = Incomplete;
            return Page();
        }

        ProviderSession.Remember(HttpContext, SingleSignOn.IdTokenOf(info)); // whatever the portal makes of it, the provider signed someone in here

        var outcome = await linkExternalLogin.ExecuteAsync(SingleSignOn.ReadIdentity(info, settings.Value.OpenIdConnect), HttpContext.RequestAborted);
        if (!outcome.Succeeded)
        {
            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
            Problem = outcome.Refusals[0].Message;
            return Page();
        }

        var user = outcome.Value!.User;
        if (SecondFactorPolicy.ProviderAskedForSecondFactor(info.Principal))
        {
            // The provider asked for a second factor: the portal does not ask again, and the session says so (amr = mfa).
            if (!await signInManager.CanSignInAsync(user) || await signInManager.UserManager.IsLockedOutAsync(user))
            {
                return await RefuseAsync(LockedOut, user);
            }

            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
            await signInManager.SignInWithClaimsAsync(user, isPersistent: false,
            [
                new Claim(ClaimTypes.AuthenticationMethod, info.LoginProvider),
                new Claim(SecondFactorPolicy.AuthenticationMethodsClaim, SecondFactorPolicy.MultiFactor),
            ]);
            logger.LogInformation("Sign-in through {Provider} with its second factor for {UserId}", info.LoginProvider, user.Id);
            return LocalRedirect(returnUrl);
        }

        var result = await signInManager.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in through {Provider} for {UserId}", info.LoginProvider, user.Id);
            return LocalRedirect(returnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { returnUrl, rememberMe = false });
        }

        return await RefuseAsync(result.IsLockedOut ? LockedOut : Incomplete, user);
    }

    private async Task<IActionResult> RefuseAsync(string problem, PortalUser user)
    {
        logger.LogWarning("Sign-in through {Provider} refused for account {UserId}: locked out or not allowed", SingleSignOn.Scheme, user.Id);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        Problem = problem;
        return Page();
    }

    private string SafeReturnUrl(string? returnUrl) => Url.AfterSignIn(returnUrl);
}
