using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Languages;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Pages;

/// <summary>
/// The language picker posts here from every page, signed in or not: the choice goes into the standard culture
/// cookie and, for a signed-in person, into their account, so it follows them to other devices and into their mails.
/// </summary>
[AllowAnonymous]
public class CultureModel(ChooseLanguage chooseLanguage, SignInManager<PortalUser> signIn, CookieSecurity cookies) : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(Url.LocalOr(returnUrl) ?? "/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken cancellationToken)
    {
        var back = Url.LocalOr(returnUrl) ?? "/";
        if (PortalLanguages.Match(culture) is not { } language)
        {
            return LocalRedirect(back);
        }

        CultureCookie.Write(Response, language, cookies.Policy, Request.IsHttps);
        if (User.Identity?.IsAuthenticated == true)
        {
            var outcome = await chooseLanguage.ExecuteAsync(User.UserId(), language, Actor.From(User), cancellationToken);
            if (outcome.Succeeded && await signIn.UserManager.GetUserAsync(User) is { } person)
            {
                await signIn.RefreshSignInAsync(person); // the saved preference travels in the sign-in cookie
            }
        }

        return LocalRedirect(back);
    }
}
