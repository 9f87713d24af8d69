using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Signing out changes the account's security stamp, so the session cookie is dead on the server too:
/// a copy of it (from a shared computer, say) no longer works. A session begun at the bank's provider is then ended
/// there too, or the next person at the terminal would be signed in as this one by the provider's button.
/// </summary>
[AllowAnonymous]
[AlreadySignedOut]
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

/// <summary>
/// "Sign out" pressed on a page left open past the session's end: the form's antiforgery token was made for the person
/// the browser no longer is, so it fails, and the person would see "request could not be accepted". There is nothing
/// left to sign out of here, so they are taken to the sign-in page (the provider's button still asks for a new sign-in
/// while its session may be open: see ProviderSession). Only for someone no longer signed in: a forged sign-out of a
/// live session, or a post with no token at all, is still refused.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AlreadySignedOutAttribute : Attribute, IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (context.Result is IAntiforgeryValidationFailedResult && context.HttpContext.User.Identity?.IsAuthenticated != true
            && request.HasFormContentType && request.Form.ContainsKey("__RequestVerificationToken")) // the antiforgery check has read the form
        {
            context.Result = new RedirectToPageResult("/Account/Login", new { area = "Identity" });
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
