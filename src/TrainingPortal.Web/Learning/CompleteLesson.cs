using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;

namespace TrainingPortal.Web.Learning;

/// <summary>Records a lesson as done, once, and marks the course as started on the learner's required courses.</summary>
public sealed class CompleteLesson(PortalDbContext db, RequiredCourseSync requiredCourses, TimeProvider time)
{
    public async Task ExecuteAsync(string userId, Course course, Lesson lesson, CancellationToken cancellationToken)
    {
        if (await IsRecordedAsync(userId, course, lesson, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.LessonCompletions.Add(new LessonCompletion
            {
                UserId = userId,
                CourseSlug = course.Slug,
                LessonSlug = lesson.Slug,
                ContentVersion = course.ContentVersion,
                CompletedAtUtc = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            await requiredCourses.MarkStartedAsync(userId, course.Slug, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index caught a second click or a racing request: its completion stands, which is what was asked.
            db.ChangeTracker.Clear();
            if (!await IsRecordedAsync(userId, course, lesson, cancellationToken))
            {
                throw;
            }
        }
    }

    private Task<bool> IsRecordedAsync(string userId, Course course, Lesson lesson, CancellationToken cancellationToken) =>
        db.LessonCompletions.AnyAsync(c => c.UserId == userId && c.CourseSlug == course.Slug && c.LessonSlug == lesson.Slug, cancellationToken);
}
