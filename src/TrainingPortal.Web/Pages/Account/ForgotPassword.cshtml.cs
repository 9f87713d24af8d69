using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.PasswordReset)]
public class ForgotPasswordModel(RequestPasswordReset requestReset) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "Account.WorkEmail.Required")]
        [EmailAddress(ErrorMessage = "Account.WorkEmail.Invalid")]
        [StringLength(256, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Account.WorkEmail")]
        public string Email { get; set; } = "";
    }

    public void OnGet(bool sent = false) => Sent = sent;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await requestReset.ExecuteAsync(Input.Email, cancellationToken);
        return RedirectToPage(new { sent = true });
    }
}
