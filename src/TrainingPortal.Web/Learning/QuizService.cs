using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Training;

namespace TrainingPortal.Web.Learning;

public abstract record SubmitOutcome
{
    public sealed record NotFound : SubmitOutcome;
    public sealed record AlreadySubmitted(long AttemptId) : SubmitOutcome;
    public sealed record Invalid(string Error) : SubmitOutcome;
    public sealed record Incomplete(IReadOnlyList<int> UnansweredNumbers, IReadOnlyDictionary<string, IReadOnlySet<string>> Answers) : SubmitOutcome;
    public sealed record Submitted(long AttemptId, QuizResult Result) : SubmitOutcome;
}

/// <summary>Starts and submits quiz attempts. Grading is Core's; this class makes the writes safe.</summary>
public sealed class QuizService(PortalDbContext db, TimeProvider time, CourseCompletionWriter completions, RequiredCourseSync requiredCourses, ILogger<QuizService> logger)
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
            // The pool changed under an unsubmitted attempt: it can no longer be graded fairly, so it is
            // discarded without counting against the learner.
            await db.QuizAttempts.Where(a => a.Id == open.Id && a.SubmittedAtUtc == null).ExecuteDeleteAsync(cancellationToken);
            logger.LogInformation("Discarded open attempt {AttemptId}: its questions left the pool of {Course}", open.Id, course.Slug);
            return null;
        }

        return open;
    }

    /// <summary>
    /// Starts the next attempt if the learner may. The check and the insert share one serializable
    /// transaction, so two tabs starting at once open one attempt, not two.
    /// </summary>
    public async Task<bool> StartAsync(string userId, Course course, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            var allowance = await AllowanceAsync(userId, course, cancellationToken);
            if (allowance.Gate != QuizGate.CanStart)
            {
                return allowance.Gate == QuizGate.AttemptOpen;
            }

            var paper = QuizPaper.Draw(course, Random.Shared);
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
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // Another request started this attempt first (a unique-index clash, or on SQL Server a
            // serialization deadlock): that attempt is the open one.
            db.ChangeTracker.Clear();
        }

        return true;
    }

    public async Task<SubmitOutcome> SubmitAsync(string userId, Course course, long attemptId, IEnumerable<KeyValuePair<string, string>> submitted, CancellationToken cancellationToken)
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
            await db.QuizAttempts.Where(a => a.Id == attempt.Id && a.SubmittedAtUtc == null).ExecuteDeleteAsync(cancellationToken);
            return new SubmitOutcome.Invalid("The course's questions were updated while you were answering, so this attempt can no longer be marked fairly. It has been set aside without counting against you; please start a new attempt.");
        }

        var sheet = paper.ReadAnswers(course, submitted);
        if (sheet.Error is not null)
        {
            logger.LogWarning("Rejected answers for attempt {AttemptId}: {Problem}", attempt.Id, sheet.Error);
            return new SubmitOutcome.Invalid(sheet.Error);
        }

        if (sheet.UnansweredNumbers.Count > 0)
        {
            return new SubmitOutcome.Incomplete(sheet.UnansweredNumbers, sheet.Answers);
        }

        var result = QuizGrader.Grade(course, paper, sheet.Answers);
        var now = time.GetUtcNow().UtcDateTime;

        // The conditional update is the gate: of two racing submits only one changes the row, and only
        // that one records a completion. The transaction keeps the result and the completion together.
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
        if (result.Passed)
        {
            await completions.RecordAsync(userId, course, attempt.Id, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Attempt {AttemptId} of {Course} submitted: {Score}% ({Outcome})",
            attempt.Id, course.Slug, result.ScorePercent, result.Passed ? "passed" : "failed");
        return new SubmitOutcome.Submitted(attempt.Id, result);
    }
}

/// <summary>
/// A passed quiz completes the course and issues its certificate, both in the caller's transaction:
/// there is never a completion without a certificate, nor a certificate without a completion.
/// </summary>
public sealed class CourseCompletionWriter(PortalDbContext db, RequiredCourseSync requiredCourses)
{
    public async Task<Certificate> RecordAsync(string userId, Course course, long attemptId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var completion = new CourseCompletion
        {
            UserId = userId,
            CourseSlug = course.Slug,
            ContentVersion = course.ContentVersion,
            CompletedAtUtc = nowUtc,
            QuizAttemptId = attemptId,
        };
        db.CourseCompletions.Add(completion);
        await db.SaveChangesAsync(cancellationToken);

        var holder = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.EmployeeNumber, Branch = u.Branch == null ? "Head office" : u.Branch.Name })
            .SingleAsync(cancellationToken);
        var certificate = new Certificate
        {
            Serial = Guid.NewGuid().ToString("N"), // replaced below once the database has numbered the row
            VerificationCode = CertificateRules.NewVerificationCode(),
            UserId = userId,
            CourseCompletionId = completion.Id,
            CourseSlug = course.Slug,
            CourseTitle = course.Title,
            ContentVersion = course.ContentVersion,
            HolderName = holder.DisplayName,
            EmployeeNumber = holder.EmployeeNumber,
            BranchName = holder.Branch,
            IssuedAtUtc = nowUtc,
            ExpiresAtUtc = CertificateRules.ExpiryFor(nowUtc, course.CertificateValidityMonths),
        };
        db.Certificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        certificate.Serial = CertificateRules.Serial(nowUtc.Year, certificate.Id);
        await db.SaveChangesAsync(cancellationToken);
        await requiredCourses.RefreshCertificateAsync(userId, course.Slug, cancellationToken);
        return certificate;
    }
}
