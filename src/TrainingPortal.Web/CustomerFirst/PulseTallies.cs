using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>
/// Keeps <see cref="PulseTally"/> equal to what the pulse responses add up to, per period and branch. A response is
/// only ever added (in <see cref="AnswerPulse"/>, while its period is open), so keeping the counts is adding it;
/// <see cref="RebuildAsync"/> starts again from the responses.
/// </summary>
public sealed class PulseTallies(PortalDbContext db)
{
    private static readonly int Statements = PulseResponse.ScoreColumns.Count;

    /// <summary>Counts one more response, in the caller's transaction.</summary>
    public async Task AddAsync(PulseResponse response, CancellationToken cancellationToken)
    {
        await new CompletionTallies(db).EnterAsync(alone: false, cancellationToken);
        var counts = new Dictionary<(int PeriodId, int BranchId), long[]>();
        Add(counts, response.PeriodId, response.BranchId, Scores(response));
        await WriteAsync(counts, cancellationToken);
    }

    /// <summary>Throws the pulse counts away and counts every response again.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await new CompletionTallies(db).EnterAsync(alone: true, cancellationToken);
        await db.PulseTallies.ExecuteDeleteAsync(cancellationToken);
        var counts = new Dictionary<(int PeriodId, int BranchId), long[]>();
        await foreach (var r in db.PulseResponses.AsNoTracking()
                           .Select(r => new { r.PeriodId, r.BranchId, Scores = new[] { r.Score1, r.Score2, r.Score3, r.Score4, r.Score5, r.Score6, r.Score7, r.Score8 } })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Add(counts, r.PeriodId, r.BranchId, r.Scores);
        }

        await WriteAsync(counts, cancellationToken);
    }

    private static int?[] Scores(PulseResponse r) => [r.Score1, r.Score2, r.Score3, r.Score4, r.Score5, r.Score6, r.Score7, r.Score8];

    /// <summary>Amounts in the order of <see cref="PulseTally.AmountNames"/>: responses, each statement's sum, each statement's answers.</summary>
    private static void Add(Dictionary<(int PeriodId, int BranchId), long[]> counts, int periodId, int? branchId, int?[] scores)
    {
        var key = (periodId, branchId ?? DashboardQuery.HeadOffice);
        if (!counts.TryGetValue(key, out var amounts))
        {
            counts[key] = amounts = new long[1 + 2 * Statements];
        }

        amounts[0]++;
        for (var i = 0; i < Statements; i++)
        {
            if (scores[i] is { } score)
            {
                amounts[1 + i] += score;
                amounts[1 + Statements + i]++;
            }
        }
    }

    private Task WriteAsync(Dictionary<(int PeriodId, int BranchId), long[]> counts, CancellationToken cancellationToken) =>
        SummaryCounts.UpsertAsync<PulseTally>(db, [.. PulseTally.AmountNames],
            counts.OrderBy(c => c.Key.PeriodId).ThenBy(c => c.Key.BranchId)
                .Select(c => new object[] { c.Key.PeriodId, c.Key.BranchId, (int)c.Value[0] }
                    .Concat(c.Value.Skip(1).Take(Statements).Cast<object>())
                    .Concat(c.Value.Skip(1 + Statements).Select(n => (object)(int)n))
                    .ToArray())
                .ToList(),
            cancellationToken);
}
