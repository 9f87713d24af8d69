using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Accounts;

/// <summary>The Accounts section, checked when the portal starts.</summary>
public sealed class AccountSettings
{
    public const string Section = "Accounts";

    /// <summary>How long an invitation's set-password link works: from an hour to 90 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// The tokens in set-password links: an invitation (Accounts:InvitationLifetime, 7 days by default) or a password
/// reset (one hour). A token names its account, purpose and expiry and carries the account's security stamp, so
/// setting a password (which changes the stamp) or sending a new link uses it up. Unlike Identity's
/// DataProtectorTokenProvider it reads the app's clock, so expiry is the same instant everywhere, tests included.
/// </summary>
public sealed class AccountLinkTokens(IDataProtectionProvider protection, TimeProvider time, IOptions<AccountSettings> settings)
    : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string ProviderName = "AccountLink";
    public const string InvitationPurpose = "Invitation";

    /// <summary>Identity's own purpose name, so UserManager.ResetPasswordAsync validates with this provider.</summary>
    public const string ResetPurpose = UserManager<PortalUser>.ResetPasswordTokenPurpose;

    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);

    private readonly IDataProtector _protector = protection.CreateProtector("TrainingPortal.AccountLinks");

    public TimeSpan InvitationLifetime => settings.Value.InvitationLifetime;

    public DateTime ExpiryFrom(DateTime nowUtc, string purpose) => nowUtc + (purpose == InvitationPurpose ? InvitationLifetime : ResetLifetime);

    public async Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user)
    {
        var expires = ExpiryFrom(time.GetUtcNow().UtcDateTime, purpose);
        var payload = string.Join('\n', expires.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), user.Id, purpose, await manager.GetSecurityStampAsync(user));
        return WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(payload)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false; // a link whose code was cut off
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('\n');
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }

        return parts.Length == 4
            && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            && new DateTime(ticks, DateTimeKind.Utc) > time.GetUtcNow().UtcDateTime
            && parts[1] == user.Id
            && parts[2] == purpose
            && parts[3] == await manager.GetSecurityStampAsync(user);
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(false);
}
