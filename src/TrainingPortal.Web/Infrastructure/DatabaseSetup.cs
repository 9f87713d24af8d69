using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "TrainingPortal.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "TrainingPortal.Migrations.SqlServer";

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
                    options.UseSqlite(PrepareSqlite(connectionString, contentRoot),
                        sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
                    break;
                case "sqlserver":
                    // No retrying execution strategy: writes use explicit transactions, which it would refuse.
                    options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly));
                    break;
                default:
                    throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or SqlServer.");
            }
        });
        return services;
    }

    /// <summary>Applies the provider's migrations; SQLite also switches to WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
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
