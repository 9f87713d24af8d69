using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace TrainingPortal.Web.Localization;

/// <summary>
/// Identity's own messages (a taken email, a short password, a spent token) in the reader's language. Identity asks
/// for them while it validates, inside the request, so the request's culture applies. The codes stay Identity's.
/// </summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<Shared> text) : IdentityErrorDescriber
{
    private IdentityError Error(string code, string key, params object[] arguments) =>
        new() { Code = code, Description = text[key, arguments] };

    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Identity.DefaultError");
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "Identity.ConcurrencyFailure");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "Identity.PasswordMismatch");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "Refusal.Account.LinkUnusable");
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed), "Account.Recovery.WrongCode");
    public override IdentityError LoginAlreadyAssociated() => Error(nameof(LoginAlreadyAssociated), "Refusal.Account.LinkedToAnotherLogin");
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "Identity.InvalidEmail", userName ?? "");
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "Identity.InvalidEmail", email ?? "");
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "Identity.DuplicateEmail", userName);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "Identity.DuplicateEmail", email);
    public override IdentityError InvalidRoleName(string? role) => Error(nameof(InvalidRoleName), "Identity.InvalidRoleName", role ?? "");
    public override IdentityError DuplicateRoleName(string role) => Error(nameof(DuplicateRoleName), "Identity.DuplicateRoleName", role);
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "Identity.UserAlreadyHasPassword");
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "Identity.UserLockoutNotEnabled");
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), "Identity.UserAlreadyInRole", role);
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), "Identity.UserNotInRole", role);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "Identity.PasswordTooShort", length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), "Identity.PasswordRequiresUniqueChars", uniqueChars);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "Identity.PasswordRequiresNonAlphanumeric");
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Identity.PasswordRequiresDigit");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Identity.PasswordRequiresLower");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Identity.PasswordRequiresUpper");
}
