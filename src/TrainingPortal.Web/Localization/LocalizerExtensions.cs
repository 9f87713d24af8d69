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
}
