using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Learning;

/// <summary>
/// Starts the learner's next attempt if they may. The check and the insert share one serializable transaction,
/// so two tabs starting at once open one attempt, not two.
/// </summary>
public sealed class StartQuizAttempt(PortalDbContext db, QuizAttempts attempts, TimeProvider time)
{
    /// <returns>Whether an attempt is now open, this one or one started a moment earlier.</returns>
    public async Task<bool> ExecuteAsync(string userId, Course course, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            var allowance = await attempts.AllowanceAsync(userId, course, cancellationToken);
            if (allowance.Gate != QuizGate.CanStart)
            {
                return allowance.Gate == QuizGate.AttemptOpen;
            }

            var earlierPapers = await db.QuizAttempts.Where(a => a.UserId == userId && a.CourseSlug == course.Slug)
                .Select(a => a.PaperJson).ToListAsync(cancellationToken);
            var seen = earlierPapers.SelectMany(json => QuizPaper.FromJson(json).Questions.Select(q => q.QuestionId)).ToHashSet(StringComparer.Ordinal);
            var paper = QuizPaper.Draw(course, Random.Shared, seen);
            var number = await db.QuizAttempts.Where(a => a.UserId == userId && a.CourseSlug == course.Slug)
                .MaxAsync(a => (int?)a.AttemptNumber, cancellationToken) ?? 0;
            db.QuizAttempts.Add(new QuizAttempt
            {
                UserId = userId,
                CourseSlug = course.Slug,
                AttemptNumber = number + 1,
                ContentVersion = course.ContentVersion,
                PaperJson = paper.ToJson(),
                StartedAtUtc = time.GetUtcNow().UtcDateTime,
                Language = course.QuizIsTranslated ? course.Language : ContentVocabulary.English, // the paper's language, not the page's
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (WriteConflicts.LostToConcurrentWrite(ex))
        {
            // Another request started this attempt first (a unique-index clash, a serialization failure or deadlock):
            // that attempt is the open one. Should there be none after all, the failure must say so.
            db.ChangeTracker.Clear();
            if (!await db.QuizAttempts.AnyAsync(a => a.UserId == userId && a.CourseSlug == course.Slug && a.SubmittedAtUtc == null, cancellationToken))
            {
                throw;
            }
        }

        return true;
    }
}
