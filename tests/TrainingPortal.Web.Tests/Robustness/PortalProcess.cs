using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>The portal as its own process on a port Kestrel picks; ready once it logs the address it listens on.</summary>
internal sealed partial class PortalProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private PortalProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Runs the portal's executable to its end (a command, or a start it refuses), with its output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TrainingPortal.Web.dll"), .. args])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <param name="settings">Settings as environment variables (Section__Key), over the ones every start has.</param>
    public static PortalProcess Start(string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TrainingPortal.Web.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // simple console logger, one "Now listening on: ..." line
        info.Environment["ConnectionStrings__Portal"] = $"Data Source={database}";
        info.Environment["Database__SeedDemoData"] = "true";
        info.Environment["RateLimits__SignInPerMinute"] = "1000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var portal = new PortalProcess(new Process { StartInfo = info });
        portal._process.OutputDataReceived += (_, e) => portal.OnStdout(e.Data);
        portal._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (portal._stderr)
                {
                    portal._stderr.AppendLine(e.Data);
                }
            }
        };
        portal._process.Start();
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        return portal;
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException("the portal closed its output (it exited) before it listened"));
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    public async Task<Uri> ListeningAsync(TimeSpan timeout)
    {
        try
        {
            return await _listening.Task.WaitAsync(timeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Kill();
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(drained.Token); // also drains stdout and stderr
            }
            catch (OperationCanceledException)
            {
            }

            var why = e is TimeoutException
                ? $"did not log \"Now listening on:\" within {timeout.TotalSeconds:0} s"
                : $"exited with code {_process.ExitCode} before it logged \"Now listening on:\"";
            throw new InvalidOperationException($"The portal {why}.{Environment.NewLine}stderr:{Environment.NewLine}{Captured(_stderr)}{Environment.NewLine}stdout:{Environment.NewLine}{Captured(_stdout)}");
        }
    }

    public Task WaitForExitAsync() => _process.WaitForExitAsync();

    /// <summary>Stops the portal as a service manager or docker does, with SIGTERM, and waits until it has exited.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (Terminate(_process.Id, SignalTerminate) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to the portal failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        using var stop = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The portal did not exit within {timeout.TotalSeconds:0} s of SIGTERM.{Environment.NewLine}{Output}");
        }
    }

    /// <summary>What the portal wrote to its standard output and error so far.</summary>
    public string Output => $"stdout:{Environment.NewLine}{Captured(_stdout)}{Environment.NewLine}stderr:{Environment.NewLine}{Captured(_stderr)}";

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string Captured(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.Length == 0 ? "(nothing)" : buffer.ToString();
        }
    }

    private const int SignalTerminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int processId, int signal);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
