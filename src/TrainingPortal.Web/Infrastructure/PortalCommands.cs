using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Reminders;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// The commands the portal's executable runs instead of serving. The command is the first argument that is neither a
/// setting (<c>Database:Provider=…</c>, <c>--urls …</c>, read as the configuration's command line reads them) nor the
/// value of one; the arguments after it are the command's own. A word there that is no command is a mistyped one,
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

    public static string? Named(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Contains('='))
            {
                continue;
            }

            if (arg.StartsWith('-') || arg.StartsWith('/'))
            {
                i++; // --key value: the next argument is the setting's value
                continue;
            }

            return arg;
        }

        return null;
    }

    public static string Unknown(string command) =>
        $"Unknown command '{command}'. The portal runs {string.Join(", ", All)}, or serves when given none: settings (Section:Key=value, --urls …) may come before the command.";
}
