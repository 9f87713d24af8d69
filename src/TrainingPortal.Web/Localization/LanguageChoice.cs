using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Localization;

/// <summary>
/// A reader choosing their own language, from the picker or from My account: a signed-in person's choice is saved
/// (<see cref="ChooseLanguage"/>) and their sign-in refreshed, since the saved language travels in it; everyone gets
/// the culture cookie, so the sign-in page keeps the language after signing out.
/// </summary>
public sealed class LanguageChoice(ChooseLanguage chooseLanguage, SignInManager<PortalUser> signIn, CookieSecurity cookies, IStringLocalizer<Shared> text)
{
    public async Task<Outcome<string>> ApplyAsync(HttpContext http, string? requested, CancellationToken cancellationToken)
    {
        var user = http.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        var outcome = signedIn
            ? await chooseLanguage.ExecuteAsync(user.UserId(), requested ?? "", Actor.From(user), cancellationToken)
            : PortalLanguages.Match(requested) is { } language
                ? Outcome<string>.Done(language)
                : Outcome<string>.Refused("Language", text["Refusal.UnknownLanguage", requested ?? ""]);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        if (signedIn && await signIn.UserManager.GetUserAsync(user) is { } person)
        {
            await signIn.RefreshSignInAsync(person);
        }

        CultureCookie.Write(http.Response, outcome.Value!, cookies.IsSecure(http.Request));
        return outcome;
    }
}
