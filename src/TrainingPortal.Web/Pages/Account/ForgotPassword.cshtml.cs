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
        [Required(ErrorMessage = "Enter your work email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, such as name@bank.example.")]
        [StringLength(256)]
        [Display(Name = "Work email")]
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
