using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Web.Learning;

public abstract record SubmitOutcome
{
    public sealed record NotFound : SubmitOutcome;
    public sealed record AlreadySubmitted(long AttemptId) : SubmitOutcome;
    public sealed record Invalid(string Error) : SubmitOutcome;
    public sealed record Incomplete(IReadOnlyList<int> UnansweredNumbers, IReadOnlyDictionary<string, IReadOnlySet<string>> Answers) : SubmitOutcome;
    public sealed record Submitted(long AttemptId, QuizResult Result, string? CertificateSerial) : SubmitOutcome;
}

/// <summary>
/// Grades a submitted attempt (Core's rules) and records the result; a pass completes the course and issues its
/// certificate in the same transaction, and the learner's required course follows.
/// </summary>
public sealed class SubmitQuiz(PortalDbContext db, IssueCertificate issueCertificate, RequiredCourseSync requiredCourses, TimeProvider time, ILogger<SubmitQuiz> logger, IStringLocalizer<Shared> text)
{
    public async Task<SubmitOutcome> ExecuteAsync(string userId, Course course, long attemptId, IEnumerable<KeyValuePair<string, string>> submitted, CancellationToken cancellationToken)
    {
        var attempt = await db.QuizAttempts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId && a.CourseSlug == course.Slug, cancellationToken);
        if (attempt is null)
        {
            return new SubmitOutcome.NotFound();
        }

        if (attempt.SubmittedAtUtc is not null)
        {
            return new SubmitOutcome.AlreadySubmitted(attempt.Id);
        }

        var paper = QuizPaper.FromJson(attempt.PaperJson);
        if (!paper.FitsPool(course))
        {
            await QuizAttempts.SetAsideAsync(db, attempt.Id, cancellationToken);
            return new SubmitOutcome.Invalid(text["Refusal.Quiz.QuestionsChanged"]);
        }

        var sheet = paper.ReadAnswers(course, submitted);
        if (sheet.Error is not null)
        {
            logger.LogWarning("Rejected answers for attempt {AttemptId}: {Problem}", attempt.Id, sheet.Error);
            // The detail (which question or option) is for the log; the learner is told what to do.
            return new SubmitOutcome.Invalid(text["Refusal.Quiz.AnswersDoNotMatch"]);
        }

        if (sheet.UnansweredNumbers.Count > 0)
        {
            return new SubmitOutcome.Incomplete(sheet.UnansweredNumbers, sheet.Answers);
        }

        var result = QuizGrader.Grade(course, paper, sheet.Answers);
        var now = time.GetUtcNow().UtcDateTime;

        // The conditional update is the gate: of two racing submits only one changes the row, and only
        // that one records a completion.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.QuizAttempts
            .Where(a => a.Id == attempt.Id && a.SubmittedAtUtc == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.SubmittedAtUtc, now)
                .SetProperty(a => a.AnswersJson, AnswerSheetResult.ToJson(sheet.Answers))
                .SetProperty(a => a.ScorePercent, result.ScorePercent)
                .SetProperty(a => a.Passed, result.Passed), cancellationToken);
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new SubmitOutcome.AlreadySubmitted(attempt.Id);
        }

        await requiredCourses.RecordScoreAsync(userId, course.Slug, result.ScorePercent, cancellationToken);
        var certificate = result.Passed ? await issueCertificate.ExecuteAsync(userId, course, attempt.Id, now, cancellationToken) : null;
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Attempt {AttemptId} of {Course} submitted: {Score}% ({Outcome})",
            attempt.Id, course.Slug, result.ScorePercent, result.Passed ? "passed" : "failed");
        return new SubmitOutcome.Submitted(attempt.Id, result, certificate?.Serial);
    }
}
