namespace TrainingPortal.Core.Staff;

public static class Roles
{
    public const string Employee = "Employee";
    public const string BranchManager = "BranchManager";
    public const string HR = "HR";
    public const string Executive = "Executive";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Employee, BranchManager, HR, Executive, Admin];

    /// <summary>The roles of branch staff, whose accounts HR looks after (and the staff file may give).</summary>
    public static readonly IReadOnlyList<string> BranchStaff = [Employee, BranchManager];

    /// <summary>
    /// HR may change an account only while it holds a branch-staff role (or none yet); accounts with wider powers
    /// are changed by an administrator alone.
    /// </summary>
    public static bool IsBranchStaff(string? role) => role is null || BranchStaff.Contains(role, StringComparer.OrdinalIgnoreCase);
}
