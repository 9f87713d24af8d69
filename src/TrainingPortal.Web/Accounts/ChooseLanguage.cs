using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// Saves the language a person reads the portal, their mails and their certificates in. Anyone may choose their own;
/// HR and administrators may set it for staff (from the account page or the staff file).
/// </summary>
public sealed class ChooseLanguage(PortalDbContext db, AuditLog audit, IStringLocalizer<Shared> text)
{
    /// <returns>The language saved, one of <see cref="PortalLanguages.All"/>.</returns>
    public async Task<Outcome<string>> ExecuteAsync(string userId, string requested, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.UserId != userId && !actor.ManagesTraining)
        {
            return Outcome<string>.Refused("", text["Refusal.NotPermitted"]);
        }

        if (PortalLanguages.Match(requested) is not { } language)
        {
            return Outcome<string>.Refused("Language", text["Refusal.UnknownLanguage", requested]);
        }

        var person = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (person is null)
        {
            return Outcome<string>.Missing();
        }

        if (person.PreferredCulture == language)
        {
            return Outcome<string>.Done(language);
        }

        var before = person.PreferredCulture;
        person.PreferredCulture = language;
        audit.Record(actor, AuditActions.LanguageChanged, "Employee", person.Id,
            $"Set the language of {person.DisplayName} ({person.EmployeeNumber}) to {language}",
            before: new { Language = before }, after: new { Language = language });
        await db.SaveChangesAsync(cancellationToken); // one row and its audit entry: SaveChanges is the transaction
        return Outcome<string>.Done(language);
    }
}
