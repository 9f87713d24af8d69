using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

public sealed record NewAccount(string EmployeeNumber, string DisplayName, string Email, string JobTitle, DateOnly HireDate, int? BranchId, string Role);

/// <summary>
/// Opens an account for a member of staff, without a password: its owner sets one through a link. The account,
/// its role, its audit entry and the courses its branch, region and job title require are written together.
/// </summary>
public sealed class CreateAccount(PortalDbContext db, UserManager<PortalUser> userManager, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<PortalUser>> ExecuteAsync(NewAccount input, Actor actor, CancellationToken cancellationToken)
    {
        var employeeNumber = EmployeeNumbers.Normalise(input.EmployeeNumber);
        var refusals = new List<Refusal>();
        if (EmployeeNumbers.Problem(employeeNumber) is { } numberProblem)
        {
            refusals.Add(new("EmployeeNumber", char.ToUpperInvariant(numberProblem[0]) + numberProblem[1..] + "."));
        }

        if (!actor.GrantableRoles.Contains(input.Role))
        {
            refusals.Add(new("Role", "You may not give that role."));
        }

        if (input.BranchId is { } branchId && !await db.Branches.AnyAsync(b => b.Id == branchId, cancellationToken))
        {
            refusals.Add(new("BranchId", "Choose a branch from the list."));
        }

        if (input.Role == Roles.BranchManager && input.BranchId is null)
        {
            refusals.Add(new("BranchId", "A branch manager must belong to a branch."));
        }

        if (await db.Users.AnyAsync(u => u.EmployeeNumber == employeeNumber, cancellationToken))
        {
            refusals.Add(new("EmployeeNumber", "An account with this employee number already exists."));
        }

        if (refusals.Count > 0)
        {
            return Outcome<PortalUser>.Refused(refusals);
        }

        var email = input.Email.Trim();
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            EmployeeNumber = employeeNumber,
            DisplayName = input.DisplayName.Trim(),
            JobTitle = input.JobTitle.Trim(),
            HireDate = input.HireDate,
            BranchId = input.BranchId,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await userManager.CreateAsync(user);
        if (created.Succeeded)
        {
            created = await userManager.AddToRoleAsync(user, input.Role);
        }

        if (!created.Succeeded)
        {
            return Outcome<PortalUser>.Refused(created.Errors
                .Select(e => new Refusal(e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "Email" : "", e.Description))
                .ToList());
        }

        audit.Record(actor, AuditActions.AccountCreated, "Employee", user.Id,
            $"Created the account of {user.DisplayName} ({user.EmployeeNumber}) as {input.Role}",
            after: new { user.EmployeeNumber, user.DisplayName, user.Email, user.JobTitle, user.BranchId, input.Role });
        await db.SaveChangesAsync(cancellationToken);
        await requiredCourses.RebuildAsync([user.Id], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<PortalUser>.Done(user);
    }
}
