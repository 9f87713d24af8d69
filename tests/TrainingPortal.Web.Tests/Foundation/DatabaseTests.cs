using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Web.Seeding;

namespace TrainingPortal.Web.Tests.Foundation;

public class DatabaseTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>The app configured for a server database whose connection string is never opened.</summary>
    private sealed class OfflineFactory(string provider, string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", provider);
            builder.UseSetting("ConnectionStrings:Portal", connectionString);
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Database:SeedDemoData", "false");
            builder.UseSetting("Portal:PublicBaseUrl", "https://portal.bank.example");
            builder.UseSetting("DataProtection:AllowUnencryptedKeys", "true");
        }
    }

    private static OfflineFactory SqlServerFactory() =>
        new("SqlServer", "Server=127.0.0.1,1;Database=TrainingPortal;User Id=sa;Password=unused;TrustServerCertificate=True;Connect Timeout=1");

    private static OfflineFactory OfflinePostgreSqlFactory() =>
        new("PostgreSql", "Host=127.0.0.1;Port=1;Database=trainingportal;Username=portal;Timeout=1");

    [Fact]
    public void Production_leaves_out_the_check_on_contexts_shared_across_threads_that_the_tests_keep()
    {
        static bool ChecksThreads(IServiceProvider services) =>
            services.GetRequiredService<PortalDbContext>().GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ThreadSafetyChecksEnabled;

        using var production = SqlServerFactory();
        using var productionScope = production.Services.CreateScope();
        using var testScope = factory.Services.CreateScope();

        Assert.False(ChecksThreads(productionScope.ServiceProvider));
        Assert.True(ChecksThreads(testScope.ServiceProvider));
    }

    [Fact]
    public void The_postgresql_create_script_keeps_times_in_utc_and_compares_people_without_case()
    {
        using var postgres = OfflinePostgreSqlFactory();
        using var scope = postgres.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        var script = db.Database.GenerateCreateScript();

        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS citext", script);
        Assert.Contains("\"EmployeeNumber\" citext NOT NULL", script);
        Assert.Contains("\"Email\" citext", script);
        Assert.Contains("\"AtUtc\" timestamp with time zone NOT NULL", script);
        Assert.DoesNotContain("timestamp without time zone", script);
        Assert.Contains("CREATE UNIQUE INDEX \"IX_QuizAttempts_UserId_CourseSlug_AttemptNumber\"", script);
    }

    [Fact]
    public void The_sql_server_create_script_holds_the_identity_organisation_and_progress_tables()
    {
        using var sqlServer = SqlServerFactory();
        using var scope = sqlServer.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        var script = db.Database.GenerateCreateScript();

        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "Regions", "Branches", "LessonCompletions", "QuizAttempts", "CourseCompletions", "DataProtectionKeys" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }

        Assert.Contains("[Id] nvarchar(450) NOT NULL", script); // Identity's key length, set up by the app's Identity registration
        Assert.Contains("CREATE UNIQUE INDEX [IX_QuizAttempts_UserId_CourseSlug_AttemptNumber]", script);
    }

    [Fact]
    public void Every_sql_server_migration_parses_as_t_sql()
    {
        // No SQL Server runs here: the whole migration script, hand-written statements included, goes through
        // Microsoft's own T-SQL parser, so a statement SQL Server would refuse to parse fails here first.
        using var sqlServer = SqlServerFactory();
        using var scope = sqlServer.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Default);

        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);

        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message} near \"{script.Split('\n')[e.Line - 1].Trim()}\""));
        Assert.Contains("INSERT INTO [RegionDaysTallies]", script);
        Assert.True(script.IndexOf("INSERT INTO [BranchBehaviourTallies]", StringComparison.Ordinal) < script.IndexOf("DROP TABLE [BehaviourTallies]", StringComparison.Ordinal),
            "the behaviour counts are summed before their old table goes");
        Assert.Contains("INSERT INTO [RegionCompletionTallies]", script);
        Assert.Contains("INSERT INTO [RegionCertifiedOnTallies]", script);
    }

    [Fact]
    public void The_median_days_queries_translate_for_sql_server()
    {
        // No SQL Server runs here; PostgreSQL and SQLite run these queries in the tests, and this catches a LINQ shape
        // (a join grouped by a composite key, a list of branches or regions) that SQL Server's translator would refuse.
        using var sqlServer = SqlServerFactory();
        using var scope = sqlServer.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var at = new StatusMoment(new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc), new DateOnly(2026, 12, 4));
        CompletionFilter[] filters = [new(), new(CourseSlug: "customer-communication"), new(RegionId: 1) { RegionScope = new HashSet<int> { 1, 7 } }, new(BranchId: 3)];

        foreach (var filter in filters)
        {
            var byRegion = TallyQuery.DaysByRegion(db, filter, at).ToQueryString();
            Assert.Contains(filter.BranchId is null ? "FROM [RegionDaysTallies]" : "INNER JOIN [Branches]", byRegion);
            Assert.Contains(filter.BranchId is null ? "GROUP BY [r].[RegionId], [r].[DaysToComplete]" : "GROUP BY [b].[RegionId], [c].[DaysToComplete]", byRegion);
            Assert.Contains("GROUP BY [c].[BranchId], [c].[DaysToComplete]", TallyQuery.DaysByBranch(db, filter, at, null).ToQueryString());
            Assert.Contains("[c].[BranchId] IN (", TallyQuery.DaysByBranch(db, filter, at, [3, 5, 8]).ToQueryString());
        }
    }

    [Fact]
    public void The_provider_names_the_portal_compares_are_the_providers_own() => WithEachProvider((sqlServerDb, postgresDb, sqliteDb) =>
    {
        foreach (var db in new[] { sqlServerDb, postgresDb, sqliteDb })
        {
            Assert.Equal(db.Database.IsSqlServer(), db.Database.RunsOnSqlServer());
            Assert.Equal(db.Database.IsNpgsql(), db.Database.RunsOnPostgreSql());
        }

        Assert.True(sqlServerDb.Database.RunsOnSqlServer());
        Assert.True(postgresDb.Database.RunsOnPostgreSql());
    });

    [Fact]
    public void No_provider_has_model_changes_without_a_migration() => WithEachProvider((sqlServerDb, postgresDb, sqliteDb) =>
    {
        Assert.False(sqlServerDb.Database.HasPendingModelChanges(), "SQL Server: run tools/add-migration.sh (see README)");
        Assert.False(postgresDb.Database.HasPendingModelChanges(), "PostgreSQL: run tools/add-migration.sh (see README)");
        Assert.False(sqliteDb.Database.HasPendingModelChanges(), "SQLite: run tools/add-migration.sh (see README)");
        Assert.Contains(sqlServerDb.Database.GetMigrations(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        Assert.Contains(postgresDb.Database.GetMigrations(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
    });

    /// <summary>A context on each provider: SQL Server and PostgreSQL offline, SQLite the fixture's own database.</summary>
    private void WithEachProvider(Action<PortalDbContext, PortalDbContext, PortalDbContext> test)
    {
        using var sqlServer = SqlServerFactory();
        using var postgres = OfflinePostgreSqlFactory();
        using var sqlServerScope = sqlServer.Services.CreateScope();
        using var postgresScope = postgres.Services.CreateScope();
        using var sqliteScope = factory.Services.CreateScope();
        test(sqlServerScope.ServiceProvider.GetRequiredService<PortalDbContext>(), postgresScope.ServiceProvider.GetRequiredService<PortalDbContext>(),
            sqliteScope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    [Fact]
    public async Task Demo_data_has_an_organisation_tree_and_over_two_hundred_staff_with_some_chinese_names()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        Assert.True(await db.Regions.CountAsync() >= 3);
        Assert.True(await db.Branches.CountAsync() >= 12);
        Assert.All(await db.Branches.Select(b => new { b.Code, b.City }).ToListAsync(), b => Assert.False(string.IsNullOrEmpty(b.Code + b.City)));
        var staff = await db.Users.Where(u => u.BranchId != null).Select(u => new { u.DisplayName, u.EmployeeNumber, u.JobTitle, u.BranchId }).ToListAsync();
        Assert.True(staff.Count >= 200);
        Assert.Contains(staff, s => s.DisplayName.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.True(staff.Select(s => s.BranchId).Distinct().Count() >= 12);
        Assert.Empty(await db.LateStarts.ToListAsync()); // its assignments are dated back, but everyone is new: no one came under one late
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        int before;
        using (var scope = factory.Services.CreateScope())
        {
            before = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.CountAsync();
        }

        await DemoSeeder.SeedAsync(factory.Services);

        using var after = factory.Services.CreateScope();
        Assert.Equal(before, await after.ServiceProvider.GetRequiredService<PortalDbContext>().Users.CountAsync());
    }

    [Fact]
    public async Task Sqlite_runs_in_wal_mode_so_readers_do_not_wait_for_writers()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();

        Assert.Equal("wal", mode);
    }
}
