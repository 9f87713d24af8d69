using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Identity UI pages the bank does not use: self-registration, email-based recovery (no mail is sent;
/// HR issues set-password links), external logins, and self-service changes to data HR owns, such as
/// the work email or deleting one's own training record, and two-factor pages until 2FA is offered.
/// They answer 404 for everyone.
/// </summary>
public static class HiddenPages
{
    public static readonly IReadOnlyList<string> IdentityPages =
    [
        "/Account/Register", "/Account/RegisterConfirmation", "/Account/ForgotPassword", "/Account/ForgotPasswordConfirmation",
        "/Account/ExternalLogin", "/Account/ResendEmailConfirmation", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange",
        "/Account/Manage/Email", "/Account/Manage/DeletePersonalData", "/Account/Manage/ExternalLogins",
        "/Account/Manage/PersonalData", "/Account/Manage/DownloadPersonalData",

        // Two-factor sign-in is not offered yet: Identity's default pages answer 500 when reached without it set up.
        "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Manage/TwoFactorAuthentication",
        "/Account/Manage/EnableAuthenticator", "/Account/Manage/Disable2fa", "/Account/Manage/GenerateRecoveryCodes",
        "/Account/Manage/ResetAuthenticator", "/Account/Manage/ShowRecoveryCodes",
    ];

    public static void Hide(Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection conventions)
    {
        foreach (var page in IdentityPages)
        {
            conventions.AddAreaPageApplicationModelConvention("Identity", page, model => model.Filters.Add(new NotFoundFilter()));
        }
    }

    private sealed class NotFoundFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context) => context.Result = new NotFoundResult();

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
