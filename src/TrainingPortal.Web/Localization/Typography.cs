using System.Globalization;

namespace TrainingPortal.Web.Localization;

public static class Typography
{
    /// <summary>
    /// What goes between a sentence's words and a link or title set in it: a space in English, nothing in Chinese,
    /// which writes no spaces between words ("请在忘记密码？中输入", not "请在 忘记密码？ 中输入").
    /// </summary>
    public static string WordSpace => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? "" : " ";
}
