using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Whether the person signs in with an authenticator app, and how many recovery codes they have left.</summary>
public class TwoFactorAuthenticationModel(UserManager<PortalUser> users, SecondFactorPolicy policy) : PageModel
{
    public bool Enabled { get; private set; }

    public bool Required { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        Enabled = user.TwoFactorEnabled;
        Required = await policy.IsRequiredForAsync(users, user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return Page();
    }
}
