using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Staff;

/// <summary>
/// Keeps <see cref="ActiveStaffTally"/> equal to the active accounts per branch. Every use case that creates an account,
/// moves one or disables or enables one passes each person's place before and after, in its own transaction;
/// <see cref="RebuildAsync"/> counts the accounts again, for writes that bypass the use cases (seeding, a restore).
/// </summary>
/// <remarks>
/// Callers apply these counts after the required courses' (<see cref="Assignments.RequiredCourseSync"/>): that rebuild
/// decides whether the transaction takes the counts' gate shared or alone, which it must be the first to ask for (two
/// writers holding it shared and each waiting for it alone deadlock), and every writer then locks the counts' rows in
/// the same order.
/// </remarks>
public sealed class ActiveStaffTallies(PortalDbContext db)
{
    public async Task ApplyAsync(IEnumerable<(StaffPlace? Before, StaffPlace? After)> people, CancellationToken cancellationToken)
    {
        var changes = StaffPlace.ActiveChanges(people);
        if (changes.Count == 0)
        {
            return;
        }

        await SummaryCounts.EnterAsync(db, alone: false, cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.Select(c => new ActiveStaffTally { BranchId = c.Key, Active = c.Value }).ToList(), cancellationToken);
    }

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: true, cancellationToken);
        await db.ActiveStaffTallies.ExecuteDeleteAsync(cancellationToken);
        var counts = await db.Users.Where(u => u.IsActive)
            .GroupBy(u => u.BranchId ?? TallyKey.HeadOffice)
            .Select(g => new ActiveStaffTally { BranchId = g.Key, Active = g.Count() })
            .ToListAsync(cancellationToken);
        await SummaryCounts.ApplyAsync(db, counts.OrderBy(c => c.BranchId).ToList(), cancellationToken);
    }
}
