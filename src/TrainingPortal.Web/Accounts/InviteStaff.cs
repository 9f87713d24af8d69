using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Mail;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// Whom to invite: one person, everyone awaiting a password in a branch, everyone never invited yet, or the people a
/// staff import created (never invited since).
/// </summary>
public abstract record InvitationScope
{
    public sealed record Person(string UserId) : InvitationScope;
    public sealed record Branch(int BranchId) : InvitationScope;
    public sealed record NeverInvited : InvitationScope;
    public sealed record CreatedByImport(Guid ImportId) : InvitationScope;
}

/// <summary>
/// Sends each person in scope who cannot sign in yet a mail with a link to set their password. Sending again gives
/// a new link and makes the previous one useless (the account's security stamp changes). The link goes only to the
/// person's own mailbox, through the outbox, in the same transaction as the record of the invitation: no page ever
/// shows it to HR or an administrator. Each mail is written in its recipient's language, not HR's.
/// </summary>
/// <remarks>
/// The people are read and invited in one go, tried once more on fresh reads should one of them change meanwhile (a
/// mistyped password, a first single sign-on, a colleague's invitation): that person is then invited from their account
/// as it now is, or not at all if they can now sign in.
/// </remarks>
public sealed class InviteStaff(PortalDbContext db, UserManager<PortalUser> userManager, AccountLinkTokens tokens, MailOutbox outbox,
    PublicUrls urls, AuditLog audit, TimeProvider time, DateDisplay dates, IStringLocalizer<Shared> text, ILogger<InviteStaff> logger)
{
    /// <summary>The kind of an invitation's mail: the outbox withdraws one a newer invitation replaced.</summary>
    public const string MailKind = "invitation";

    private const int SaveEvery = 500;

    /// <returns>How many people were invited.</returns>
    public async Task<Outcome<int>> ExecuteAsync(InvitationScope scope, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return Outcome<int>.Refused("", text["Refusal.NotPermitted"]);
        }

        return await WriteConflicts.RetriedOnceAsync(db, logger, "Invitations", () => InviteAsync(scope, actor, cancellationToken),
            () => Outcome<int>.Refused("", text["Refusal.ChangedMeanwhile"]), cancellationToken);
    }

    private async Task<Outcome<int>> InviteAsync(InvitationScope scope, Actor actor, CancellationToken cancellationToken)
    {
        var candidates = db.Users.Where(u => u.IsActive && u.PasswordHash == null && !db.UserLogins.Any(l => l.UserId == u.Id));
        candidates = scope switch
        {
            InvitationScope.Person person => candidates.Where(u => u.Id == person.UserId),
            InvitationScope.Branch branch => candidates.Where(u => u.BranchId == branch.BranchId),
            InvitationScope.CreatedByImport import => candidates.Where(u => u.InvitedAtUtc == null && u.CreatedByImportId == import.ImportId),
            _ => candidates.Where(u => u.InvitedAtUtc == null),
        };
        if (!actor.IsAdmin)
        {
            // HR looks after branch staff only: accounts with wider powers are invited by an administrator.
            candidates = candidates.Where(u => !db.PrivilegedUsers.Any(p => p.Id == u.Id));
        }

        var people = await candidates.OrderBy(u => u.EmployeeNumber).ToListAsync(cancellationToken);
        if (scope is InvitationScope.Person only && people.Count == 0)
        {
            return await db.Users.AnyAsync(u => u.Id == only.UserId, cancellationToken)
                ? Outcome<int>.Refused("", text["Refusal.Account.NotInvitable"])
                : Outcome<int>.Missing();
        }

        if (scope is InvitationScope.CreatedByImport byImport && people.Count == 0 && !await db.Users.AnyAsync(u => u.CreatedByImportId == byImport.ImportId, cancellationToken))
        {
            return Outcome<int>.Missing(); // a number no import gave: a link gone wrong, not an import whose people were all invited
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < people.Count; i++)
        {
            var person = people[i];
            person.SecurityStamp = AccountStamps.New(); // the previous link stops working
            person.InvitedAtUtc = now;
            person.InvitationExpiresAtUtc = tokens.ExpiryFrom(now, AccountLinkTokens.InvitationPurpose);
            var token = await userManager.GenerateUserTokenAsync(person, AccountLinkTokens.ProviderName, AccountLinkTokens.InvitationPurpose);
            var link = urls.SetPassword(person.Id, token, AccountLinkTokens.InvitationPurpose);
            var language = outbox.LanguageOf(person);
            using (CultureSwitch.Use(language))
            {
                var bank = outbox.BankName;
                outbox.Add(new MailDraft(MailKind, person.Email!, person.DisplayName, text["Mail.Invitation.Subject", bank],
                    [
                        text["Mail.Invitation.Opened", bank, text["Programme.Name"]],
                        text["Mail.Invitation.Link", dates.Time(person.InvitationExpiresAtUtc.Value, language), text["Account.ForgotPassword.Title"]],
                        text["Mail.Invitation.SignInWith", person.EmployeeNumber],
                    ],
                    // A branch's or everyone's invitations go after the personal mails waiting, as reminders do.
                    new MailAction(text["Mail.Invitation.Action"], link), language, Bulk: scope is not InvitationScope.Person,
                    RecipientUserId: person.Id, ValidUntilUtc: person.InvitationExpiresAtUtc));
            }
            if (scope is not InvitationScope.Person)
            {
                // Each person's own entry as well as the run's: when a link went to a wrong address, the person's trail shows where and when.
                audit.Record(actor, AuditActions.InvitationsSent, AuditTargets.Employee, person.Id,
                    $"Invited {person.DisplayName} ({person.EmployeeNumber}) to set a password, at {person.Email}",
                    after: new { invited = 1, scope = scope.ToString(), person.Email });
            }

            if ((i + 1) % SaveEvery == 0)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        if (people.Count > 0)
        {
            audit.Record(actor, AuditActions.InvitationsSent, scope is InvitationScope.Person ? AuditTargets.Employee : AuditTargets.Invitations,
                scope is InvitationScope.Person p ? p.UserId : scope.GetType().Name,
                people.Count == 1 ? $"Invited {people[0].DisplayName} ({people[0].EmployeeNumber}) to set a password" : $"Invited {people.Count} people to set a password",
                after: new { invited = people.Count, scope = scope.ToString() });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<int>.Done(people.Count);
    }

    /// <summary>What the page says after inviting <paramref name="invited"/> people, none included.</summary>
    public static string Said(IStringLocalizer<Shared> text, int invited) => invited switch
    {
        0 => text["Admin.Users.InvitedNone"],
        1 => text["Admin.Users.InvitedOne"],
        var n => text["Admin.Users.InvitedMany", n],
    };
}
