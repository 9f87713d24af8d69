using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Admin.Users;

/// <summary>An administrator resets someone's authenticator app (a lost or new phone); HR may not.</summary>
[Authorize(Policy = Policies.Administration)]
public class AuthenticatorModel(PortalDbContext db, ResetAuthenticator resetAuthenticator, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    public sealed record AccountSummary(string Id, string EmployeeNumber, string DisplayName, string Email, bool TwoFactorEnabled);

    public AccountSummary Account { get; private set; } = null!;

    public bool IsSelf { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var outcome = await resetAuthenticator.ExecuteAsync(id, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            Message = text["Admin.Authenticator.Done", outcome.Value!];
            return RedirectToPage(new { id });
        }

        ModelState.AddRefusals(outcome.Refusals, prefix: null);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var account = await db.Users.Where(u => u.Id == id)
            .Select(u => new AccountSummary(u.Id, u.EmployeeNumber, u.DisplayName, u.Email!, u.TwoFactorEnabled))
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return false;
        }

        Account = account;
        IsSelf = account.Id == User.UserId();
        return true;
    }
}
