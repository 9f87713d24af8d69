using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.Security;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>
/// The portal as its own process, stopped as docker stops it: the runtime writes the JIT profile only when the
/// process exits, and plays it back only at a start, so neither can be seen inside a test host.
/// </summary>
public class JitProfileTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("tp-jit-").FullName;

    [Fact]
    public async Task A_stopped_portal_leaves_a_profile_whose_methods_the_next_start_compiles_ahead_and_uses()
    {
        var profiles = Path.Combine(_folder, "jit");
        var profile = Path.Combine(profiles, JitProfile.FileName);

        await RunAsync(profiles);
        var first = Header.Read(profile);
        Assert.True(first.Methods > 1_000, $"the first run's profile holds {first.Methods} methods");
        Assert.Equal(0, first.PlayedBackAndUsed); // nothing to play back at the first start

        await RunAsync(profiles);
        var second = Header.Read(profile);
        // The runtime counts what the process took from the methods compiled ahead, its request and its stop together.
        Assert.True(second.PlayedBackAndUsed > 0,
            $"the second start compiled {second.PlayedBack} methods of the first run's profile ahead and used none of them");
        output.WriteLine($"profile of {first.Methods} methods; at the next start {second.PlayedBack} compiled ahead, {second.PlayedBackAndUsed} of them used");
    }

    [Fact]
    public async Task A_profile_directory_that_cannot_be_made_is_logged_and_the_portal_serves_without()
    {
        var file = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var directory = Path.Combine(file, "jit");

        var log = await RunAsync(directory);

        Assert.Contains($"{JitProfile.Setting} names {directory}, which cannot be created or written to", log);
    }

    [Fact]
    public void In_the_compose_stack_each_portal_has_a_volume_of_its_own_for_the_profile_and_time_to_write_it()
    {
        var root = SecurityFindingsTests.SourceRoot();
        var directory = Regex.Match(File.ReadAllText(Path.Combine(root, "Dockerfile")), @"mkdir -p (\S+) && chown ""\$APP_UID"" \1").Groups[1].Value;
        Assert.StartsWith("/var/lib/", directory);
        Assert.Contains($"# Performance__JitProfileDirectory: {directory}", File.ReadAllText(Path.Combine(root, "docker-compose.yml")));

        var services = SecurityFindingsTests.ComposeServices(root);
        var portals = new[] { "portal", "portal-postgres" }.Select(service => (YamlMappingNode)services[service]).ToList();
        var volumes = portals.Select(portal => ((YamlSequenceNode)portal["volumes"]).Children.Cast<YamlScalarNode>()
            .Select(mount => mount.Value!.Split(':')).Single(mount => mount[1] == directory)[0]).ToList();
        Assert.Equal(volumes.Count, volumes.Distinct().Count());
        // The profile is written as the process exits: docker must wait longer than the host's 30 s for running requests.
        Assert.All(portals, portal => Assert.True(int.Parse(((YamlScalarNode)portal["stop_grace_period"]).Value!.TrimEnd('s'), CultureInfo.InvariantCulture) > 30));
    }

    /// <summary>Starts the portal, asks for the sign-in page, stops it with SIGTERM; returns what it logged.</summary>
    private async Task<string> RunAsync(string profileDirectory)
    {
        using var portal = PortalProcess.Start(Path.Combine(_folder, "portal.db"), new Dictionary<string, string>
        {
            ["Database__SeedDemoData"] = "false",
            ["Performance__JitProfileDirectory"] = profileDirectory,
        });
        var baseUrl = await portal.ListeningAsync(StartTimeout);
        using (var http = new HttpClient { BaseAddress = baseUrl })
        {
            (await http.GetAsync("/Identity/Account/Login")).EnsureSuccessStatusCode();
        }

        await portal.StopAsync(StopTimeout);
        return portal.Output;
    }

    /// <summary>
    /// The header the runtime writes at the start of a profile (coreclr's multicorejitimpl.h, format 102): the number of
    /// methods, then counters of the playback of the profile this run started with.
    /// </summary>
    private sealed record Header(int Methods, int PlayedBack, int PlayedBackAndUsed)
    {
        private const int Format = 102;

        public static Header Read(string path)
        {
            Assert.True(File.Exists(path), $"no profile at {path}");
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length >= 64, $"the profile is {bytes.Length} bytes");
            Assert.Equal(Format, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
            int Counter(int index) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(24 + 2 * index));
            return new Header(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)), Counter(3), Counter(4));
        }
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
