using TrainingPortal.Data;

namespace TrainingPortal.Web.Accounts;

/// <summary>An account's security stamp: every session and every link mailed to the account holds it.</summary>
public static class AccountStamps
{
    public static string New() => Guid.NewGuid().ToString("N").ToUpperInvariant();

    /// <summary>
    /// Signs the person out everywhere and makes every link sent to them useless, a set-password link included. An
    /// invitation they had not used is then no longer outstanding: the account waits for a new one (and the bulk
    /// invitation picks it up) instead of showing "Invited" for a link that cannot work.
    /// </summary>
    public static void Renew(PortalUser user)
    {
        user.SecurityStamp = New();
        if (user.PasswordHash is null)
        {
            user.InvitedAtUtc = null;
            user.InvitationExpiresAtUtc = null;
        }
    }
}
