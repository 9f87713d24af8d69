using TrainingPortal.Core.Staff;

namespace TrainingPortal.Core.Tests;

public class AccountStatesTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(false, true, null, AccountState.Disabled)]
    [InlineData(false, false, 3, AccountState.Disabled)]
    [InlineData(true, true, null, AccountState.Active)]
    [InlineData(true, true, -3, AccountState.Active)]
    [InlineData(true, false, null, AccountState.AwaitingInvitation)]
    [InlineData(true, false, 3, AccountState.Invited)]
    [InlineData(true, false, 0, AccountState.InvitationExpired)]
    [InlineData(true, false, -3, AccountState.InvitationExpired)]
    public void An_account_is_active_once_its_owner_can_sign_in_and_otherwise_waits_for_or_on_an_invitation(
        bool isActive, bool canSignIn, int? invitationExpiresInDays, AccountState expected)
    {
        DateTime? expires = invitationExpiresInDays is { } days ? Now.AddDays(days) : null;

        Assert.Equal(expected, AccountStates.Of(isActive, canSignIn, expires, Now));
    }

    [Theory]
    [InlineData(" e123 ", "E123")]
    [InlineData("adm-lower-1", "ADM-LOWER-1")]
    [InlineData(null, "")]
    public void Employee_numbers_have_one_spelling(string? typed, string stored) => Assert.Equal(stored, EmployeeNumbers.Normalise(typed));

    [Theory]
    [InlineData(null, true)]
    [InlineData("Employee", true)]
    [InlineData("branchmanager", true)]
    [InlineData("HR", false)]
    [InlineData("Admin", false)]
    [InlineData("Executive", false)]
    public void Hr_looks_after_branch_staff_only(string? role, bool branchStaff) => Assert.Equal(branchStaff, Roles.IsBranchStaff(role));
}
