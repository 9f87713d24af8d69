using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;
using Xunit.Abstractions;

namespace TrainingPortal.Web.Tests.Robustness;

public class StartupWarmUpTests(ITestOutputHelper output)
{
    /// <summary>Kestrel behind the portal's <see cref="WarmingServer"/>, as in production (the test server cannot be wrapped).</summary>
    private sealed class WarmingFactory : PortalFactory
    {
        private readonly bool _enabled;

        public WarmingFactory(bool enabled)
        {
            _enabled = enabled;
            UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(StartupWarmUp.Setting, _enabled ? "true" : "false");
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

    [Fact]
    public async Task Before_serving_the_portal_opens_every_board_and_the_report_and_keeps_none_of_their_figures()
    {
        using var factory = new WarmingFactory(enabled: true);
        using var anonymous = factory.Start();

        var warmUp = factory.Services.GetRequiredService<StartupWarmUp>();
        Assert.Collection(warmUp.Pages,
            page => Assert.Equal("/dashboard", page.Page),
            page => Assert.Equal("/reports/completion", page.Page),
            page => Assert.Matches(@"^/dashboard\?region=\d+$", page.Page),
            page => Assert.Matches("^/dashboard/branches/[A-Z0-9]+$", page.Page));
        Assert.All(warmUp.Pages, page => Assert.Equal(200, page.Status));
        var kept = (MemoryCache)factory.Services.GetRequiredService<IMemoryCache>();
        Assert.Equal(0, kept.Count);

        // Nothing of the warm-up's own signing in is left for anyone else.
        var refused = await anonymous.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Identity/Account/Login", refused.Headers.Location!.AbsolutePath);

        var executive = new PortalClient(anonymous);
        Assert.Equal(HttpStatusCode.Redirect, (await executive.SignInAsync("exec@demo.bank", PortalClient.DemoPassword)).StatusCode);
        await executive.GetPageAsync("/dashboard");
        Assert.NotEqual(0, kept.Count); // the first person's board is computed then, and kept from then on
    }

    [Fact]
    public void Turned_off_the_portal_serves_without_opening_anything()
    {
        using var factory = new WarmingFactory(enabled: false);
        using var client = factory.Start();

        Assert.Empty(factory.Services.GetRequiredService<StartupWarmUp>().Pages);
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
