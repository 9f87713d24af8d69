using System.Globalization;
using Microsoft.Extensions.Localization;

namespace TrainingPortal.Web.Localization;

public static class LocalizerExtensions
{
    /// <summary>An enum value's name in the reader's language: the key is "TypeName.Value" (TrainingStatus.Overdue).</summary>
    public static string Name<TEnum>(this IStringLocalizer text, TEnum value) where TEnum : struct, Enum =>
        text[$"{typeof(TEnum).Name}.{value}"];

    /// <summary>An audit action's name in the reader's language; one recorded before its name was translated shows as stored.</summary>
    public static string AuditActionName(this IStringLocalizer text, string action) =>
        text[$"AuditAction.{action}"] is { ResourceNotFound: false } name ? name.Value : action;

    /// <summary>A share to one decimal with the percent sign as the reader's language writes it ("85.0 %", "85.0%"), or a dash when there is none.</summary>
    public static string Percent(this IStringLocalizer text, double? value) =>
        value is { } v ? text["Quizzes.Percent", v.ToString("0.0", CultureInfo.CurrentCulture)] : "–";

    /// <summary>The percent sign as the reader's language sets it after a number (" %", "%"), for a chart's axis and labels.</summary>
    public static string PercentSign(this IStringLocalizer text) => text["Quizzes.Percent", ""];
}
