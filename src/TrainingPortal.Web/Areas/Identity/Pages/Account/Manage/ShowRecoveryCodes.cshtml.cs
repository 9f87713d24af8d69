using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>The recovery codes, shown once: TempData carries them from enrolment to this page and forgets them once read.</summary>
public class ShowRecoveryCodesModel : PageModel
{
    [TempData]
    public string[]? RecoveryCodes { get; set; }

    public string ContinueUrl { get; private set; } = "/";

    public IActionResult OnGet(string? returnUrl = null)
    {
        if (RecoveryCodes is not { Length: > 0 })
        {
            return RedirectToPage("./TwoFactorAuthentication");
        }

        ContinueUrl = Url.LocalOr(returnUrl, Url.Page("/Index", new { area = "" }) ?? "/")!;
        return Page();
    }
}
