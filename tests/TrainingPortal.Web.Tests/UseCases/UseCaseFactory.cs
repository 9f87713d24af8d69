using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>
/// The real app over its own SQLite file (see <see cref="PortalFactory"/>), whose PortalDbContext also carries a
/// <see cref="WriteFault"/>: disarmed, it only watches; armed, it makes one kind of write fail after it ran. A
/// subclass rather than <c>WithWebHostBuilder</c>, because a derived factory reuses its parent's database path and
/// would start a second host (migrations, seeding) on the same file.
/// </summary>
public class UseCaseFactory : PortalFactory
{
    public UseCaseFactory()
    {
    }

    protected UseCaseFactory(TestDatabase database)
        : base(database)
    {
    }

    public WriteFault Faults { get; } = new();

    public CommandHook Hook { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(Faults, Hook)));
    }
}

/// <summary>
/// Armed with a piece of SQL and an action, runs the action once, right after the first command holding that SQL has
/// run, inside its transaction: to move the clock while a write is under way, or to hold a transaction part-way.
/// </summary>
public sealed class CommandHook : DbCommandInterceptor
{
    private readonly Lock _lock = new();
    private (string Sql, Func<Task> Action)? _armed;

    public void Arm(string sql, Func<Task> action)
    {
        lock (_lock)
        {
            _armed = (sql, action);
        }
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await RunAsync(command);
        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        await RunAsync(command);
        return result;
    }

    private async Task RunAsync(DbCommand command)
    {
        Func<Task>? action = null;
        lock (_lock)
        {
            if (_armed is { } armed && command.CommandText.Contains(armed.Sql, StringComparison.Ordinal))
            {
                (action, _armed) = (armed.Action, null);
            }
        }

        if (action is not null)
        {
            await action();
        }
    }
}

/// <summary>The failure a <see cref="WriteFault"/> raises; EF may wrap it (a DbUpdateException from SaveChanges).</summary>
public sealed class InjectedFault(string message) : Exception(message);

/// <summary>
/// A kind of SQL write, written "insert AuditEntries", "update Certificates" or "update RequiredCourses CertifiedAtUtc"
/// (the last word, when there are three, a column the statement must mention).
/// </summary>
public sealed record WritePattern(string Verb, string Table, string? Column)
{
    public static WritePattern Parse(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3 || parts[0] is not ("insert" or "update" or "delete"))
        {
            throw new ArgumentException($"'{spec}' is not '<insert|update|delete> <Table> [Column]'.", nameof(spec));
        }

        return new WritePattern(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    public static IReadOnlyList<WritePattern> ParseList(string specs) =>
        specs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    public bool Matches(string sql)
    {
        var statement = Verb switch
        {
            "insert" => $"INSERT INTO \"{Table}\"",
            "update" => $"UPDATE \"{Table}\"",
            _ => $"DELETE FROM \"{Table}\"",
        };
        return sql.Contains(statement, StringComparison.Ordinal) && (Column is null || sql.Contains($"\"{Column}\"", StringComparison.Ordinal));
    }

    public override string ToString() => Column is null ? $"{Verb} {Table}" : $"{Verb} {Table} {Column}";
}

/// <summary>
/// A command interceptor on the app's PortalDbContext. Armed (only around the call under test), it records every
/// write that runs and throws <see cref="InjectedFault"/> right after the first command matching its pattern has run,
/// so that command's own change, and everything before it, is inside the transaction when the failure strikes.
/// </summary>
public sealed partial class WriteFault : DbCommandInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<string> _writes = [];
    private WritePattern? _armed;
    private bool _asLostConflict;
    private int? _maxFires;
    private int _fired;

    /// <summary>The writes that ran while armed, in order; the last one is the one that failed once the fault fired.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_lock)
            {
                return _writes.ToList();
            }
        }
    }

    public int TimesFired
    {
        get
        {
            lock (_lock)
            {
                return _fired;
            }
        }
    }

    /// <param name="asLostConflict">Fail as the database does when a concurrent transaction won (SQLite busy, a PostgreSQL
    /// serialization failure), every time the pattern matches, rather than with <see cref="InjectedFault"/>.</param>
    /// <param name="maxFires">How many times it fails at most while armed; every time the pattern matches when null.</param>
    public IDisposable Arm(WritePattern pattern, bool asLostConflict = false, int? maxFires = null)
    {
        lock (_lock)
        {
            if (_armed is not null)
            {
                throw new InvalidOperationException($"The fault is already armed for '{_armed}'.");
            }

            _armed = pattern;
            _asLostConflict = asLostConflict;
            _maxFires = maxFires;
            _writes.Clear();
            _fired = 0;
        }

        return new Disarm(this);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (ShouldFail(command))
        {
            result.Dispose();
            throw Fault(command);
        }

        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (ShouldFail(command))
        {
            await result.DisposeAsync();
            throw Fault(command);
        }

        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) =>
        ShouldFail(command) ? throw Fault(command) : result;

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ShouldFail(command) ? throw Fault(command) : ValueTask.FromResult(result);

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) =>
        ShouldFail(command) ? throw Fault(command) : result;

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ShouldFail(command) ? throw Fault(command) : ValueTask.FromResult(result);

    private bool ShouldFail(DbCommand command)
    {
        lock (_lock)
        {
            if (_armed is null)
            {
                return false;
            }

            // PostgreSQL's provider sends several statements in one command: each is recorded as a write of its own, up
            // to the one the fault names (the rest of the batch ran too, and is rolled back with it).
            foreach (var statement in StatementStart().Split(command.CommandText).Where(s => IsWrite().IsMatch(s)))
            {
                _writes.Add(statement);
                if (_armed.Matches(statement) && (_maxFires is null || _fired < _maxFires))
                {
                    _fired++;
                    return true;
                }
            }

            return false;
        }
    }

    private Exception Fault(DbCommand command) =>
        !_asLostConflict ? new InjectedFault($"Injected failure ({_armed}) after: {command.CommandText}")
        : command.GetType().FullName == "Npgsql.NpgsqlCommand" ? new Npgsql.PostgresException("could not serialize access (injected)", "ERROR", "ERROR", "40001")
        : new Microsoft.Data.Sqlite.SqliteException("database is locked (injected)", 5);

    [GeneratedRegex(@"^\s*(INSERT INTO|UPDATE|DELETE FROM)\s", RegexOptions.Multiline)]
    private static partial Regex IsWrite();

    [GeneratedRegex(@"(?<=;)\s*\n(?=(?:INSERT INTO|UPDATE|DELETE FROM|SELECT)\s)")]
    private static partial Regex StatementStart();

    private sealed class Disarm(WriteFault fault) : IDisposable
    {
        public void Dispose()
        {
            lock (fault._lock)
            {
                fault._armed = null;
            }
        }
    }
}
