namespace TrainingPortal.Core.Staff;

public enum AccountState
{
    AwaitingInvitation,
    Invited,
    InvitationExpired,
    Active,
    Disabled,
}

public static class AccountStates
{
    /// <summary>
    /// Where an account stands on the way in: it is active once its owner can sign in, by their own password or
    /// through the bank's sign-on; until then it waits for an invitation, or for its owner to use the one sent.
    /// </summary>
    public static AccountState Of(bool isActive, bool canSignIn, DateTime? invitationExpiresAtUtc, DateTime nowUtc) =>
        !isActive ? AccountState.Disabled
        : canSignIn ? AccountState.Active
        : invitationExpiresAtUtc is null ? AccountState.AwaitingInvitation
        : invitationExpiresAtUtc > nowUtc ? AccountState.Invited
        : AccountState.InvitationExpired;
}
