using System.Diagnostics;
using System.Net;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Claims;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Before the portal listens, it opens the boards and the completion report itself, through its own request pipeline
/// and without a network, so that the code they run is compiled: on two cores a first bank-wide board spent most of
/// its half second compiling some 2,800 methods and translating its queries. What those requests computed is then
/// thrown away (the kept figures emptied, SQLite's pooled connections and their page caches closed), so the first
/// person to ask reads the database as if nothing had run.
/// </summary>
/// <remarks>
/// <para>It opens them twice (<see cref="Rounds"/>) and lets the runtime's compiler finish after each round. A first round
/// compiles each method quickly and unoptimised. The runtime counts a method's calls only once such compiling has
/// paused, and recompiles a method optimised, on a thread of its own, once it has been called often enough (the
/// project's threshold, 1,000 calls). After a single round, the board's busiest methods crossed it during the first
/// board someone asked for, and their recompiling shared the two cores with that request (up to 29% of its CPU at
/// 500,000 staff). After two rounds, what a board calls that often is optimised before the portal listens; methods
/// called less often may still cross the threshold during the first requests.</para>
/// <para>The requests carry a principal made here and handed to the pipeline as the request's authentication feature, which
/// nothing arriving over the network carries. It names no account, so nothing is done as anyone, and the pages are
/// GETs that write nothing. They are opened in the portal's default language only: warming the other two as well
/// kept 2 MB more at rest, for the few milliseconds their texts take to load at a first request in them.</para>
/// </remarks>
public sealed class StartupWarmUp(IServiceProvider services, IConfiguration configuration, IOptions<PerformanceSettings> settings,
    IOptions<HostFilteringOptions> hosts, TimeProvider time, ILogger<StartupWarmUp> logger)
{
    /// <summary>What <paramref name="Page"/> answered in round <paramref name="Round"/> (from 1).</summary>
    public sealed record Opened(int Round, string Page, int Status);

    /// <summary>How many times each page is opened: see the remarks on <see cref="StartupWarmUp"/>.</summary>
    public const int Rounds = 2;

    /// <summary>How long the compiler must have compiled nothing for the warm-up to take it as finished.</summary>
    public static readonly TimeSpan CompilerQuiet = TimeSpan.FromMilliseconds(300);

    /// <summary>How long the warm-up waits at most for the compiler after a round: other work (a reminder scan) may keep it busy.</summary>
    public static readonly TimeSpan CompilerWaitLimit = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a slow database may hold the portal back from listening; the pages left then compile as they first run.
    /// A first round that takes more than a quarter of it is the only one.
    /// </summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What the last warm-up opened and what each page answered, round by round; empty until one has run.</summary>
    public IReadOnlyList<Opened> Pages { get; private set; } = [];

    public bool Enabled => settings.Value.WarmUpOnStart;

    /// <exception cref="OperationCanceledException">The host was asked to stop meanwhile.</exception>
    public async Task RunAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        var watch = Stopwatch.StartNew();
        using var timed = new CancellationTokenSource(Limit, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timed.Token);
        var opened = new List<Opened>();
        var roundsDone = 0;
        var stopped = false;
        try
        {
            var host = Host();
            await TranslateSessionCheckAsync(limit.Token);
            var pages = await PagesAsync(limit.Token);
            while (roundsDone < Rounds)
            {
                if (!await OpenRoundAsync(application, host, pages, roundsDone + 1, opened, limit.Token))
                {
                    stopped = true;
                    break;
                }

                // The wait is bounded by itself; the limit is for a slow database, not for the compiler.
                await CompilerFinishedAsync(cancellationToken);
                Forget(); // and a next round computes afresh, as the first person to ask will
                roundsDone++;
                if (watch.Elapsed > Limit / 4)
                {
                    break; // a database this slow would take a second round past the limit, for compiling that is done
                }
            }
        }
        catch (Exception) when (limit.IsCancellationRequested)
        {
            // Stopped: some clients (SqlClient) report a cancelled command as their own exception rather than a cancellation.
            stopped = true;
        }
        catch
        {
            try
            {
                Forget();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "After a failed warm-up, emptying the kept figures failed too");
            }

            throw;
        }
        finally
        {
            Pages = opened;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (stopped)
        {
            // What the stopped round computed by then is kept, and the board still being computed goes on, as every board
            // does once asked: on a database this slow, the first requests had better wait for it than start it again.
            if (roundsDone == 0)
            {
                logger.LogWarning("Warming up at start took longer than {Limit} s and was stopped after {Pages}: the pages left compile their code as they first run",
                    Limit.TotalSeconds, Summary(opened));
            }
            else
            {
                logger.LogWarning("Warming up at start took longer than {Limit} s and was stopped in round {Round} ({Pages}): every page is compiled, and some may be optimised during the first requests",
                    Limit.TotalSeconds, roundsDone + 1, Summary(opened));
            }

            return;
        }

        logger.LogInformation("Warmed up at start in {Elapsed} ms: {Pages}", watch.ElapsedMilliseconds, Summary(opened));
    }

    /// <summary>Opens each page once; false when stopped before the last answered.</summary>
    private async Task<bool> OpenRoundAsync<TContext>(IHttpApplication<TContext> application, Uri host, IReadOnlyList<string> pages, int round, List<Opened> opened,
        CancellationToken cancellationToken) where TContext : notnull
    {
        foreach (var page in pages)
        {
            var status = await OpenAsync(application, host, page, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return false; // stopped rather than answered: the pipeline reports a cancelled request as 499
            }

            opened.Add(new Opened(round, page, status));
            if (status != StatusCodes.Status200OK)
            {
                logger.LogWarning("Warming up at start, {Page} answered {Status}: its first request will compile its code as it runs", page, status);
            }
        }

        return true;
    }

    private static string Summary(IEnumerable<Opened> opened) =>
        string.Join("; ", opened.GroupBy(page => page.Round).Select(round => $"round {round.Key}: {string.Join(", ", round.Select(page => $"{page.Page} {page.Status}"))}"));

    /// <summary>
    /// Waits until the runtime has compiled nothing for <see cref="CompilerQuiet"/>, or <see cref="CompilerWaitLimit"/>
    /// has passed: the recompiling the round set off is then done, or as good as. On the machine's clock, not the
    /// portal's: the compiler runs in real time, whatever day the portal takes it to be.
    /// </summary>
    private static async Task CompilerFinishedAsync(CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        var began = clock.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        var quietSince = began;
        while (clock.GetElapsedTime(quietSince) < CompilerQuiet && clock.GetElapsedTime(began) < CompilerWaitLimit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), clock, cancellationToken);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = clock.GetTimestamp();
            }
        }
    }

    /// <summary>A host the host filter answers: the first it names, else the public address's (which it then names alone).</summary>
    private Uri Host()
    {
        var scheme = Uri.TryCreate(configuration["Portal:PublicBaseUrl"], UriKind.Absolute, out var publicUrl) ? publicUrl.Scheme : "http";
        var named = hosts.Value.AllowedHosts.FirstOrDefault(host => host != "*" && !host.StartsWith("*.", StringComparison.Ordinal));
        return named is not null ? new UriBuilder(scheme, named).Uri : publicUrl ?? new Uri("http://localhost");
    }

    private void Forget()
    {
        (services.GetRequiredService<IMemoryCache>() as MemoryCache)?.Clear();
        using (var scope = services.CreateScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database;
            if (database.RunsOnSqlite())
            {
                // A pooled SQLite connection keeps the pages it read; a server database's connections keep nothing of the data.
                CloseSqlitePools(database.GetConnectionString());
            }
        }

        // A bank-wide board allocates some 70 MB on its way, and compiling it leaves the JIT's freed scratch memory with
        // the C allocator: hand both back rather than carry them at rest (about 5 MB of the export's peak, README).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.TrimFreed();
    }

    /// <summary>Never inlined: only a portal on SQLite loads it. An in-memory database lives as long as its connections.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CloseSqlitePools(string? connectionString)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString);
        if (settings.Mode != SqliteOpenMode.Memory && settings.DataSource != ":memory:")
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// Has the session check every signed-in request makes first translated, asked of the warm-up's own name, which no
    /// account has: the warm-up's requests carry no cookie to check.
    /// </summary>
    private async Task TranslateSessionCheckAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        await SessionLifetime.StampStillValidAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), WarmUpName, "", cancellationToken);
    }

    /// <summary>The bank-wide board, the report, and the first top-level region's and first branch's boards, if any.</summary>
    private async Task<IReadOnlyList<string>> PagesAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var region = await db.Regions.Where(r => r.ParentId == null).OrderBy(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var branch = await db.Branches.OrderBy(b => b.Code).Select(b => b.Code).FirstOrDefaultAsync(cancellationToken);
        List<string> pages = ["/dashboard", "/reports/completion"];
        if (region is not null)
        {
            pages.Add($"/dashboard?region={region}");
        }

        if (branch is not null)
        {
            pages.Add($"/dashboard/branches/{Uri.EscapeDataString(branch)}");
        }

        return pages;
    }

    private async Task<int> OpenAsync<TContext>(IHttpApplication<TContext> application, Uri host, string page, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var queryAt = page.IndexOf('?', StringComparison.Ordinal);
        var request = new HttpRequestFeature
        {
            Method = HttpMethods.Get,
            Scheme = host.Scheme,
            Protocol = "HTTP/1.1",
            Path = queryAt < 0 ? page : page[..queryAt],
            QueryString = queryAt < 0 ? "" : page[queryAt..],
        };
        request.Headers.Host = host.Authority;
        request.Headers.Accept = "text/html";
        var response = new DiscardedResponse();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature { RemoteIpAddress = IPAddress.Loopback, LocalIpAddress = IPAddress.Loopback });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        features.Set<IHttpAuthenticationFeature>(new HttpAuthenticationFeature { User = Principal });

        var context = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context);
            await response.StartAsync();
        }
        catch (Exception e)
        {
            failure = e;
        }

        await response.CompleteAsync(logger);
        application.DisposeContext(context, failure);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return response.StatusCode;
    }

    /// <summary>
    /// A response whose body goes nowhere, but whose callbacks run as Kestrel runs them, last registered first: the
    /// starting ones unless the application threw, the completed ones (the request's services disposed among them)
    /// always, each whatever the others did.
    /// </summary>
    private sealed class DiscardedResponse : HttpResponseFeature
    {
        private readonly Stack<(Func<object, Task> Callback, object State)> _starting = new();
        private readonly Stack<(Func<object, Task> Callback, object State)> _completed = new();

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Push((callback, state));

        public override void OnCompleted(Func<object, Task> callback, object state) => _completed.Push((callback, state));

        public async Task StartAsync()
        {
            while (_starting.TryPop(out var starting))
            {
                await starting.Callback(starting.State);
            }
        }

        public async Task CompleteAsync(ILogger logger)
        {
            while (_completed.TryPop(out var completed))
            {
                try
                {
                    await completed.Callback(completed.State);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A warm-up request's completion callback failed");
                }
            }
        }
    }

    private const string WarmUpName = "start-up-warm-up";

    /// <summary>Someone who may open every board and the report, whose role needs no second factor to be enrolled first.</summary>
    private static ClaimsPrincipal Principal => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, WarmUpName),
            new Claim(ClaimTypes.Name, WarmUpName),
            new Claim(PortalClaimTypes.DisplayName, "Start-up warm-up"),
            new Claim(PortalClaimTypes.TwoFactorEnabled, "true"),
            new Claim(ClaimTypes.Role, Roles.Executive),
            new Claim(ClaimTypes.Role, Roles.HR),
        ],
        IdentityConstants.ApplicationScheme, ClaimTypes.Name, ClaimTypes.Role));
}

/// <summary>The host's server (Kestrel), started only once <see cref="StartupWarmUp"/> has run: no request arrives meanwhile.</summary>
public sealed class WarmingServer(IServer server, StartupWarmUp warmUp, ILogger<WarmingServer> logger) : IServer
{
    private const string ServerKey = "warmed";

    public IFeatureCollection Features => server.Features;

    /// <summary>Puts a <see cref="WarmingServer"/> in front of the server registered last, unless it is one already.</summary>
    public static void Wrap(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IServer) && !d.IsKeyedService);
        if (Equals(registered.ImplementationFactory, (Func<IServiceProvider, IServer>)Create))
        {
            return;
        }

        services.Remove(registered);
        services.Add(registered switch
        {
            { ImplementationType: { } type } => new ServiceDescriptor(typeof(IServer), ServerKey, type, registered.Lifetime),
            { ImplementationFactory: { } factory } => new ServiceDescriptor(typeof(IServer), ServerKey, (provider, _) => factory(provider), registered.Lifetime),
            _ => new ServiceDescriptor(typeof(IServer), ServerKey, registered.ImplementationInstance!),
        });
        services.TryAddSingleton<StartupWarmUp>();
        services.AddSingleton<IServer>(Create);
    }

    private static IServer Create(IServiceProvider provider) => new WarmingServer(provider.GetRequiredKeyedService<IServer>(ServerKey),
        provider.GetRequiredService<StartupWarmUp>(), provider.GetRequiredService<ILogger<WarmingServer>>());

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
    {
        if (warmUp.Enabled)
        {
            try
            {
                await warmUp.RunAsync(application, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Warming up at start failed: first requests compile their code as they run");
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop meanwhile: the host stops next, and a server started with the stop already asked would throw.
            // Without the addresses the host would still log "Now listening on" each of them.
            if (server.Features.Get<IServerAddressesFeature>() is { Addresses.IsReadOnly: false } addresses)
            {
                addresses.Addresses.Clear();
            }

            logger.LogInformation("The portal was asked to stop before it listened");
            return;
        }

        await server.StartAsync(application, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public void Dispose() => server.Dispose();
}

public static class StartupWarmUpSetup
{
    /// <summary>The warm-up's setting, checked at start, and a <see cref="WarmingServer"/> in front of the host's server.</summary>
    public static IServiceCollection AddStartupWarmUp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PerformanceSettings>().Bind(configuration.GetSection(PerformanceSettings.Section)).ValidateOnStart();
        WarmingServer.Wrap(services);
        return services;
    }
}

/// <summary>The <c>Performance</c> settings.</summary>
public sealed class PerformanceSettings
{
    public const string Section = "Performance";

    /// <summary>Whether the portal opens its boards itself before it listens (<see cref="StartupWarmUp"/>).</summary>
    public bool WarmUpOnStart { get; set; } = true;
}
