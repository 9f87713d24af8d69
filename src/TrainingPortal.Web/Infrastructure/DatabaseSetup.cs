using Microsoft.Data.Sqlite;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.CustomerFirst;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TrainingPortal.Data;
using TrainingPortal.Migrations.PostgreSql;
using TrainingPortal.Migrations.Sqlite;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Infrastructure;

public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "TrainingPortal.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "TrainingPortal.Migrations.SqlServer";
    public const string PostgreSqlMigrationsAssembly = "TrainingPortal.Migrations.PostgreSql";

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, string contentRoot)
    {
        // Read when the first context is made, so settings added by hosts and test factories are seen.
        services.AddDbContext<PortalDbContext>((serviceProvider, options) =>
        {
            var configuration = serviceProvider.GetRequiredService<IConfiguration>();
            var provider = configuration["Database:Provider"] ?? "Sqlite";
            var connectionString = configuration.GetConnectionString("Portal")
                ?? throw new InvalidOperationException("ConnectionStrings:Portal is not set.");

            switch (provider.ToLowerInvariant())
            {
                case "sqlite":
                    UseSqlite(options, PrepareSqlite(connectionString, contentRoot));
                    break;
                case "sqlserver":
                    UseSqlServer(options, connectionString);
                    break;
                case "postgresql":
                    UsePostgreSql(options, connectionString);
                    break;
                default:
                    throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite, SqlServer or PostgreSql.");
            }

            // EF Core's check that no context is used by two threads at once sets an async-local value twice per row
            // read, copying every value the request's context carries: half of what a bank-wide board allocated (28 of
            // 65 MB at 10,000 branches). Every environment but Production keeps it, the tests included, which run every
            // page; no code shares a context across threads (SideReads gives each parallel read a context of its own).
            options.EnableThreadSafetyChecks(!serviceProvider.GetRequiredService<IHostEnvironment>().IsProduction());
        });
        return services;
    }

    // One method per provider, never inlined: a provider's assembly is loaded when a method naming it is compiled, and
    // a portal should not carry in memory the two it does not use.
    private static void UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
            .ReplaceService<IModelCustomizer, SqliteModelCustomizer>();

    // No retrying execution strategy: writes use explicit transactions, which it would refuse.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UsePostgreSql(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, postgres => postgres.MigrationsAssembly(PostgreSqlMigrationsAssembly))
            .ReplaceService<IModelCustomizer, PostgreSqlModelCustomizer>();

    /// <summary>The migration that made the customer-first counts' tables, by the same name for each provider.</summary>
    private const string CountsMigration = "CustomerFirstCounts";

    /// <summary>The migration that made the active staff counts' table, which starts empty.</summary>
    private const string ActiveStaffMigration = "ActiveStaffCounts";

    /// <summary>The migration, with no schema change, from which a certificate lapsed before its course was assigned no longer counts.</summary>
    private const string LapsedCertificatesMigration = "LapsedCertificatesGiveNoHeadStart";

    /// <summary>
    /// Applies the provider's migrations; SQLite also switches to WAL so readers never wait for a writer. A database
    /// that gets the customer-first counts' tables with this start (one from before them) has its required courses
    /// written again, with their certified quarters, and every summary count counted, once; one that gets the active
    /// staff counts' table has its active accounts counted into it; one that gets the migration from which a certificate
    /// lapsed before its course was assigned no longer counts has the required courses that still count one worked out again.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Only then: migrating builds the model the migrations describe and compares it with the code's, which a
            // start with nothing to apply (every restart) should not pay for in time and memory. That comparison, a
            // model change without its migration, is a test of its own (DatabaseTests).
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await CountWhenAddedAsync(CountsMigration, async () =>
        {
            await scope.ServiceProvider.GetRequiredService<RequiredCourseSync>().RebuildAsync(null, cancellationToken);
            await new BehaviourTallies(db).RebuildAsync(cancellationToken);
            await new PulseTallies(db).RebuildAsync(cancellationToken);
        });
        await CountWhenAddedAsync(ActiveStaffMigration, () => new ActiveStaffTallies(db).RebuildAsync(cancellationToken));
        await CountWhenAddedAsync(LapsedCertificatesMigration,
            () => scope.ServiceProvider.GetRequiredService<RequiredCourseSync>().RefreshLapsedBeforeAssignmentAsync(cancellationToken));

        // Derived data whose migration this start applied is worked out in one transaction, as if it had always been kept.
        async Task CountWhenAddedAsync(string migration, Func<Task> count)
        {
            if (pending.Any(m => m.EndsWith("_" + migration, StringComparison.Ordinal)))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await count();
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (migrating, creating roles, seeding) while holding a lock on the server database,
    /// so that instances started together do it one after the other: the first does the work, the others find it
    /// done. SQLite is one machine's file, opened by one instance at start, and takes no lock.
    /// </summary>
    public static async Task WithStartupLockAsync(IServiceProvider services, Func<Task> work, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var (take, release, maintenanceDatabase) = db.Database.ProviderName switch
        {
            DatabaseProviders.PostgreSql => ("SELECT pg_advisory_lock(hashtext(@resource))", "SELECT pg_advisory_unlock(hashtext(@resource))", "postgres"),
            DatabaseProviders.SqlServer => (
                "EXEC sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
                "EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session'",
                "master"),
            _ => (null, null, null),
        };
        if (take is null)
        {
            await work();
            return;
        }

        // The database may not exist yet: the lock is taken in the server's maintenance database, which always does.
        // Named after the database, so portals on other databases of the same server start undisturbed.
        var connection = db.Database.GetDbConnection();
        var resource = "TrainingPortal.Startup:" + connection.Database;
        await using var lockConnection = CloneToDatabase(connection, maintenanceDatabase!);
        await lockConnection.OpenAsync(cancellationToken);
        await ExecuteAsync(lockConnection, take, resource, cancellationToken);
        try
        {
            await work();
        }
        finally
        {
            await ExecuteAsync(lockConnection, release!, resource, CancellationToken.None);
        }
    }

    private static DbConnection CloneToDatabase(DbConnection connection, string database)
    {
        var factory = DbProviderFactories.GetFactory(connection)!;
        var builder = factory.CreateConnectionStringBuilder()!;
        builder.ConnectionString = connection.ConnectionString;
        var databaseKey = builder.ContainsKey("Initial Catalog") ? "Initial Catalog" : "Database";
        builder[databaseKey] = database;
        var clone = factory.CreateConnection()!;
        clone.ConnectionString = builder.ConnectionString;
        return clone;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, string resource, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "resource";
        parameter.Value = resource;
        command.Parameters.Add(parameter);
        command.CommandTimeout = 0; // another instance may be migrating a large database
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Resolves a relative database file against the app's folder and makes sure its folder exists.</summary>
    private static string PrepareSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            builder.DataSource = path;
        }

        // Microsoft.Data.Sqlite retries a busy database until the command timeout: the busy timeout.
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
