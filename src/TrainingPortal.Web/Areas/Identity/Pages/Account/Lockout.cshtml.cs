using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

/// <summary>Where a sign-in that locked the account ends up: the person is not signed in, so anyone may read it.</summary>
[AllowAnonymous]
public class LockoutModel(IOptions<IdentityOptions> identity) : PageModel
{
    /// <summary>How long a lockout lasts (Identity's DefaultLockoutTimeSpan), in whole minutes.</summary>
    public int Minutes => (int)Math.Ceiling(identity.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes);

    public void OnGet()
    {
    }
}
