using TrainingPortal.Core.Staff;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Pages.Admin.Users;

public class IndexModel(PortalDbContext db) : PageModel
{
    private const int PageSize = 50;

    public sealed record UserRow(string Id, string EmployeeNumber, string DisplayName, string Email, string JobTitle, string Branch, string Role, bool IsActive, bool HasPassword);

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public string? Search { get; private set; }

    public async Task OnGetAsync(string? q, int page = 1, CancellationToken cancellationToken = default)
    {
        Search = q?.Trim();
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(Search))
        {
            var term = Search;
            users = users.Where(u => u.DisplayName.Contains(term) || u.Email!.Contains(term) || u.EmployeeNumber.Contains(term));
        }

        Total = await users.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(page, 1, PageCount);
        Rows = await users
            .OrderBy(u => u.EmployeeNumber)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(u => new UserRow(
                u.Id, u.EmployeeNumber, u.DisplayName, u.Email!, u.JobTitle,
                u.Branch == null ? HeadOffice.Name : u.Branch.Name,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault() ?? "",
                u.IsActive,
                u.PasswordHash != null))
            .ToListAsync(cancellationToken);
    }
}
