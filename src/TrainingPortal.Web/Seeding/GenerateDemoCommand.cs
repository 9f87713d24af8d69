using TrainingPortal.Core.Calendar;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Seeding;

/// <summary>
/// <c>generate-demo --employees 50000 --branches 500 [--regions 5] [--force]</c>: fills the configured database
/// with a large organisation and a year of learning, for load tests and demonstrations.
/// </summary>
public static class GenerateDemoCommand
{
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(20);

    // Looked at far more often than it speaks: checked only every 20 s, a line printed just after one check meant
    // the next check found 19.9 s of silence and said nothing, and the log went quiet for 40 s.
    private static readonly TimeSpan HeartbeatCheck = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var employees = IntOption(args, "--employees", 50_000);
        var branches = IntOption(args, "--branches", 500);
        var regions = IntOption(args, "--regions", 5);
        var force = args.Contains("--force");
        if (employees < 10 || branches < 1 || regions < 1)
        {
            Console.Error.WriteLine("usage: generate-demo --employees <n ≥ 10> --branches <n ≥ 1> [--regions <1-5>] [--force]");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var step = "";
        var lastLine = TimeSpan.Zero;
        void Progress(string line)
        {
            if (!line.StartsWith(' '))
            {
                step = line;
            }

            lastLine = clock.Elapsed;
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");
        }

        // A step that writes hundreds of thousands of rows in one statement says nothing for minutes: the
        // heartbeat says which step is still running, and how much memory the process holds, every 20 seconds.
        using var heartbeat = new Timer(_ =>
        {
            if (clock.Elapsed - lastLine >= HeartbeatEvery)
            {
                Progress($"  still on \"{step}\", {Environment.WorkingSet / (1024 * 1024):N0} MB in memory");
            }
        }, null, HeartbeatCheck, HeartbeatCheck);

        await DatabaseSetup.MigrateAsync(services);
        await AccountCommands.EnsureRolesAsync(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var catalog = scope.ServiceProvider.GetRequiredService<ContentLibrary>().Base;
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        Progress($"database: {db.Database.ProviderName}, {db.Database.GetDbConnection().DataSource}");

        if (await db.Users.AnyAsync())
        {
            if (!force)
            {
                Console.Error.WriteLine("The database already holds employees; nothing was changed. Use --force to replace all of its data.");
                return 1;
            }

            Progress("--force: removing the existing organisation and history");
            await ClearAsync(db);
        }

        var now = time.GetUtcNow().UtcDateTime;
        Progress($"organisation: {regions} regions, {branches} branches, {employees:N0} employees");
        var organisation = await Organisation.WriteAsync(db, new OrganisationGenerator(seed: 2026, time.GetUtcNow().UtcDateTime), regions, branches, employees, time, scope.ServiceProvider.GetRequiredService<BankCalendar>(), CancellationToken.None);
        Progress("learning history: lessons, quiz attempts, completions and certificates");
        await new DemoActivity(db, catalog, scope.ServiceProvider.GetRequiredService<BankCalendar>(), new Random(2026), now, Progress).WriteAsync(organisation, CancellationToken.None);
        Progress("assignments and required courses");
        await DemoAssignments.WriteAsync(db, catalog, organisation, scope.ServiceProvider.GetRequiredService<BankCalendar>(), time, CancellationToken.None);
        Progress("observations and a closed pulse period");
        await new DemoCulture(db, catalog, scope.ServiceProvider.GetRequiredService<BankCalendar>(), new Random(2026), now, Progress).WriteAsync(organisation, CancellationToken.None);
        Progress($"done: {await db.Users.CountAsync():N0} accounts, {await db.RequiredCourses.CountAsync():N0} required courses, {await db.Certificates.CountAsync():N0} certificates");
        return 0;
    }

    private static async Task ClearAsync(PortalDbContext db)
    {
        await db.ObservationRatings.ExecuteDeleteAsync();
        await db.Observations.ExecuteDeleteAsync();
        await db.PulseTallies.ExecuteDeleteAsync();
        await db.PulseResponses.ExecuteDeleteAsync();
        await db.PulseParticipations.ExecuteDeleteAsync();
        await db.PulsePeriods.ExecuteDeleteAsync();
        await db.Reminders.ExecuteDeleteAsync();
        await db.ReminderScans.ExecuteDeleteAsync();
        await db.OutboxMails.ExecuteDeleteAsync();
        await db.AuditEntries.ExecuteDeleteAsync();
        await db.RequiredCourses.ExecuteDeleteAsync();
        await db.CompletionTallies.ExecuteDeleteAsync();
        await db.RegionCompletionTallies.ExecuteDeleteAsync();
        await db.AdoptionTallies.ExecuteDeleteAsync();
        await db.CertificationTallies.ExecuteDeleteAsync();
        await db.RegionDaysTallies.ExecuteDeleteAsync();
        await db.RegionCertifiedOnTallies.ExecuteDeleteAsync();
        await db.BranchStaffTallies.ExecuteDeleteAsync();
        await db.ActiveStaffTallies.ExecuteDeleteAsync();
        await db.BranchBehaviourTallies.ExecuteDeleteAsync();
        await db.BehaviourQuarterTallies.ExecuteDeleteAsync();
        await db.BehaviourPeopleTallies.ExecuteDeleteAsync();
        await db.AssignmentEmployees.ExecuteDeleteAsync();
        await db.Assignments.ExecuteDeleteAsync();
        await db.Certificates.ExecuteDeleteAsync();
        await db.CourseCompletions.ExecuteDeleteAsync();
        await db.ExtraAttemptGrants.ExecuteDeleteAsync();
        await db.QuizAttempts.ExecuteDeleteAsync();
        await db.LessonCompletions.ExecuteDeleteAsync();
        await db.UserRoles.ExecuteDeleteAsync();
        await db.UserClaims.ExecuteDeleteAsync();
        await db.UserLogins.ExecuteDeleteAsync();
        await db.UserTokens.ExecuteDeleteAsync();
        await db.Users.ExecuteDeleteAsync();
        await db.Branches.ExecuteDeleteAsync();
        await db.Regions.ExecuteDeleteAsync();
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
