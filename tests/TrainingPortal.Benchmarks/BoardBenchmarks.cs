using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Benchmarks;

/// <summary>
/// The bank-wide dashboard computed afresh, as its first request after start computes it: the adoption view and the
/// customer-first board at once, on the portal's own services (Production, SQLite) over a database that generate-demo
/// made. Each iteration empties the kept figures first. The runtime's settings are BenchmarkDotNet's, not the portal's
/// (no 6 MB gen0 budget, methods already optimised), so this times the computation; tests/load/first-request.sh times
/// a first request.
/// <code>
/// PORTAL_BENCH_DB=/tmp/w5.db dotnet run -c Release --project tests/TrainingPortal.Benchmarks -- --filter '*BoardBenchmarks*'
/// </code>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20, invocationCount: 1)]
public class BoardBenchmarks
{
    private WebApplicationFactory<DashboardCache> _portal = null!;

    [GlobalSetup]
    public void Start()
    {
        var database = Environment.GetEnvironmentVariable("PORTAL_BENCH_DB") is { Length: > 0 } path && File.Exists(path) ? path
            : throw new InvalidOperationException("Set PORTAL_BENCH_DB to a database file that generate-demo made.");
        // The factory looks for the app's folder beside the solution; run from anywhere, it is named here.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TRAININGPORTAL_WEB", AppFolder());
        _portal = new WebApplicationFactory<DashboardCache>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:Portal", $"Data Source={database}");
            host.UseSetting("Database:SeedDemoData", "false");
            host.UseSetting("DataProtection:AllowUnencryptedKeys", "true");
            host.UseSetting("Portal:PublicBaseUrl", "http://127.0.0.1");
            host.UseSetting("Security:RequireTwoFactorFor", "");
            host.UseSetting("Reminders:ScanInBackground", "false");
            host.UseSetting("Performance:WarmUpOnStart", "false");
        });
        _ = _portal.Services;
    }

    private static string AppFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TrainingPortal.sln")))
            {
                return Path.Combine(folder.FullName, "src", "TrainingPortal.Web");
            }
        }

        throw new InvalidOperationException("TrainingPortal.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Empties the kept figures and, as the warm-up at start does, SQLite's pooled connections with the pages they hold.</summary>
    [IterationSetup]
    public void Forget()
    {
        ((MemoryCache)_portal.Services.GetRequiredService<IMemoryCache>()).Clear();
        SqliteConnection.ClearAllPools();
    }

    [Benchmark]
    public async Task<object> BankWideBoard()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var culture = scope.ServiceProvider.GetRequiredService<CustomerFirstQuery>().BoardAsync(null, CancellationToken.None);
        var view = await scope.ServiceProvider.GetRequiredService<DashboardCache>().ViewAsync(null, null, CancellationToken.None);
        return (view, await culture);
    }

    [GlobalCleanup]
    public void Stop() => _portal.Dispose();
}
