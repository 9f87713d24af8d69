using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <param name="FirstLink">True when this sign-in linked the provider's login to the account.</param>
public sealed record ExternalSignIn(PortalUser User, bool FirstLink);

/// <summary>
/// Finds the staff account a provider sign-in belongs to. A login seen before leads to its account; a first one is
/// linked to the existing account with the employee number the provider gives, or else with its verified email, and
/// the link is audited. Nobody gets an account here: HR's staff list decides who may use the portal.
/// </summary>
public sealed class LinkExternalLogin(PortalDbContext db, UserManager<PortalUser> userManager, AuditLog audit, IStringLocalizer<Shared> text,
    ILogger<LinkExternalLogin> logger)
{
    private string NotInStaffList => text["Refusal.Account.NotInStaffList"];

    private string Disabled => text["Refusal.Account.Disabled"];

    private string LinkedToAnotherLogin => text["Refusal.Account.LinkedToAnotherLogin"];

    public async Task<Outcome<ExternalSignIn>> ExecuteAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        if (await userManager.FindByLoginAsync(identity.Provider, identity.ProviderKey) is { } known)
        {
            return known.IsActive ? Outcome<ExternalSignIn>.Done(new(known, FirstLink: false)) : Refuse(Disabled, "disabled account", known.Id);
        }

        var (user, matchedBy) = await FindStaffAsync(identity, cancellationToken);
        if (user is null)
        {
            return Refuse(NotInStaffList, "no staff account", null);
        }

        if (!user.IsActive)
        {
            return Refuse(Disabled, "disabled account", user.Id);
        }

        // A second subject from the same provider claiming an account that is already linked is not taken on trust.
        if (await db.UserLogins.AnyAsync(l => l.UserId == user.Id && l.LoginProvider == identity.Provider, cancellationToken))
        {
            return Refuse(LinkedToAnotherLogin, "account already linked to another subject", user.Id);
        }

        var actor = new Actor(user.Id, user.DisplayName, [.. await userManager.GetRolesAsync(user)]);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var added = await userManager.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.ProviderKey, identity.ProviderDisplayName));
        if (!added.Succeeded)
        {
            return Outcome<ExternalSignIn>.Refused(added.Errors.Select(e => new Refusal("", e.Description)).ToList());
        }

        audit.Record(actor, AuditActions.ExternalLoginLinked, AuditTargets.Employee, user.Id,
            $"Linked the {identity.ProviderDisplayName} sign-in to the account of {user.DisplayName} ({user.EmployeeNumber}) by {matchedBy}",
            after: new { identity.Provider, identity.ProviderKey, MatchedBy = matchedBy, identity.ProviderDisplayName });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Linked {Provider} login to account {UserId} by {MatchedBy}", identity.Provider, user.Id, matchedBy);
        return Outcome<ExternalSignIn>.Done(new(user, FirstLink: true));
    }

    private async Task<(PortalUser? User, string MatchedBy)> FindStaffAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var employeeNumber = EmployeeNumbers.Normalise(identity.EmployeeNumber);
        if (employeeNumber.Length > 0 && await db.Users.SingleOrDefaultAsync(u => u.EmployeeNumber == employeeNumber, cancellationToken) is { } byNumber)
        {
            return (byNumber, "employee number");
        }

        if (!identity.EmailVerified || string.IsNullOrWhiteSpace(identity.Email)
            || await userManager.FindByEmailAsync(identity.Email.Trim()) is not { } byEmail)
        {
            return (null, "");
        }

        // The provider names another employee than the one HR gave this email to: believe neither.
        if (employeeNumber.Length > 0 && byEmail.EmployeeNumber != employeeNumber)
        {
            logger.LogWarning("Provider employee number does not match account {UserId} found by email", byEmail.Id);
            return (null, "");
        }

        return (byEmail, "verified email");
    }

    private Outcome<ExternalSignIn> Refuse(string message, string reason, string? userId)
    {
        logger.LogWarning("Provider sign-in refused: {Reason} {UserId}", reason, userId ?? "(none)");
        return Outcome<ExternalSignIn>.Refused("", message);
    }
}
