using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace TrainingPortal.Tests;

/// <summary>
/// The real app over its own database (a SQLite file unless a subclass chooses PostgreSQL) with the real migrations and
/// the Development demo data. Each factory gets a fresh database, so test classes never see each other's writes.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset StartTime = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public PortalFactory()
        : this(TestDatabase.NewSqlite())
    {
    }

    /// <param name="sharedDatabasePath">Another host's database, to run a second instance of the app on it (which leaves
    /// the file to its owner); null for a fresh database of this host's own.</param>
    protected PortalFactory(string? sharedDatabasePath)
        : this(sharedDatabasePath is null ? TestDatabase.NewSqlite() : TestDatabase.SharedSqlite(sharedDatabasePath))
    {
    }

    protected PortalFactory(TestDatabase database) => Database = database;

    public FakeTimeProvider Clock { get; } = new(StartTime);

    public TestDatabase Database { get; }

    public string DatabasePath => Database is TestDatabase.SqliteDatabase sqlite ? sqlite.Path
        : throw new InvalidOperationException("This host's database is not a SQLite file.");

    /// <summary>Where Development's mail fallback writes .eml files for this host: its own folder, removed with it.</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), $"trainingportal-mail-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Portal", Database.ConnectionString);
        builder.UseSetting("Database:Provider", Database.Provider);
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
        Database.Dispose();
        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }
}
