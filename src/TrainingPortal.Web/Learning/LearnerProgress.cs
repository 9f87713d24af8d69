using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Learning;

/// <summary>Reads where one learner stands in every course: a few small queries, whatever the number of courses.</summary>
public static class LearnerProgress
{
    public static async Task<IReadOnlyDictionary<string, CourseProgress>> ForUserAsync(
        PortalDbContext db, CourseCatalog catalog, string userId, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        var completed = await db.LessonCompletions
            .Where(c => c.UserId == userId)
            .Select(c => new { c.CourseSlug, c.LessonSlug })
            .ToListAsync(cancellationToken);
        var cycles = await CertificationCycles.ForUserAsync(db, userId, nowUtc, cancellationToken);

        return catalog.Courses.ToDictionary(
            c => c.Slug,
            c => new CourseProgress(
                c.Lessons.Count,
                completed.Count(x => x.CourseSlug == c.Slug && c.FindLesson(x.LessonSlug) is not null),
                cycles.For(c.Slug).Passed,
                cycles.For(c.Slug).IsRenewal));
    }

    public static async Task<HashSet<string>> CompletedLessonsAsync(PortalDbContext db, string userId, string courseSlug, CancellationToken cancellationToken = default) =>
        (await db.LessonCompletions
            .Where(c => c.UserId == userId && c.CourseSlug == courseSlug)
            .Select(c => c.LessonSlug)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
