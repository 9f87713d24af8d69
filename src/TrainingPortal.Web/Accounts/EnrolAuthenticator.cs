using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using QRCoder;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>What a person needs to add the portal to their authenticator app: the key as text and as a QR code.</summary>
public sealed record AuthenticatorSetup(string GroupedKey, string QrCodeSvg, bool KeyCreated);

/// <summary>
/// A person turns on their own second factor: they add the key to an authenticator app (TOTP, RFC 6238), prove it
/// with a code, and receive ten single-use recovery codes. Turning it on and its audit entry commit together.
/// </summary>
public sealed class EnrolAuthenticator(PortalDbContext db, UserManager<PortalUser> users, AuditLog audit, IStringLocalizer<Shared> text)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "TrainingPortal";

    /// <summary>
    /// The key stored for the person, or a new one. Storing a key changes the security stamp, so when
    /// <see cref="AuthenticatorSetup.KeyCreated"/> the caller refreshes the sign-in.
    /// </summary>
    public async Task<AuthenticatorSetup> SetupAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        var created = string.IsNullOrEmpty(key);
        if (created)
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was stored.");
        }

        var uri = string.Format(CultureInfo.InvariantCulture, "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
            UrlEncoder.Default.Encode(Issuer), UrlEncoder.Default.Encode(user.Email ?? user.UserName ?? user.Id), key);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(Group(key!), svg, created);
    }

    /// <returns>The recovery codes, to be shown once.</returns>
    public async Task<Outcome<IReadOnlyList<string>>> ConfirmAsync(PortalUser user, string code, Actor actor, CancellationToken cancellationToken)
    {
        if (user.TwoFactorEnabled)
        {
            return Outcome<IReadOnlyList<string>>.Refused("", text["Refusal.Account.AuthenticatorAlreadySetUp"]);
        }

        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return Outcome<IReadOnlyList<string>>.Refused("Code", text["Refusal.Account.AuthenticatorCodeWrong"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList()
            ?? throw new InvalidOperationException("No recovery codes were made.");
        audit.Record(actor, AuditActions.TwoFactorEnabled, AuditTargets.Employee, user.Id,
            $"{user.DisplayName} ({user.EmployeeNumber}) set up an authenticator app for signing in",
            before: new { TwoFactorEnabled = false }, after: new { TwoFactorEnabled = true, RecoveryCodes = RecoveryCodeCount });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<IReadOnlyList<string>>.Done(recoveryCodes);
    }

    /// <summary>Groups of four, lower case, as authenticator apps accept them typed in.</summary>
    public static string Group(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(chunk => new string(chunk)));

    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var errors = string.Join(" ", result.Errors.Select(e => e.Description));
            // Identity's store turns a lost race on the account row into a result; as an exception, it is run again.
            throw result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
                ? new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException(errors)
                : new InvalidOperationException(errors);
        }
    }
}
