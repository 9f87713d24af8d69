using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;
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
    /// <summary>Counts one more response, in the caller's transaction.</summary>
    public async Task AddAsync(PulseResponse response, CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: false, cancellationToken);
        var tally = new PulseTally { PeriodId = response.PeriodId, BranchId = response.BranchId ?? DashboardQuery.HeadOffice };
        tally.Count(response);
        await SummaryCounts.ApplyAsync(db, [tally], cancellationToken);
    }

    /// <summary>Throws the pulse counts away and counts every response again.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: true, cancellationToken);
        await db.PulseTallies.ExecuteDeleteAsync(cancellationToken);
        var tallies = new Dictionary<(int PeriodId, int BranchId), PulseTally>();
        await foreach (var response in db.PulseResponses.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var key = (response.PeriodId, response.BranchId ?? DashboardQuery.HeadOffice);
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new PulseTally { PeriodId = key.PeriodId, BranchId = key.Item2 };
            }

            tally.Count(response);
        }

        await SummaryCounts.ApplyAsync(db, tallies.Values.OrderBy(t => t.PeriodId).ThenBy(t => t.BranchId).ToList(), cancellationToken);
    }
}
