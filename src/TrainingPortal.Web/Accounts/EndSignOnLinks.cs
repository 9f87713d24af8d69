using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>
/// Ends an account's single sign-on links, for when the provider's subject for the person has changed (their directory
/// account made anew, the portal registered again with the provider): the new subject is otherwise refused as another
/// sign-in claiming a linked account, for good. The person's next sign-on links again by employee number or verified
/// address, and their sessions end. Administrators only: a link decides who signs in as whom.
/// </summary>
public sealed class EndSignOnLinks(PortalDbContext db, AuditLog audit, SerializableWrites writes)
{
    /// <returns>The account, its links ended (each audited).</returns>
    public Task<Outcome<PortalUser>> ExecuteAsync(string userId, Actor actor, CancellationToken cancellationToken) =>
        writes.RunAsync("Ending sign-on links", async () =>
        {
            if (!actor.IsAdmin)
            {
                return Outcome<PortalUser>.Denied();
            }

            if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) is not { } user)
            {
                return Outcome<PortalUser>.Missing();
            }

            var links = await db.UserLogins.Where(l => l.UserId == userId).ToListAsync(cancellationToken);
            foreach (var link in links)
            {
                audit.Record(actor, AuditActions.ExternalLoginEnded, AuditTargets.Employee, user.Id,
                    $"Ended the link of the {link.ProviderDisplayName ?? link.LoginProvider} sign-in of {user.DisplayName} ({user.EmployeeNumber})",
                    after: new { Provider = link.LoginProvider, link.ProviderDisplayName });
            }

            if (links.Count > 0)
            {
                db.UserLogins.RemoveRange(links);
                AccountStamps.Renew(user); // a session begun through the old link ends with it
                await db.SaveChangesAsync(cancellationToken);
            }

            return Outcome<PortalUser>.Done(user);
        }, cancellationToken);
}
