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
public sealed class StartQuizAttempt(PortalDbContext db, QuizAttempts attempts, TimeProvider time, ILogger<StartQuizAttempt> logger)
{
    /// <returns>Whether an attempt is now open, this one or one started a moment earlier.</returns>
    /// <remarks>
    /// A start that loses to a concurrent write runs once more on fresh reads: the other tab's attempt is then found
    /// open. The loser need not be the same learner: SQL Server's key-range locks and PostgreSQL's predicate locks
    /// cover index ranges, not people, so two learners starting at the same moment can clash on a quiet index.
    /// </remarks>
    public Task<bool> ExecuteAsync(string userId, Course course, CancellationToken cancellationToken) =>
        WriteConflicts.RetriedOnceAsync(db, logger, "Starting a quiz attempt", () => StartAsync(userId, course, cancellationToken), lostTwice: () => false, cancellationToken);

    private async Task<bool> StartAsync(string userId, Course course, CancellationToken cancellationToken)
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
        return true;
    }
}
