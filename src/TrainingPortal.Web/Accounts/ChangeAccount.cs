using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Accounts;

public sealed record AccountChange(string UserId, string DisplayName, int? BranchId, string JobTitle, string Role);

/// <summary>
/// Corrects a person's name, branch, job title or role. Whoever may give a role may change an account holding one
/// (HR the branch staff, administrators everyone), never their own role. A new branch or role signs the person out
/// everywhere, since it changes what they may see; the courses the new branch and title require follow in the same
/// transaction, with one audit entry of before and after.
/// </summary>
/// <remarks>
/// Runs through <see cref="SerializableWrites"/>: the person's own sign-ins write their account too (a mistyped password,
/// a new link), and a change that loses to one is made again on the fresh account rather than failing.
/// </remarks>
public sealed class ChangeAccount(PortalDbContext db, UserManager<PortalUser> userManager, RequiredCourseSync requiredCourses, BehaviourTallies behaviourTallies, ActiveStaffTallies activeStaff, AuditLog audit,
    SerializableWrites writes, IStringLocalizer<Shared> text)
{
    public Task<Outcome<PortalUser>> ExecuteAsync(AccountChange change, Actor actor, CancellationToken cancellationToken) =>
        writes.RunAsync("Account change", () => ChangeAsync(change, actor, cancellationToken), cancellationToken);

    private async Task<Outcome<PortalUser>> ChangeAsync(AccountChange change, Actor actor, CancellationToken cancellationToken)
    {
        if (await AccountInReach.FindAsync(db, userManager, change.UserId, actor, cancellationToken) is not (var user, var role))
        {
            return await db.Users.AnyAsync(u => u.Id == change.UserId, cancellationToken) ? Outcome<PortalUser>.Denied() : Outcome<PortalUser>.Missing();
        }

        var refusals = new List<Refusal>();
        var name = (change.DisplayName ?? "").Trim();
        var jobTitle = (change.JobTitle ?? "").Trim();
        if (name.Length is 0 or > StaffFields.MaxNameLength)
        {
            refusals.Add(new("DisplayName", text["Refusal.Account.NameLength", StaffFields.MaxNameLength]));
        }

        if (jobTitle.Length is 0 or > StaffFields.MaxJobTitleLength)
        {
            refusals.Add(new("JobTitle", text["Refusal.Account.JobTitleLength", StaffFields.MaxJobTitleLength]));
        }

        if (!actor.GrantableRoles.Contains(change.Role))
        {
            refusals.Add(new("Role", text["Refusal.Account.RoleNotGrantable"]));
        }
        else if (user.Id == actor.UserId && change.Role != role)
        {
            refusals.Add(new("Role", text["Refusal.Account.OwnRole"]));
        }

        if (change.BranchId is { } branchId && !await db.Branches.AnyAsync(b => b.Id == branchId, cancellationToken))
        {
            refusals.Add(new("BranchId", text["Refusal.Account.UnknownBranch"]));
        }

        if (change.Role == Roles.BranchManager && change.BranchId is null)
        {
            refusals.Add(new("BranchId", text["Refusal.Account.BranchManagerNeedsBranch"]));
        }

        if (refusals.Count > 0)
        {
            return Outcome<PortalUser>.Refused(refusals);
        }

        var before = new { user.DisplayName, user.BranchId, user.JobTitle, Role = role };
        var after = new { DisplayName = name, change.BranchId, JobTitle = jobTitle, change.Role };
        if (before.Equals(after)) // by value: == on anonymous types compares references
        {
            return Outcome<PortalUser>.Done(user);
        }

        user.DisplayName = name;
        user.JobTitle = jobTitle;
        var movedOrPromoted = user.BranchId != change.BranchId || role != change.Role;
        var place = new StaffPlace(user.BranchId, user.IsActive);
        user.BranchId = change.BranchId;
        if (role != change.Role)
        {
            db.UserRoles.RemoveRange(db.UserRoles.Where(r => r.UserId == user.Id));
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await db.Roles.Where(r => r.Name == change.Role).Select(r => r.Id).SingleAsync(cancellationToken) });
        }

        if (movedOrPromoted)
        {
            AccountStamps.Renew(user); // what they may see changed: sign in again
        }

        audit.Record(actor, AuditActions.AccountChanged, AuditTargets.Employee, user.Id, $"Changed the account of {name} ({user.EmployeeNumber})", before, after);
        await behaviourTallies.ChangingPeopleAsync([user.Id], async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            var movedOrRetitled = user.IsActive && (before.BranchId != user.BranchId || before.JobTitle != user.JobTitle);
            await requiredCourses.RebuildAsync([user.Id],
                movedOrRetitled ? new Dictionary<string, BranchAndTitle> { [user.Id] = new(before.BranchId, before.JobTitle) } : null, cancellationToken);
            await activeStaff.ApplyAsync([(place, place with { BranchId = user.BranchId })], cancellationToken);
        }, cancellationToken);
        return Outcome<PortalUser>.Done(user);
    }
}

/// <summary>
/// Disables an account (its sessions end on their next request, its courses leave the reports, its certificates and
/// history stay) or enables it again. Same rule of who may act on whom as <see cref="ChangeAccount"/>; no one
/// disables their own account.
/// </summary>
public sealed class SetAccountActive(PortalDbContext db, UserManager<PortalUser> userManager, RequiredCourseSync requiredCourses, BehaviourTallies behaviourTallies, ActiveStaffTallies activeStaff, AuditLog audit,
    SerializableWrites writes, IStringLocalizer<Shared> text)
{
    public Task<Outcome<PortalUser>> ExecuteAsync(string userId, bool active, Actor actor, CancellationToken cancellationToken) =>
        writes.RunAsync(active ? "Enabling an account" : "Disabling an account", () => SetAsync(userId, active, actor, cancellationToken), cancellationToken);

    private async Task<Outcome<PortalUser>> SetAsync(string userId, bool active, Actor actor, CancellationToken cancellationToken)
    {
        if (await AccountInReach.FindAsync(db, userManager, userId, actor, cancellationToken) is not (var user, _))
        {
            return await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? Outcome<PortalUser>.Denied() : Outcome<PortalUser>.Missing();
        }

        if (user.Id == actor.UserId)
        {
            return Outcome<PortalUser>.Refused("", text["Refusal.Account.OwnAccount"]);
        }

        if (user.IsActive == active)
        {
            return Outcome<PortalUser>.Done(user);
        }

        user.IsActive = active;
        AccountStamps.Renew(user);
        audit.Record(actor, active ? AuditActions.AccountEnabled : AuditActions.AccountDisabled, AuditTargets.Employee, user.Id,
            $"{(active ? "Enabled" : "Disabled")} the account of {user.DisplayName} ({user.EmployeeNumber})",
            before: new { IsActive = !active }, after: new { IsActive = active });
        await behaviourTallies.ChangingPeopleAsync([user.Id], async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            await requiredCourses.RebuildAsync([user.Id], cancellationToken);
            await activeStaff.ApplyAsync([(new StaffPlace(user.BranchId, !active), new StaffPlace(user.BranchId, active))], cancellationToken);
        }, cancellationToken);
        return Outcome<PortalUser>.Done(user);
    }
}

/// <summary>
/// Who may act on an account: whoever may give its role (HR the branch staff, administrators everyone), as long as
/// their own account still holds the roles they act with and is active. Read in the writer's transaction, so two
/// administrators disabling or demoting each other at once cannot both succeed and leave the bank without one: the
/// second, run again on fresh reads, finds its own authority gone.
/// </summary>
internal static class AccountInReach
{
    /// <returns>The account and its role, or null when it does not exist or is beyond the actor's reach.</returns>
    public static async Task<(PortalUser User, string Role)?> FindAsync(PortalDbContext db, UserManager<PortalUser> userManager, string userId, Actor actor,
        CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || !await StillHoldsRolesAsync(db, actor, cancellationToken))
        {
            return null;
        }

        var role = (await userManager.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Employee;
        return actor.GrantableRoles.Contains(role) ? (user, role) : null;
    }

    private static async Task<bool> StillHoldsRolesAsync(PortalDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        if (actor == Actor.Console)
        {
            return true; // the server's operator, who has no account to lose
        }

        var held = await db.UserRoles.Where(ur => ur.UserId == actor.UserId && db.Users.Any(u => u.Id == actor.UserId && u.IsActive))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        return actor.Roles.All(held.Contains);
    }
}
