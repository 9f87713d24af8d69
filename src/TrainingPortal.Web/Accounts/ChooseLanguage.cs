using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// Saves the language a person reads the portal, their mails and their certificates in. Anyone may choose their own;
/// for anyone else, whoever may act on their account (<see cref="AccountInReach"/>: HR branch staff, administrators
/// everyone), from the account page or the staff file.
/// </summary>
public sealed class ChooseLanguage(PortalDbContext db, UserManager<PortalUser> userManager, AuditLog audit, IStringLocalizer<Shared> text, ILogger<ChooseLanguage> logger)
{
    /// <returns>The language saved, one of <see cref="PortalLanguages.All"/>.</returns>
    /// <remarks>Saved against the account's concurrency stamp: should the account change meanwhile, it is read and saved again.</remarks>
    public Task<Outcome<string>> ExecuteAsync(string userId, string requested, Actor actor, CancellationToken cancellationToken) =>
        WriteConflicts.RetriedOnceAsync(db, logger, "Choosing a language", () => ChooseAsync(userId, requested, actor, cancellationToken),
            () => Outcome<string>.Refused("", text["Refusal.ChangedMeanwhile"]), cancellationToken);

    private async Task<Outcome<string>> ChooseAsync(string userId, string requested, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.UserId != userId && !actor.ManagesTraining)
        {
            return Outcome<string>.Refused("", text["Refusal.NotPermitted"]);
        }

        if (PortalLanguages.Match(requested) is not { } language)
        {
            return Outcome<string>.Refused("Language", text["Refusal.UnknownLanguage", requested]);
        }

        var person = actor.UserId == userId
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            : (await AccountInReach.FindAsync(db, userManager, userId, actor, cancellationToken))?.User;
        if (person is null)
        {
            return await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? Outcome<string>.Refused("", text["Refusal.NotPermitted"]) : Outcome<string>.Missing();
        }

        if (person.PreferredCulture == language)
        {
            return Outcome<string>.Done(language);
        }

        var before = person.PreferredCulture;
        person.PreferredCulture = language;
        audit.Record(actor, AuditActions.LanguageChanged, AuditTargets.Employee, person.Id,
            $"Set the language of {person.DisplayName} ({person.EmployeeNumber}) to {language}",
            before: new { Language = before }, after: new { Language = language });
        await db.SaveChangesAsync(cancellationToken); // one row and its audit entry: SaveChanges is the transaction
        return Outcome<string>.Done(language);
    }
}
