namespace TrainingPortal.Web.Infrastructure;

public static class PortalSettings
{
    /// <summary>The bank's name on certificates and mails, and among the words a password may not be made of.</summary>
    public static string BankName(IConfiguration configuration) =>
        configuration["Portal:BankName"] is { Length: > 0 } name ? name : "TrainingPortal";
}
