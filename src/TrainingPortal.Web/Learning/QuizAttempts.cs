using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Learning;

/// <summary>Reads where a learner stands with a course's quiz: how many attempts remain, and the attempt in progress.</summary>
public sealed class QuizAttempts(PortalDbContext db, TimeProvider time, ILogger<QuizAttempts> logger)
{
    public async Task<AttemptAllowance> AllowanceAsync(string userId, Course course, CancellationToken cancellationToken) =>
        (await AllowancesAsync(userId, [course], cancellationToken))[course.Slug];

    /// <summary>
    /// Attempt allowances for several courses of one learner in four small queries, whatever the number of
    /// courses: the learner's own attempts, grants and lessons are few, so each course's cycle is cut in memory.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AttemptAllowance>> AllowancesAsync(string userId, IReadOnlyList<Course> courses, CancellationToken cancellationToken)
    {
        var slugs = courses.Select(c => c.Slug).ToList();
        var cycles = await CertificationCycles.ForUserAsync(db, userId, time.GetUtcNow().UtcDateTime, cancellationToken);
        var attempts = await db.QuizAttempts
            .Where(a => a.UserId == userId && slugs.Contains(a.CourseSlug))
            .Select(a => new { a.CourseSlug, a.StartedAtUtc, Open = a.SubmittedAtUtc == null })
            .ToListAsync(cancellationToken);
        var grants = await db.ExtraAttemptGrants
            .Where(g => g.UserId == userId && slugs.Contains(g.CourseSlug))
            .Select(g => new { g.CourseSlug, g.GrantedAtUtc })
            .ToListAsync(cancellationToken);
        var lessons = await db.LessonCompletions
            .Where(l => l.UserId == userId && slugs.Contains(l.CourseSlug))
            .Select(l => new { l.CourseSlug, l.LessonSlug })
            .ToListAsync(cancellationToken);

        return courses.ToDictionary(c => c.Slug, course =>
        {
            var cycle = cycles.For(course.Slug);
            var since = cycle.CycleStartUtc ?? DateTime.MinValue;
            var inCycle = attempts.Where(a => a.CourseSlug == course.Slug && a.StartedAtUtc > since).ToList();
            var extra = grants.Count(g => g.CourseSlug == course.Slug && g.GrantedAtUtc > since);
            var done = lessons.Where(l => l.CourseSlug == course.Slug).Select(l => l.LessonSlug).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return new AttemptAllowance(course.MaxAttempts, extra, inCycle.Count, inCycle.Any(a => a.Open), cycle.Passed, course.Lessons.All(l => done.Contains(l.Slug)));
        });
    }

    public async Task<QuizAttempt?> OpenAttemptAsync(string userId, Course course, CancellationToken cancellationToken)
    {
        var open = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.CourseSlug == course.Slug && a.SubmittedAtUtc == null)
            .OrderByDescending(a => a.AttemptNumber)
            .FirstOrDefaultAsync(cancellationToken);
        if (open is not null && !QuizPaper.FromJson(open.PaperJson).FitsPool(course))
        {
            await SetAsideAsync(db, open.Id, cancellationToken);
            logger.LogInformation("Discarded open attempt {AttemptId}: its questions left the pool of {Course}", open.Id, course.Slug);
            return null;
        }

        return open;
    }

    /// <summary>
    /// The pool changed under an unsubmitted attempt: it can no longer be graded fairly, so it is discarded
    /// without counting against the learner. Only ever an unsubmitted row, so a race with a submit is harmless.
    /// </summary>
    public static Task SetAsideAsync(PortalDbContext db, long attemptId, CancellationToken cancellationToken) =>
        db.QuizAttempts.Where(a => a.Id == attemptId && a.SubmittedAtUtc == null).ExecuteDeleteAsync(cancellationToken);
}
