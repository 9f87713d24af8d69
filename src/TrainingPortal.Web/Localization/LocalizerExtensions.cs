using System.Globalization;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Localization;

public static class LocalizerExtensions
{
    /// <summary>An enum value's name in the reader's language: the key is "TypeName.Value" (TrainingStatus.Overdue).</summary>
    public static string Name<TEnum>(this IStringLocalizer text, TEnum value) where TEnum : struct, Enum =>
        text[$"{typeof(TEnum).Name}.{value}"];

    /// <summary>An audit action's name in the reader's language; one recorded before its name was translated shows as stored.</summary>
    public static string AuditActionName(this IStringLocalizer text, string action) => text.OrAsWritten($"AuditAction.{action}", action);

    /// <summary>A role's name in the reader's language (Role.BranchManager → 支行行长); an unknown role as written.</summary>
    public static string RoleName(this IStringLocalizer text, string role) => text.OrAsWritten($"Role.{role}", role);

    /// <summary>What an audited change was made to, in the reader's words (<see cref="AuditTargets"/>); an unknown kind as recorded.</summary>
    public static string AuditTargetName(this IStringLocalizer text, string targetType) => text.OrAsWritten($"Audit.Target.{targetType}", targetType);

    /// <summary>Who made an audited change: the server's command line in the reader's words, anyone else by the name recorded.</summary>
    public static string AuditActorName(this IStringLocalizer text, AuditEntry entry) =>
        entry.ActorUserId == Actor.Console.UserId ? text.ConsoleName() : entry.ActorName;

    /// <summary>The server's command line, as an actor, in the reader's words.</summary>
    public static string ConsoleName(this IStringLocalizer text) => text["Audit.Actor.Console"].Value;

    private static string OrAsWritten(this IStringLocalizer text, string key, string asWritten) =>
        text[key] is { ResourceNotFound: false } name ? name.Value : asWritten;

    /// <summary>A share to one decimal with the percent sign as the reader's language writes it ("85.0 %", "85.0%"), or a dash when there is none.</summary>
    public static string Percent(this IStringLocalizer text, double? value) =>
        value is { } v ? text["Quizzes.Percent", v.ToString("0.0", CultureInfo.CurrentCulture)] : "–";

    /// <summary>The percent sign as the reader's language sets it after a number (" %", "%"), for a chart's axis and labels.</summary>
    public static string PercentSign(this IStringLocalizer text) => text["Quizzes.Percent", ""];
}
