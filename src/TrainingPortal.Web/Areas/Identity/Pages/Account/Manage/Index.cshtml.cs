using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// "My account": the person's record as HR keeps it, read-only (staff do not edit HR's data), and the one thing they
/// choose here, the language they read the portal, their mails and their certificates in.
/// </summary>
public class IndexModel(
    PortalDbContext db,
    LanguageChoice languageChoice,
    ChooseDigest chooseDigest,
    IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    /// <param name="Branch">The branch's name; null for head-office staff.</param>
    public sealed record PersonProfile(string Name, string EmployeeNumber, string Email, string? Branch, string JobTitle, IReadOnlyList<string> Roles);

    public PersonProfile Profile { get; private set; } = null!;

    /// <summary>The language the person saved; null until they or HR choose one.</summary>
    public string? SavedLanguage { get; private set; }

    /// <summary>What the form shows selected: the saved language, else the one the page is read in.</summary>
    public string SelectedLanguage => SavedLanguage ?? DateDisplay.CurrentLanguage;

    /// <summary>Whether the person has a digest to switch (a branch manager's weekly one, HR's monthly one), and its state.</summary>
    public DigestChoice? Digest { get; private set; }

    public sealed record DigestChoice(string Role, bool Receives);

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? language, CancellationToken cancellationToken)
    {
        var outcome = await languageChoice.ApplyAsync(HttpContext, language, cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            ModelState.AddRefusals(outcome.Refusals, prefix: null);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        var saved = outcome.Value!;
        using (CultureSwitch.Use(saved))
        {
            StatusMessage = text["Account.Manage.LanguageSaved", PortalLanguages.NativeName(saved)];
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDigestAsync(bool receive, CancellationToken cancellationToken)
    {
        var outcome = await chooseDigest.ExecuteAsync(User.UserId(), receive, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            ModelState.AddRefusals(outcome.Refusals, prefix: null);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        StatusMessage = text[outcome.Value ? "Account.Manage.DigestOn" : "Account.Manage.DigestOff"];
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var person = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.EmployeeNumber, u.Email, Branch = u.Branch == null ? null : u.Branch.Name, u.JobTitle, u.PreferredCulture, u.ReceivesDigest })
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return false;
        }

        var roles = await (from link in db.UserRoles
                           join role in db.Roles on link.RoleId equals role.Id
                           where link.UserId == userId
                           select role.Name).ToListAsync(cancellationToken);
        Profile = new PersonProfile(person.DisplayName, person.EmployeeNumber, person.Email ?? "", person.Branch, person.JobTitle,
            Roles.All.Where(roles.Contains).ToList());
        SavedLanguage = PortalLanguages.Match(person.PreferredCulture);
        var digestRole = Profile.Roles.FirstOrDefault(r => r is Roles.BranchManager or Roles.HR);
        Digest = digestRole is null ? null : new DigestChoice(digestRole, person.ReceivesDigest);
        return true;
    }
}
