using System.Globalization;
using Microsoft.AspNetCore.Builder;
using TrainingPortal.Core.Languages;

namespace TrainingPortal.Web.Localization;

/// <summary>
/// Runs a stretch of code in another language than the request's: a mail is written in its recipient's language,
/// whoever sends it. <c>using (CultureSwitch.Use(language)) { ... }</c> sets the current culture and UI culture, so
/// IStringLocalizer answers in that language, and puts the previous ones back when disposed. Keep the scope free of
/// awaits: it belongs to the code that opened it.
/// </summary>
public static class CultureSwitch
{
    public static IDisposable Use(string language)
    {
        var culture = CultureInfo.GetCultureInfo(PortalLanguages.Match(language) ?? PortalLanguages.English);
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return new Restore(previous.CurrentCulture, previous.CurrentUICulture);
    }

    /// <summary>The portal's default language (Portal:DefaultCulture), for people who have not chosen one.</summary>
    public static string PortalDefaultLanguage(this RequestLocalizationOptions options) =>
        PortalLanguages.Match(options.DefaultRequestCulture.UICulture.Name) ?? PortalLanguages.English;

    /// <summary>The language a person reads: their own choice, else the portal's default.</summary>
    public static string LanguageOf(this RequestLocalizationOptions options, string? preferredCulture) =>
        PortalLanguages.Match(preferredCulture) ?? options.PortalDefaultLanguage();

    private sealed class Restore(CultureInfo culture, CultureInfo uiCulture) : IDisposable
    {
        public void Dispose()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}
