using System.ComponentModel.DataAnnotations;

namespace TrainingPortal.Web.Reporting;

/// <summary>The dashboard's settings (section "Dashboard"), checked when the portal starts.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";

    /// <summary>Branches whose completion is below this percentage are marked "needs attention".</summary>
    [Range(0, 100)]
    public double AttentionBelowPercent { get; set; } = 60;

    /// <summary>Branches per page of the dashboard's branch table: a bank of 10,000 branches is read a page at a time.</summary>
    [Range(10, 200)]
    public int BranchPageSize { get; set; } = 50;
}
