using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Reminders;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// The commands the portal's executable runs instead of serving. A command is the first argument, when it is neither
/// an option (<c>--urls …</c>) nor a setting (<c>Database:Provider=…</c>): anything else there is a mistyped command,
/// refused, where serving would start a second portal on the database an operator meant to migrate or seed.
/// </summary>
public static class PortalCommands
{
    public const string Migrate = "migrate";
    public const string CreateAdmin = "create-admin";
    public const string GenerateDemo = "generate-demo";
    public const string ValidateContent = "validate-content";
    public const string Translations = "translations";

    public static readonly IReadOnlyList<string> All =
        [Migrate, CreateAdmin, GenerateDemo, CompletionTallies.RebuildCommand, ReminderCommands.Name, ValidateContent, Translations];

    public static string? Named(IReadOnlyList<string> args) =>
        args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=') ? first : null;

    public static string Unknown(string command) =>
        $"Unknown command '{command}'. The portal runs {string.Join(", ", All)}, or serves when the first argument is none of them: an option (--urls …) or a setting (Section:Key=value).";
}
