using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Signing out changes the account's security stamp, so the session cookie is dead on the server too:
/// a copy of it (from a shared computer, say) no longer works. A session begun at the bank's provider is then ended
/// there too, or the next person at the terminal would be signed in as this one by the provider's button.
/// </summary>
[AllowAnonymous]
public class LogoutModel(SignInManager<PortalUser> signInManager, ILogger<LogoutModel> logger) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signInManager.UserManager.GetUserAsync(User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
            logger.LogInformation("User {UserId} signed out", user.Id);
        }

        await signInManager.SignOutAsync();
        var signIn = Url.Page("/Account/Login", new { area = "Identity" })!;
        return await SingleSignOn.ProviderSignOutAsync(HttpContext, User, signIn) is { } atProvider ? atProvider : LocalRedirect(signIn);
    }
}
