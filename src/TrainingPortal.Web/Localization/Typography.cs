using System.Globalization;
using TrainingPortal.Core.Languages;

namespace TrainingPortal.Web.Localization;

public static class Typography
{
    /// <summary>
    /// What goes between a sentence's words and a link or title set in it, or between two sentences: a space in
    /// English, nothing in Chinese ("请在忘记密码？中输入", not "请在 忘记密码？ 中输入").
    /// </summary>
    public static string WordSpace => PortalLanguages.SpacesWords(PortalLanguages.Match(CultureInfo.CurrentUICulture.Name) ?? PortalLanguages.English) ? " " : "";
}
