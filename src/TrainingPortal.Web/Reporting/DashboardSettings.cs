using System.ComponentModel.DataAnnotations;

namespace TrainingPortal.Web.Reporting;

/// <summary>The dashboard's settings (section "Dashboard"), checked when the portal starts.</summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";

    /// <summary>Branches whose completion is below this percentage are marked "needs attention".</summary>
    [Range(0, 100)]
    public double AttentionBelowPercent { get; set; } = 60;
}
