using System.Runtime;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// The runtime's multi-core JIT (<see cref="ProfileOptimization"/>): the methods compiled while the portal serves are
/// recorded in a profile written when the process exits, and at the next start the runtime compiles them again on a
/// second core, in the order they were first needed, before requests ask for them. Without it, the first request to a
/// board spends most of its time compiling (about 2,800 methods for the bank-wide dashboard). Nothing of the portal's
/// own runs early: no page is opened and no cache is filled.
/// </summary>
/// <remarks>
/// Recording starts once the host has started: a profile holds at most 16,384 methods, and starting the host, which
/// no request waits for, would take most of them. The runtime plays back only the methods of assemblies identical to
/// the ones it recorded, so after a deployment the portal's own code is compiled as it runs until the next restart.
/// </remarks>
public static class JitProfile
{
    public const string Setting = "Performance:JitProfileDirectory";
    public const string FileName = "portal.jitprofile";

    /// <summary>Records and plays back a profile in the directory of <see cref="Setting"/>, created if need be; without the setting, nothing.</summary>
    public static void RecordAfterStart(WebApplication app)
    {
        if (app.Configuration[Setting] is not { Length: > 0 } setting)
        {
            return;
        }

        var directory = Path.GetFullPath(setting, app.Environment.ContentRootPath);
        try
        {
            // The runtime writes the profile as the process exits and says nothing if it cannot.
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the first requests' speed depends on it: the portal serves without.
            app.Logger.LogWarning(e, "{Setting} names {Directory}, which cannot be created or written to, so first requests compile their code as they run.", Setting, directory);
            return;
        }

        if (Environment.ProcessorCount < 2)
        {
            app.Logger.LogInformation("{Setting} is set, but with one processor the runtime has no second one to compile ahead on.", Setting);
            return;
        }

        var profile = Path.Combine(directory, FileName);
        if (File.Exists(profile))
        {
            app.Logger.LogInformation("Compiling ahead the methods of the JIT profile {Profile}, which is written again when the portal stops.", profile);
        }
        else
        {
            app.Logger.LogInformation("No JIT profile at {Profile} yet: one is written when the portal stops.", profile);
        }

        ProfileOptimization.SetProfileRoot(directory);
        app.Lifetime.ApplicationStarted.Register(() => ProfileOptimization.StartProfile(FileName));
    }
}
