namespace TrainingPortal.Data;

public static class Roles
{
    public const string Employee = "Employee";
    public const string BranchManager = "BranchManager";
    public const string HR = "HR";
    public const string Executive = "Executive";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Employee, BranchManager, HR, Executive, Admin];
}
