using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Identity UI pages the bank does not use: self-registration, Identity's own recovery and reset pages (the
/// portal's forgot-password and set-password pages replace them), managing external logins (a provider sign-in links them itself), and self-service changes to data HR owns, such as
/// the work email or deleting one's own training record, and the two-factor pages the portal does not use
/// (turning it off, new recovery codes and resetting one's own key: an administrator resets a lost authenticator).
/// They answer 404 for everyone.
/// </summary>
public static class HiddenPages
{
    public static readonly IReadOnlyList<string> IdentityPages =
    [
        "/Account/Register", "/Account/RegisterConfirmation", "/Account/ForgotPassword", "/Account/ForgotPasswordConfirmation",
        "/Account/ResetPassword", "/Account/ResetPasswordConfirmation",
        "/Account/ResendEmailConfirmation", "/Account/ConfirmEmail", "/Account/ConfirmEmailChange",
        "/Account/Manage/Email", "/Account/Manage/DeletePersonalData", "/Account/Manage/ExternalLogins",
        "/Account/Manage/PersonalData", "/Account/Manage/DownloadPersonalData",

        // A second factor, once on, stays on: roles that require it must not drop it, and a lost phone is an administrator's reset.
        "/Account/Manage/Disable2fa", "/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/ResetAuthenticator",
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
