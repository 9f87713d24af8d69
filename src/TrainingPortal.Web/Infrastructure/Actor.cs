using System.Security.Claims;
using TrainingPortal.Core.Staff;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>Who is making a change: named in its audit entry, and asked whether they may make it.</summary>
public sealed record Actor(string UserId, string Name, IReadOnlyList<string> Roles)
{
    /// <summary>
    /// The operator at the server's console (create-admin): an administrator with no account of their own yet, so it
    /// can open accounts but not make changes that record their author as an account (assignments, grants).
    /// </summary>
    public static readonly Actor Console = new("console", "Command line", [Core.Staff.Roles.Admin]);

    public static Actor From(ClaimsPrincipal user) => new(user.UserId(), user.DisplayName(), Core.Staff.Roles.All.Where(user.IsInRole).ToList());

    public bool IsAdmin => Roles.Contains(Core.Staff.Roles.Admin);

    /// <summary>HR and administrators run the training programme: assignments, extra attempts, revocations, invitations.</summary>
    public bool ManagesTraining => IsAdmin || Roles.Contains(Core.Staff.Roles.HR);

    /// <summary>The roles this person may give a new account: HR gives the branch-staff roles it may also change.</summary>
    public IReadOnlyList<string> GrantableRoles => IsAdmin ? Core.Staff.Roles.All : ManagesTraining ? Core.Staff.Roles.BranchStaff : [];
}
