using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TrainingPortal.Tests;

/// <summary>
/// A real PostgreSQL server from Debian's postgresql package, started once for the test run on 127.0.0.1 with a
/// throwaway data directory, and stopped (its directory removed) when the test process ends. initdb refuses to run
/// as root, so under root the server runs as the postgres user.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _directory;
    private readonly string _binaries;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "portal", Database = database, Pooling = true, MaxPoolSize = 40 }.ConnectionString;

    /// <summary>A new, empty database name; the app's migrations create it.</summary>
    public static string NewDatabaseName() => "portal_" + Guid.NewGuid().ToString("N")[..16];

    public void Drop(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (binaries is null)
        {
            throw new InvalidOperationException(
                "The PostgreSQL tests start a real server and need Debian's 'postgresql' package (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin): apt-get install postgresql");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"trainingportal-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(directory, binaries, FreePort());
        if (RunsAsRoot)
        {
            Run("chown", "postgres", directory);
        }

        server.Pg("initdb", "-D", server.DataDirectory, "-A", "trust", "-U", "portal", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        // Durability is not under test: without fsync the server keeps up with the tests on a busy machine.
        server.Pg("pg_ctl", "-D", server.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o",
            $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Pg("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private void Pg(string program, params string[] arguments)
    {
        var path = Path.Combine(_binaries, program);
        if (RunsAsRoot)
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
