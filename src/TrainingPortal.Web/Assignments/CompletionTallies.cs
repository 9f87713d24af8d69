using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Assignments;

/// <summary>
/// Keeps the summary counts (<see cref="CompletionTally"/>, <see cref="RegionCompletionTally"/>, <see cref="CertificationTally"/>, <see cref="RegionDaysTally"/>, <see cref="RegionCertifiedOnTally"/>,
/// <see cref="BranchStaffTally"/>, <see cref="AdoptionTally"/>) equal to what the
/// required-course rows add up to. <see cref="RequiredCourseSync"/>, the one writer of those rows, counts what the rows
/// it is about to change contribute, changes them, counts again and writes the difference, all in the caller's
/// transaction. <see cref="RebuildAsync"/> starts again from the rows, for the <c>rebuild-aggregates</c> command.
/// </summary>
public sealed class CompletionTallies(PortalDbContext db)
{
    public const string RebuildCommand = "rebuild-aggregates";

    /// <summary>
    /// <c>rebuild-aggregates</c>: recounts the summary from the rows in one transaction, for after rows were written
    /// other than through the portal (a bulk load, a restore, a hand-made correction).
    /// </summary>
    public static async Task<int> RunRebuildCommandAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The counts' writers wait from the first row this rewrites: a certificate issued after its page was read
            // would otherwise be written over with the quarters read before it.
            await SummaryCounts.EnterAsync(db, alone: true, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<RequiredCourseSync>().RefreshCertifiedQuartersAsync(cancellationToken);
            await new CompletionTallies(db).RebuildAsync(cancellationToken);
            await new BehaviourTallies(db).RebuildAsync(cancellationToken);
            await new PulseTallies(db).RebuildAsync(cancellationToken);
            await new ActiveStaffTallies(db).RebuildAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        Console.WriteLine($"Recounted {await db.RequiredCourses.CountAsync(cancellationToken):N0} required courses into " +
                          $"{await db.CompletionTallies.CountAsync(cancellationToken):N0} status counts ({await db.RegionCompletionTallies.CountAsync(cancellationToken):N0} per region), " +
                          $"{await db.CertificationTallies.CountAsync(cancellationToken):N0} certification counts ({await db.RegionDaysTallies.CountAsync(cancellationToken):N0} of days " +
                          $"and {await db.RegionCertifiedOnTallies.CountAsync(cancellationToken):N0} of certification days per region) and " +
                          $"{await db.BranchStaffTallies.CountAsync(cancellationToken):N0} branches and " +
                          $"{await db.AdoptionTallies.CountAsync(cancellationToken):N0} adoption counts, and " +
                          $"{await db.ObservationRatings.CountAsync(cancellationToken):N0} observed behaviours into {await db.BranchBehaviourTallies.CountAsync(cancellationToken):N0} branch counts for today and " +
                          $"{await db.BehaviourQuarterTallies.CountAsync(cancellationToken):N0} for quarter ends ({await db.BehaviourPeopleTallies.CountAsync(cancellationToken):N0} counts of people observed), and " +
                          $"{await db.PulseResponses.CountAsync(cancellationToken):N0} pulse responses into {await db.PulseTallies.CountAsync(cancellationToken):N0} counts, and " +
                          $"{await db.Users.CountAsync(u => u.IsActive, cancellationToken):N0} active people into {await db.ActiveStaffTallies.CountAsync(cancellationToken):N0} branch counts, in {started.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    /// <summary>Adds what <paramref name="rows"/> contribute, times <paramref name="sign"/>, to <paramref name="changes"/>.</summary>
    public async Task CountAsync(IQueryable<RequiredCourse> rows, TallyChanges changes, int sign, bool countPeople, CancellationToken cancellationToken)
    {
        var people = new HashSet<(int Branch, string UserId)>();
        await foreach (var row in rows.AsNoTracking()
                           .Select(r => new
                           {
                               r.UserId, r.BranchId, r.RegionId, r.CourseSlug, r.AssignedOn, r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, r.CertifiedOn,
                               r.DaysToComplete, r.BestScorePercent, r.CertifiedQuarters,
                           })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var dates = new TrainingDates(row.DueOn, row.StartedAtUtc, row.CertifiedAtUtc, row.CertificateExpiresAtUtc);
            var amount = sign < 0 ? -TallyAmount.Of(row.BestScorePercent) : TallyAmount.Of(row.BestScorePercent);
            var status = TallyKey.Of(row.BranchId, row.CourseSlug, dates);
            changes.Add(status, amount);
            changes.Add(RegionTallyKey.Of(row.RegionId, status), amount);
            if (CertificationKey.Of(row.BranchId, row.CourseSlug, dates, row.CertifiedOn, row.DaysToComplete) is { } certification)
            {
                changes.Add(certification, sign);
                changes.Add(RegionCertifiedOnKey.Of(row.RegionId, certification), sign);
            }

            if (RegionDaysKey.Of(row.RegionId, row.CourseSlug, dates, row.CertifiedOn, row.DaysToComplete) is { } regionDays)
            {
                changes.Add(regionDays, sign);
            }

            foreach (var (key, assigned, valid) in AdoptionKey.Of(row.RegionId, row.CourseSlug, row.AssignedOn, row.CertifiedQuarters))
            {
                changes.Add(key, sign * assigned, sign * valid);
            }

            if (countPeople)
            {
                people.Add((row.BranchId ?? TallyKey.HeadOffice, row.UserId));
            }
        }

        foreach (var branch in people.GroupBy(p => p.Branch))
        {
            changes.AddPeople(branch.Key, sign * branch.Count());
        }
    }

    /// <summary>Writes the changes: each key's amounts added to what is stored (inserted when new), keys left at zero removed.</summary>
    public async Task ApplyAsync(TallyChanges changes, CancellationToken cancellationToken)
    {
        await SummaryCounts.ApplyAsync(db, changes.Keys.Select(c => new CompletionTally
        {
            BranchId = c.Key.BranchId, CourseSlug = c.Key.CourseSlug, Certified = c.Key.Certified, DueOn = c.Key.DueOn, Started = c.Key.Started, ExpiresOn = c.Key.ExpiresOn,
            Count = c.Value.Count, ScoreSum = c.Value.ScoreSum, ScoreCount = c.Value.ScoreCount,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.RegionKeys.Select(c => new RegionCompletionTally
        {
            RegionId = c.Key.RegionId, CourseSlug = c.Key.CourseSlug, Certified = c.Key.Certified, DueOn = c.Key.DueOn, Started = c.Key.Started, ExpiresOn = c.Key.ExpiresOn,
            Count = c.Value.Count, ScoreSum = c.Value.ScoreSum, ScoreCount = c.Value.ScoreCount,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.Certifications.Select(c => new CertificationTally
        {
            BranchId = c.Key.BranchId, CourseSlug = c.Key.CourseSlug, CertifiedOn = c.Key.CertifiedOn, ExpiresOn = c.Key.ExpiresOn, DaysToComplete = c.Key.DaysToComplete,
            Count = c.Value,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.RegionDays.Select(c => new RegionDaysTally
        {
            RegionId = c.Key.RegionId, CourseSlug = c.Key.CourseSlug, ExpiresOn = c.Key.ExpiresOn, DaysToComplete = c.Key.DaysToComplete, Count = c.Value,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.RegionCertifiedOn.Select(c => new RegionCertifiedOnTally
        {
            RegionId = c.Key.RegionId, CourseSlug = c.Key.CourseSlug, CertifiedOn = c.Key.CertifiedOn, Count = c.Value,
        }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.People.Select(p => new BranchStaffTally { BranchId = p.Key, StaffWithRequired = p.Value }).ToList(), cancellationToken);
        await SummaryCounts.ApplyAsync(db, changes.Adoption.Select(a => new AdoptionTally
        {
            RegionId = a.Key.RegionId, CourseSlug = a.Key.CourseSlug, FromQuarter = a.Key.FromQuarter, ToQuarter = a.Key.ToQuarter,
            Assigned = a.Value.Assigned, Valid = a.Value.Valid,
        }).ToList(), cancellationToken);
    }

    /// <summary>
    /// Deletes the counts kept per course, every course's or one's, as a recount begins: the one list of them, so a count
    /// added later is recounted by both rebuilds.
    /// </summary>
    private async Task DeleteCourseCountsAsync(string? courseSlug, CancellationToken cancellationToken)
    {
        await Of(db.CompletionTallies).ExecuteDeleteAsync(cancellationToken);
        await Of(db.RegionCompletionTallies).ExecuteDeleteAsync(cancellationToken);
        await Of(db.CertificationTallies).ExecuteDeleteAsync(cancellationToken);
        await Of(db.RegionDaysTallies).ExecuteDeleteAsync(cancellationToken);
        await Of(db.RegionCertifiedOnTallies).ExecuteDeleteAsync(cancellationToken);
        await Of(db.AdoptionTallies).ExecuteDeleteAsync(cancellationToken);

        IQueryable<T> Of<T>(IQueryable<T> counts) where T : class, ICourseTally =>
            courseSlug is null ? counts : counts.Where(t => t.CourseSlug == courseSlug);
    }

    /// <summary>Throws the summary counts away and counts every required course again.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: true, cancellationToken);
        await DeleteCourseCountsAsync(null, cancellationToken);
        await db.BranchStaffTallies.ExecuteDeleteAsync(cancellationToken);
        var changes = new TallyChanges();
        await CountAsync(db.RequiredCourses, changes, +1, countPeople: true, cancellationToken);
        await ApplyAsync(changes, cancellationToken);
    }

    /// <summary>
    /// Counts one course's rows again (after its assignments changed) and the people with required courses per branch,
    /// which a course's rows alone cannot tell.
    /// </summary>
    public async Task RebuildCourseAsync(string courseSlug, CancellationToken cancellationToken)
    {
        await DeleteCourseCountsAsync(courseSlug, cancellationToken);
        await db.BranchStaffTallies.ExecuteDeleteAsync(cancellationToken);
        var changes = new TallyChanges();
        await CountAsync(db.RequiredCourses.Where(r => r.CourseSlug == courseSlug), changes, +1, countPeople: false, cancellationToken);
        var people = await db.RequiredCourses
            .GroupBy(r => r.BranchId ?? TallyKey.HeadOffice)
            .Select(g => new { Branch = g.Key, People = g.Select(r => r.UserId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        foreach (var branch in people)
        {
            changes.AddPeople(branch.Branch, branch.People);
        }

        await ApplyAsync(changes, cancellationToken);
    }
}
