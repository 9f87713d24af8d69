using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrainingPortal.Web.Tests.Mail;

/// <summary>
/// Makes two delivery runs collide for certain: armed, it holds the first two claim statements (the conditional
/// UPDATE that leases rows) until both have arrived, so both runs have read the same candidates before either claims,
/// and records how many rows each of the two then got.
/// </summary>
public sealed class ClaimRendezvous : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<DbCommand, byte> _held = new();
    private readonly ConcurrentQueue<int> _claimed = new();
    private TaskCompletionSource? _bothArrived;
    private int _arrived;

    /// <summary>Rows claimed by each of the two held statements, in the order they ran.</summary>
    public IReadOnlyList<int> Claimed => _claimed.ToArray();

    public void ArmForOneCollision()
    {
        _arrived = 0;
        _claimed.Clear();
        _bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_bothArrived is { } signal && IsClaim(command))
        {
            var arrival = Interlocked.Increment(ref _arrived);
            if (arrival <= 2)
            {
                _held[command] = 0;
                if (arrival == 2)
                {
                    signal.TrySetResult();
                }

                await signal.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }

        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_held.TryRemove(command, out _))
        {
            _claimed.Enqueue(result);
        }

        return ValueTask.FromResult(result);
    }

    // The claim is the only UPDATE of the outbox that asks whether a row is due.
    private static bool IsClaim(DbCommand command) =>
        command.CommandText.Contains("UPDATE \"OutboxMails\"", StringComparison.Ordinal)
        && command.CommandText.Contains("\"NextAttemptAtUtc\" <=", StringComparison.Ordinal);
}
