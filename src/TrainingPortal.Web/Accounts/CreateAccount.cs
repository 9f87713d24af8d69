using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Accounts;

/// <param name="PreferredCulture">The language the person reads the portal and their mails in (en, zh-Hans, zh-Hant); null for the portal's default.</param>
public sealed record NewAccount(string EmployeeNumber, string DisplayName, string Email, string JobTitle, DateOnly HireDate, int? BranchId, string Role,
    string? PreferredCulture = null);

/// <summary>
/// Opens an account for a member of staff, without a password: its owner sets one through a link. The account,
/// its role, its audit entry and the courses its branch, region and job title require are written together.
/// </summary>
public sealed class CreateAccount(PortalDbContext db, UserManager<PortalUser> userManager, RequiredCourseSync requiredCourses, ActiveStaffTallies activeStaff, AuditLog audit, TimeProvider time,
    IStringLocalizer<Shared> text, ILogger<CreateAccount> logger)
{
    /// <remarks>
    /// Two requests opening the same account at once (a double click) both pass the checks; the second's insert then
    /// meets the first's key. Checked again on fresh reads, it is refused as a number or address already taken.
    /// </remarks>
    public Task<Outcome<PortalUser>> ExecuteAsync(NewAccount input, Actor actor, CancellationToken cancellationToken) =>
        WriteConflicts.RetriedOnceAsync(db, logger, "Creating an account", () => CreateAsync(input, actor, cancellationToken),
            () => Outcome<PortalUser>.Refused("", text["Refusal.ChangedMeanwhile"]), cancellationToken);

    private async Task<Outcome<PortalUser>> CreateAsync(NewAccount input, Actor actor, CancellationToken cancellationToken)
    {
        var employeeNumber = EmployeeNumbers.Normalise(input.EmployeeNumber);
        var refusals = new List<Refusal>();
        if (EmployeeNumbers.Problem(employeeNumber) is not null)
        {
            refusals.Add(new("EmployeeNumber", employeeNumber.Length == 0
                ? text["Refusal.Account.EmployeeNumberMissing"]
                : text["Refusal.Account.EmployeeNumberInvalid", employeeNumber, EmployeeNumbers.MaxLength]));
        }

        if (!StaffFields.IsHireDateInRange(input.HireDate))
        {
            refusals.Add(new("HireDate", text["Refusal.Account.HireDateOutOfRange", StaffFields.EarliestHireDate.Year, StaffFields.LatestHireDate.Year]));
        }

        if (!actor.GrantableRoles.Contains(input.Role))
        {
            refusals.Add(new("Role", text["Refusal.Account.RoleNotGrantable"]));
        }

        if (input.BranchId is { } branchId && !await db.Branches.AnyAsync(b => b.Id == branchId, cancellationToken))
        {
            refusals.Add(new("BranchId", text["Refusal.Account.UnknownBranch"]));
        }

        if (input.Role == Roles.BranchManager && input.BranchId is null)
        {
            refusals.Add(new("BranchId", text["Refusal.Account.BranchManagerNeedsBranch"]));
        }

        if (await db.Users.AnyAsync(u => u.EmployeeNumber == employeeNumber, cancellationToken))
        {
            refusals.Add(new("EmployeeNumber", text["Refusal.Account.EmployeeNumberTaken"]));
        }

        string? language = null;
        if (!string.IsNullOrWhiteSpace(input.PreferredCulture) && (language = PortalLanguages.Match(input.PreferredCulture)) is null)
        {
            refusals.Add(new("Language", text["Refusal.UnknownLanguage", input.PreferredCulture]));
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
            PreferredCulture = language,
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
                .Distinct() // the user name is the email: a taken address is one message, not two
                .ToList());
        }

        audit.Record(actor, AuditActions.AccountCreated, AuditTargets.Employee, user.Id,
            $"Created the account of {user.DisplayName} ({user.EmployeeNumber}) as {input.Role}",
            after: new { user.EmployeeNumber, user.DisplayName, user.Email, user.JobTitle, user.BranchId, input.Role, Language = language });
        await db.SaveChangesAsync(cancellationToken);
        await requiredCourses.RebuildAsync([user.Id], cancellationToken);
        await activeStaff.ApplyAsync([(null, new StaffPlace(user.BranchId, user.IsActive))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<PortalUser>.Done(user);
    }
}
