using System.Runtime;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// The runtime's multi-core JIT (<see cref="ProfileOptimization"/>): the methods compiled while the portal serves are
/// recorded in a profile written when it stops, and at the next start the runtime compiles them again on another
/// core, in the order they were first needed, before requests ask for them. Without it, the first request to a
/// board spends most of its time compiling (about 2,800 methods for the bank-wide dashboard); nothing of the
/// portal's own runs early, no page is opened and no cache is filled.
/// </summary>
/// <remarks>
/// Recording starts once the host has started: a profile holds at most 16,384 methods, and starting the host
/// (which no request waits for) compiles about 11,000. The runtime checks each assembly's identity when it plays a
/// profile back, so a profile left by another build of the portal is ignored, and writes it again at every stop.
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
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the first requests' speed depends on it: the portal serves without.
            app.Logger.LogWarning(e, "{Setting} names {Directory}, which cannot be created, so first requests compile their code as they run.", Setting, directory);
            return;
        }

        ProfileOptimization.SetProfileRoot(directory);
        app.Lifetime.ApplicationStarted.Register(() => ProfileOptimization.StartProfile(FileName));
    }
}
