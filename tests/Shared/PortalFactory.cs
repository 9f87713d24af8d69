using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace TrainingPortal.Tests;

/// <summary>
/// The real app over its own SQLite file with the real migrations and the Development demo data.
/// Each factory gets a fresh database, so test classes never see each other's writes.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset StartTime = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _databasePath;
    private readonly bool _ownsDatabase;

    public PortalFactory()
        : this(sharedDatabasePath: null)
    {
    }

    /// <param name="sharedDatabasePath">Another host's database, to run a second instance of the app on it (which leaves
    /// the file to its owner); null for a fresh database of this host's own.</param>
    protected PortalFactory(string? sharedDatabasePath)
    {
        _ownsDatabase = sharedDatabasePath is null;
        _databasePath = sharedDatabasePath ?? Path.Combine(Path.GetTempPath(), $"trainingportal-test-{Guid.NewGuid():N}.db");
    }

    public FakeTimeProvider Clock { get; } = new(StartTime);

    public string DatabasePath => _databasePath;

    /// <summary>Where Development's mail fallback writes .eml files for this host: its own folder, removed with it.</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), $"trainingportal-mail-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={_databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SeedDemoData", "true");
        builder.UseSetting("RateLimits:SignInPerMinute", "100000"); // tests sign in far faster than people do
        builder.UseSetting("RateLimits:SignInPerEmailPerMinute", "100000");
        builder.UseSetting("RateLimits:SignInPerAddressPerMinute", "100000");
        builder.UseSetting("RateLimits:VerifyPerMinute", "100000");
        builder.UseSetting("RateLimits:PasswordResetPerMinute", "100000");
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        builder.UseSetting("Reminders:ScanInBackground", "false"); // tests scan when they mean to, on the fake clock
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }

        foreach (var suffix in _ownsDatabase ? new[] { "", "-wal", "-shm" } : [])
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
