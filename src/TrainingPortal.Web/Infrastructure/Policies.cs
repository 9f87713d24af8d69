using TrainingPortal.Core.Staff;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

public static class Policies
{
    public const string ManageAccounts = nameof(ManageAccounts);
    public const string HumanResources = nameof(HumanResources);
    public const string ViewDashboard = nameof(ViewDashboard);
    public const string ManageBranch = nameof(ManageBranch);
    public const string ViewBranchDashboard = nameof(ViewBranchDashboard);

    /// <summary>Administrators only: HR shares the /Admin folder (staff accounts) but not what runs the portal itself.</summary>
    public const string Administration = nameof(Administration);

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(ManageAccounts, p => p.RequireRole(Roles.Admin, Roles.HR));
        options.AddPolicy(HumanResources, p => p.RequireRole(Roles.HR, Roles.Admin));
        options.AddPolicy(ViewDashboard, p => p.RequireRole(Roles.Executive, Roles.HR, Roles.Admin));
        options.AddPolicy(ManageBranch, p => p.RequireRole(Roles.BranchManager));
        options.AddPolicy(ViewBranchDashboard, p => p.RequireRole(Roles.Executive, Roles.HR, Roles.Admin, Roles.BranchManager));
        options.AddPolicy(Administration, p => p.RequireRole(Roles.Admin));
    }
}
