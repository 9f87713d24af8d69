using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages.Admin.Users;

public class IndexModel(PortalDbContext db, InviteStaff inviteStaff, TimeProvider time, IStringLocalizer<TrainingPortal.Web.Shared> text,
    IOptions<RequestLocalizationOptions> localization) : PageModel
{
    private const int PageSize = 50;

    /// <param name="Branch">Null for head office.</param>
    /// <param name="Language">Null when the account reads the portal's default language.</param>
    public sealed record UserRow(string Id, string EmployeeNumber, string DisplayName, string Email, string JobTitle, string? Branch, string Role,
        string? Language, AccountState State, DateTime? InvitedAtUtc, DateTime? InvitationExpiresAtUtc);

    public string DefaultLanguage => localization.Value.PortalDefaultLanguage();

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Branches { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? Search { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Warning { get; set; }

    public async Task OnGetAsync(string? q, [FromQuery(Name = "p")] int page = 1, CancellationToken cancellationToken = default)
    {
        Search = q?.Trim();
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(Search))
        {
            // LIKE, as every other search: it ignores case on each provider, where Contains did on SQL Server only.
            var (term, number) = (LikePattern.Containing(Search), LikePattern.Containing(EmployeeNumbers.Normalise(Search)));
            users = users.Where(u => EF.Functions.Like(u.DisplayName, term, LikePattern.Escape) || EF.Functions.Like(u.Email!, term, LikePattern.Escape)
                || EF.Functions.Like(u.EmployeeNumber, number, LikePattern.Escape));
        }

        Total = await users.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(page, 1, PageCount);
        var now = time.GetUtcNow().UtcDateTime;
        Rows = (await users
                .OrderBy(u => u.EmployeeNumber)
                .Skip((PageNumber - 1) * PageSize)
                .Take(PageSize)
                .Select(u => new
                {
                    u.Id, u.EmployeeNumber, u.DisplayName, u.Email, u.JobTitle,
                    Branch = u.Branch == null ? null : u.Branch.Name,
                    u.PreferredCulture,
                    Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault() ?? "",
                    u.IsActive,
                    CanSignIn = u.PasswordHash != null || db.UserLogins.Any(l => l.UserId == u.Id),
                    u.InvitedAtUtc,
                    u.InvitationExpiresAtUtc,
                })
                .ToListAsync(cancellationToken))
            .Select(u => new UserRow(u.Id, u.EmployeeNumber, u.DisplayName, u.Email!, u.JobTitle, u.Branch, u.Role, TrainingPortal.Core.Languages.PortalLanguages.Match(u.PreferredCulture),
                AccountStates.Of(u.IsActive, u.CanSignIn, u.InvitationExpiresAtUtc, now), u.InvitedAtUtc, u.InvitationExpiresAtUtc))
            .ToList();
        Branches = (await db.Branches.OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken)).Select(b => (b.Id, b.Name)).ToList();
    }

    public Task<IActionResult> OnPostInviteAsync(string userId, CancellationToken cancellationToken) =>
        InviteAsync(new InvitationScope.Person(userId), cancellationToken);

    public Task<IActionResult> OnPostInviteBranchAsync(int branchId, CancellationToken cancellationToken) =>
        InviteAsync(new InvitationScope.Branch(branchId), cancellationToken);

    public Task<IActionResult> OnPostInviteNeverInvitedAsync(CancellationToken cancellationToken) =>
        InviteAsync(new InvitationScope.NeverInvited(), cancellationToken);

    private async Task<IActionResult> InviteAsync(InvitationScope scope, CancellationToken cancellationToken)
    {
        var outcome = await inviteStaff.ExecuteAsync(scope, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            Warning = string.Join(Typography.WordSpace, outcome.Refusals.Select(r => r.Message));
            return RedirectToPage();
        }

        Message = InviteStaff.Said(text, outcome.Value);
        return RedirectToPage();
    }
}
