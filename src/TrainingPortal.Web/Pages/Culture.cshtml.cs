using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Pages;

/// <summary>
/// The language picker posts here from every page, signed in or not: the choice goes into the standard culture
/// cookie and, for a signed-in person, into their account, so it follows them to other devices and into their mails.
/// </summary>
[AllowAnonymous]
public class CultureModel(LanguageChoice languageChoice) : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(Url.LocalOr(returnUrl) ?? "/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken cancellationToken)
    {
        await languageChoice.ApplyAsync(HttpContext, culture, cancellationToken); // an unknown language changes nothing
        return LocalRedirect(Url.LocalOr(returnUrl) ?? "/");
    }
}
