using TrainingPortal.Core.Calendar;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Assignments;

/// <summary>
/// Keeps RequiredCourses in step with assignments, staff records and progress. Rebuilding is for changes
/// to who must take what (an assignment, an import, a move of branch); progress updates single rows.
/// </summary>
public sealed class RequiredCourseSync(PortalDbContext db, BankCalendar calendar)
{
    private const int ChunkSize = 500;
    private const int InsertBatchSize = 5_000;

    /// <summary>Recomputes the required courses of the given staff, or of everyone when <paramref name="userIds"/> is null.</summary>
    public async Task RebuildAsync(IReadOnlyCollection<string>? userIds, CancellationToken cancellationToken)
    {
        var rules = await AssignmentCoverage.RulesAsync(db, cancellationToken);
        if (userIds is null)
        {
            await db.RequiredCourses.ExecuteDeleteAsync(cancellationToken);
            await RebuildChunkAsync(rules, null, cancellationToken);
            return;
        }

        foreach (var chunk in userIds.Distinct().Chunk(ChunkSize))
        {
            await db.RequiredCourses.Where(r => chunk.Contains(r.UserId)).ExecuteDeleteAsync(cancellationToken);
            await RebuildChunkAsync(rules, chunk, cancellationToken);
        }
    }

    /// <summary>After an assignment of one course changes: only that course's rows can change, for anyone.</summary>
    public async Task RebuildCourseAsync(string courseSlug, CancellationToken cancellationToken)
    {
        var rules = (await AssignmentCoverage.RulesAsync(db, cancellationToken)).Where(r => r.CourseSlug == courseSlug).ToList();
        await db.RequiredCourses.Where(r => r.CourseSlug == courseSlug).ExecuteDeleteAsync(cancellationToken);
        await RebuildChunkAsync(rules, null, cancellationToken, courseSlug);
    }

    public Task MarkStartedAsync(string userId, string courseSlug, DateTime atUtc, CancellationToken cancellationToken) =>
        db.RequiredCourses
            .Where(r => r.UserId == userId && r.CourseSlug == courseSlug && r.StartedAtUtc == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.StartedAtUtc, atUtc), cancellationToken);

    /// <summary>After a certificate is issued or revoked: the row follows the latest certificate still standing.</summary>
    public async Task RefreshCertificateAsync(string userId, string courseSlug, CancellationToken cancellationToken)
    {
        var assignedOn = await db.RequiredCourses
            .Where(r => r.UserId == userId && r.CourseSlug == courseSlug)
            .Select(r => (DateOnly?)r.AssignedOn)
            .SingleOrDefaultAsync(cancellationToken);
        if (assignedOn is null)
        {
            return; // the course is not required of this person
        }

        var latest = await db.Certificates
            .Where(c => c.UserId == userId && c.CourseSlug == courseSlug && c.RevokedAtUtc == null)
            .OrderByDescending(c => c.IssuedAtUtc)
            .Select(c => new { c.IssuedAtUtc, c.ExpiresAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        var days = DaysToComplete(assignedOn.Value, latest?.IssuedAtUtc);
        DateOnly? certifiedOn = latest == null ? null : calendar.DateOf(latest.IssuedAtUtc);
        await db.RequiredCourses
            .Where(r => r.UserId == userId && r.CourseSlug == courseSlug)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.CertifiedAtUtc, latest == null ? null : latest.IssuedAtUtc)
                .SetProperty(r => r.CertificateExpiresAtUtc, latest == null ? null : latest.ExpiresAtUtc)
                .SetProperty(r => r.CertifiedOn, certifiedOn)
                .SetProperty(r => r.DaysToComplete, days), cancellationToken);
    }

    public Task RecordScoreAsync(string userId, string courseSlug, int scorePercent, CancellationToken cancellationToken) =>
        db.RequiredCourses
            .Where(r => r.UserId == userId && r.CourseSlug == courseSlug && (r.BestScorePercent == null || r.BestScorePercent < scorePercent))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.BestScorePercent, scorePercent), cancellationToken);

    private int? DaysToComplete(DateOnly assignedOn, DateTime? certifiedAtUtc) =>
        certifiedAtUtc is { } at ? Math.Max(0, calendar.DateOf(at).DayNumber - assignedOn.DayNumber) : null;

    private async Task RebuildChunkAsync(List<AssignmentRule> rules, string[]? userIds, CancellationToken cancellationToken, string? onlyCourse = null)
    {
        if (rules.Count == 0)
        {
            return;
        }

        var staff = db.Users.AsNoTracking().Where(u => u.IsActive);
        var started = db.LessonCompletions.AsNoTracking();
        var certificates = db.Certificates.AsNoTracking().Where(c => c.RevokedAtUtc == null);
        var attempts = db.QuizAttempts.AsNoTracking();
        if (userIds is not null)
        {
            attempts = attempts.Where(a => userIds.Contains(a.UserId));
            staff = staff.Where(u => userIds.Contains(u.Id));
            started = started.Where(l => userIds.Contains(l.UserId));
            certificates = certificates.Where(c => userIds.Contains(c.UserId));
        }

        if (onlyCourse is not null)
        {
            started = started.Where(l => l.CourseSlug == onlyCourse);
            certificates = certificates.Where(c => c.CourseSlug == onlyCourse);
            attempts = attempts.Where(a => a.CourseSlug == onlyCourse);
        }

        var people = await staff
            .Select(u => new { u.Id, u.BranchId, RegionId = u.Branch == null ? (int?)null : u.Branch.RegionId, u.JobTitle, u.HireDate, u.EmployeeNumber, u.DisplayName, BranchName = u.Branch == null ? HeadOffice.Name : u.Branch.Name })
            .ToListAsync(cancellationToken);
        var firstLesson = (await started
                .GroupBy(l => new { l.UserId, l.CourseSlug })
                .Select(g => new { g.Key.UserId, g.Key.CourseSlug, First = g.Min(l => l.CompletedAtUtc) })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => (x.UserId, x.CourseSlug), x => x.First);
        var bestScores = (await attempts
                .Where(a => a.ScorePercent != null)
                .GroupBy(a => new { a.UserId, a.CourseSlug })
                .Select(g => new { g.Key.UserId, g.Key.CourseSlug, Best = g.Max(a => a.ScorePercent) })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => (x.UserId, x.CourseSlug), x => x.Best);
        var latestCertificate = (await certificates
                .GroupBy(c => new { c.UserId, c.CourseSlug })
                .Select(g => g.OrderByDescending(c => c.IssuedAtUtc).Select(c => new { c.UserId, c.CourseSlug, c.IssuedAtUtc, c.ExpiresAtUtc }).First())
                .ToListAsync(cancellationToken))
            .ToDictionary(x => (x.UserId, x.CourseSlug));

        var regions = await RegionTrees.LoadAsync(db, cancellationToken);
        var batch = new List<RequiredCourse>(InsertBatchSize);
        foreach (var person in people)
        {
            var employee = new EmployeeFacts(person.Id, person.BranchId, regions.SelfAndAncestors(person.RegionId), person.JobTitle, person.HireDate);
            foreach (var line in RequiredCourses.For(employee, rules))
            {
                var certificate = latestCertificate.GetValueOrDefault((employee.UserId, line.CourseSlug));
                batch.Add(new RequiredCourse
                {
                    UserId = employee.UserId,
                    CourseSlug = line.CourseSlug,
                    EmployeeNumber = person.EmployeeNumber,
                    DisplayName = person.DisplayName,
                    JobTitle = person.JobTitle,
                    BranchName = person.BranchName,
                    BranchId = employee.BranchId,
                    RegionId = person.RegionId,
                    AssignedOn = line.AssignedOn,
                    DueOn = line.DueOn,
                    StartedAtUtc = firstLesson.TryGetValue((employee.UserId, line.CourseSlug), out var first) ? first : null,
                    CertifiedAtUtc = certificate?.IssuedAtUtc,
                    CertificateExpiresAtUtc = certificate?.ExpiresAtUtc,
                    CertifiedOn = certificate is null ? null : calendar.DateOf(certificate.IssuedAtUtc),
                    DaysToComplete = DaysToComplete(line.AssignedOn, certificate?.IssuedAtUtc),
                    BestScorePercent = bestScores.GetValueOrDefault((employee.UserId, line.CourseSlug)),
                    JoinedAfterAssignment = line.Joiner,
                });
                if (batch.Count == InsertBatchSize)
                {
                    await InsertAsync(batch, cancellationToken);
                }
            }
        }

        await InsertAsync(batch, cancellationToken);
    }

    private async Task InsertAsync(List<RequiredCourse> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        db.RequiredCourses.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        batch.Clear();
    }
}
