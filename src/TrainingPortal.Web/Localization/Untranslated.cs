using TrainingPortal.Core.Languages;

namespace TrainingPortal.Web.Localization;

/// <summary>
/// The lang attribute of content shown in English for want of a translation (a course's title, a lesson's, a scenario):
/// a screen reader then reads it in an English voice on a Chinese page. Null, and so no attribute, when translated.
/// </summary>
public static class Untranslated
{
    public static string? Lang(bool isTranslated) => isTranslated ? null : PortalLanguages.English;
}
