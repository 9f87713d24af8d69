using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;
using Xunit.Abstractions;

namespace TrainingPortal.Web.Tests.Robustness;

public class StartupWarmUpTests(ITestOutputHelper output)
{
    /// <summary>Counts the request scopes disposed: a warm-up request's services must be let go like any request's.</summary>
    private sealed class ScopeProbe(ScopeProbe.Counter counter) : IDisposable
    {
        public sealed class Counter
        {
            public int Disposed;
        }

        public void Dispose() => Interlocked.Increment(ref counter.Disposed);
    }

    /// <summary>
    /// Kestrel behind the portal's <see cref="WarmingServer"/>, as in production (the test server cannot be wrapped), with
    /// production's rules for the host and the second factor: the warm-up must pass both.
    /// </summary>
    private sealed class WarmingFactory : PortalFactory
    {
        private readonly bool _enabled;

        public WarmingFactory(bool enabled)
        {
            _enabled = enabled;
            UseKestrel(0);
        }

        public ScopeProbe.Counter Scopes { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Performance:WarmUpOnStart", _enabled ? "true" : "false");
            builder.UseSetting("Portal:PublicBaseUrl", "https://training.bank.example");
            builder.UseSetting("AllowedHosts", "portal.bank.internal;127.0.0.1");
            builder.UseSetting("Security:RequireTwoFactorFor", "HR,Executive");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Scopes);
                services.AddScoped<ScopeProbe>();
                services.AddSingleton<IStartupFilter, ProbeEveryRequest>();
            });
        }

        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureServices(WarmingServer.Wrap); // after the factory's Kestrel, which replaced the portal's
            return base.CreateHost(builder);
        }

        /// <summary>Starts the portal and gives a client of it that keeps its cookies and follows no redirect.</summary>
        public HttpClient Start()
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        }
    }

    private sealed class ProbeEveryRequest : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.RequestServices.GetRequiredService<ScopeProbe>();
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    [Fact]
    public async Task Before_serving_the_portal_opens_every_board_and_the_report_and_keeps_none_of_their_figures()
    {
        using var factory = new WarmingFactory(enabled: true);
        using var http = factory.Start();

        var warmUp = factory.Services.GetRequiredService<StartupWarmUp>();
        var rounds = warmUp.Pages.GroupBy(page => page.Round).ToList();
        Assert.Equal(Enumerable.Range(1, StartupWarmUp.Rounds), rounds.Select(round => round.Key));
        Assert.All(rounds, round => Assert.Collection(round,
            page => Assert.Equal("/dashboard", page.Page),
            page => Assert.Equal("/reports/completion", page.Page),
            page => Assert.Matches(@"^/dashboard\?region=\d+$", page.Page),
            page => Assert.Matches("^/dashboard/branches/[A-Z0-9]+$", page.Page)));
        Assert.All(warmUp.Pages, page => Assert.Equal(200, page.Status));
        Assert.Equal(warmUp.Pages.Count, factory.Scopes.Disposed);
        var kept = (MemoryCache)factory.Services.GetRequiredService<IMemoryCache>();
        Assert.Equal(0, kept.Count);

        // Nothing of the warm-up's own signing in is left for anyone else.
        var refused = await http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Identity/Account/Login", refused.Headers.Location!.AbsolutePath);

        // An administrator: the roles this portal asks a second factor of would be sent to enrol one first.
        var administrator = new PortalClient(http);
        Assert.Equal(HttpStatusCode.Redirect, (await administrator.SignInAsync("admin@demo.bank", PortalClient.DemoPassword)).StatusCode);
        await administrator.GetPageAsync("/dashboard");
        Assert.NotEqual(0, kept.Count); // the first person's board is computed then, and kept from then on
    }

    [Fact]
    public void Turned_off_the_portal_serves_without_opening_anything()
    {
        using var factory = new WarmingFactory(enabled: false);
        using var http = factory.Start();

        Assert.Empty(factory.Services.GetRequiredService<StartupWarmUp>().Pages);
        Assert.Equal(0, factory.Scopes.Disposed);
    }

    /// <summary>
    /// Stands for the portal's pipeline: counts the requests, answers the first <paramref name="answered"/> at once, does
    /// what it is told to at the next, then waits until that request is given up.
    /// </summary>
    private sealed class FakePipeline(Action atFirstUnanswered, int answered = 0) : IHttpApplication<IFeatureCollection>
    {
        public int Requests;

        public IFeatureCollection CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

        public async Task ProcessRequestAsync(IFeatureCollection context)
        {
            var request = Interlocked.Increment(ref Requests);
            var response = context.Get<IHttpResponseFeature>()!;
            if (request <= answered)
            {
                return;
            }

            if (request == answered + 1)
            {
                atFirstUnanswered();
            }

            try
            {
                await Task.Delay(Timeout.Infinite, context.Get<IHttpRequestLifetimeFeature>()!.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                response.StatusCode = 499; // as the exception handler answers a request its client gave up
            }
        }

        public void DisposeContext(IFeatureCollection context, Exception? exception)
        {
        }
    }

    private sealed class FakeServer : IServer
    {
        public bool Started;

        public FakeServer() => Features.Set<IServerAddressesFeature>(new ServerAddressesFeature { Addresses = { "http://127.0.0.1:0" } });

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private static StartupWarmUp WarmUp(IServiceProvider services, TimeProvider time) => new(services, services.GetRequiredService<IConfiguration>(),
        services.GetRequiredService<IOptions<PerformanceSettings>>(), services.GetRequiredService<IOptions<HostFilteringOptions>>(), time,
        services.GetRequiredService<ILogger<StartupWarmUp>>());

    [Fact]
    public async Task A_page_that_outlasts_the_limit_stops_the_warm_up_the_portal_listens_and_what_is_being_computed_is_kept()
    {
        using var factory = new PortalFactory();
        var time = new FakeTimeProvider(PortalFactory.StartTime);
        var warmUp = WarmUp(factory.Services, time);
        var cache = factory.Services.GetRequiredService<IMemoryCache>();
        cache.Set("a board being computed", 1, new MemoryCacheEntryOptions { Size = 1 });
        var server = new FakeServer();
        var pipeline = new FakePipeline(() => time.Advance(warmUp.Limit));

        await new WarmingServer(server, warmUp, factory.Services.GetRequiredService<ILogger<WarmingServer>>()).StartAsync(pipeline, CancellationToken.None);

        Assert.True(server.Started);
        Assert.Equal(1, pipeline.Requests); // the first page was stopped, and no other was opened
        Assert.Empty(warmUp.Pages);
        Assert.True(cache.TryGetValue("a board being computed", out _));
    }

    [Fact]
    public async Task A_second_round_that_outlasts_the_limit_is_stopped_after_the_first_round_was_opened_and_forgotten()
    {
        using var factory = new PortalFactory();
        var time = new FakeTimeProvider(PortalFactory.StartTime);
        var warmUp = WarmUp(factory.Services, time);
        var cache = factory.Services.GetRequiredService<IMemoryCache>();
        cache.Set("a board of the first round", 1, new MemoryCacheEntryOptions { Size = 1 });
        var server = new FakeServer();
        var pipeline = new FakePipeline(() =>
        {
            cache.Set("a board being computed", 1, new MemoryCacheEntryOptions { Size = 1 });
            time.Advance(warmUp.Limit);
        }, answered: 4);

        await new WarmingServer(server, warmUp, factory.Services.GetRequiredService<ILogger<WarmingServer>>()).StartAsync(pipeline, CancellationToken.None);

        Assert.True(server.Started);
        Assert.Equal(5, pipeline.Requests); // the first round's four pages, and the second round's first, stopped
        Assert.Equal(4, warmUp.Pages.Count);
        Assert.All(warmUp.Pages, page => Assert.Equal((1, 200), (page.Round, page.Status)));
        Assert.False(cache.TryGetValue("a board of the first round", out _));
        Assert.True(cache.TryGetValue("a board being computed", out _));
    }

    [Fact]
    public async Task Asked_to_stop_while_it_warms_up_the_portal_stops_there_and_never_listens()
    {
        using var factory = new PortalFactory();
        var server = new FakeServer();
        using var stopping = new CancellationTokenSource();
        var pipeline = new FakePipeline(stopping.Cancel);

        await new WarmingServer(server, WarmUp(factory.Services, TimeProvider.System), factory.Services.GetRequiredService<ILogger<WarmingServer>>())
            .StartAsync(pipeline, stopping.Token);

        Assert.Equal(1, pipeline.Requests);
        Assert.False(server.Started);
        Assert.Empty(server.Features.Get<IServerAddressesFeature>()!.Addresses); // or the host logs "Now listening on" each
    }

    [Fact]
    public void Wrapping_a_wrapped_server_again_changes_nothing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IServer, FakeServer>();

        WarmingServer.Wrap(services);
        WarmingServer.Wrap(services);

        using var provider = services.BuildServiceProvider();
        Assert.IsType<WarmingServer>(provider.GetRequiredService<IServer>());
        Assert.IsType<FakeServer>(provider.GetRequiredKeyedService<IServer>("warmed"));
    }

    [Fact]
    public async Task The_portal_listens_only_once_it_has_warmed_up()
    {
        var database = Path.Combine(Path.GetTempPath(), $"tp-warm-{Guid.NewGuid():N}.db");
        try
        {
            using var portal = PortalProcess.Start(database, new Dictionary<string, string>
            {
                ["Logging__LogLevel__TrainingPortal.Web.Infrastructure.StartupWarmUp"] = "Information",
            });
            await portal.ListeningAsync(TimeSpan.FromMinutes(2));
            var log = portal.Output;
            output.WriteLine(log);

            var warmed = log.IndexOf("Warmed up at start", StringComparison.Ordinal);
            Assert.True(warmed >= 0, "the portal did not log its warm-up");
            Assert.True(warmed < log.IndexOf("Now listening on", StringComparison.Ordinal), "the portal listened before it had warmed up");
            Assert.Contains("/dashboard 200", log);
            Assert.DoesNotContain("Warming up at start", log); // no page refused or failed
            portal.Kill();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(database) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}
