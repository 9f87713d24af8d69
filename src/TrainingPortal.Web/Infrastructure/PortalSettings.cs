using TrainingPortal.Core.Languages;

namespace TrainingPortal.Web.Infrastructure;

public static class PortalSettings
{
    /// <summary>The bank's name on certificates and mails, and among the words a password may not be made of.</summary>
    public static string BankName(IConfiguration configuration) =>
        configuration["Portal:BankName"]?.Trim() is { Length: > 0 } name ? name : "TrainingPortal";

    /// <summary>The bank's name as readers of a portal language know it: Portal:BankNames:{language} (海港银行) when set, otherwise <see cref="BankName(IConfiguration)"/>.</summary>
    public static string BankName(IConfiguration configuration, string language) =>
        configuration[$"Portal:BankNames:{language}"]?.Trim() is { Length: > 0 } name ? name : BankName(configuration);

    /// <summary>Every name the bank goes by, one per portal language, each once.</summary>
    public static IReadOnlyList<string> BankNames(IConfiguration configuration) =>
        PortalLanguages.All.Select(language => BankName(configuration, language)).Distinct().ToList();
}
