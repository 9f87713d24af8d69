using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Learning;

public sealed record ExtraAttemptRequest(string LearnerUserId, string CourseSlug, string Reason);

/// <summary>HR lets a learner who has used every attempt without passing try once more, with a reason on record.</summary>
public sealed class GrantExtraAttempt(PortalDbContext db, CourseCatalog catalog, ContentLibrary content, QuizAttempts attempts, AuditLog audit, TimeProvider time,
    SerializableWrites writes, IStringLocalizer<Shared> text)
{
    /// <returns>A sentence for HR, in their language, saying what the learner may now do.</returns>
    public async Task<Outcome<string>> ExecuteAsync(ExtraAttemptRequest request, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return Outcome<string>.Refused("", text["Refusal.NotPermitted"]);
        }

        var learner = await db.Users.Where(u => u.Id == request.LearnerUserId).Select(u => new { u.Id, u.DisplayName, u.EmployeeNumber }).SingleOrDefaultAsync(cancellationToken);
        if (learner is null)
        {
            return Outcome<string>.Missing();
        }

        var reason = request.Reason.Trim();
        if (learner.Id == actor.UserId)
        {
            return Outcome<string>.Refused("", text["Refusal.ExtraAttempt.Self"]);
        }

        if (catalog.Find(request.CourseSlug) is not { } course)
        {
            return Outcome<string>.Refused("CourseSlug", text["Refusal.ExtraAttempt.UnknownCourse"]);
        }

        if (reason.Length == 0)
        {
            return Outcome<string>.Refused("Reason", text["Refusal.ExtraAttempt.ReasonRequired"]);
        }

        // Serializable: the check and the grant cannot interleave with a colleague's grant or the learner's start.
        return await writes.RunAsync("Granting an extra attempt", async () =>
        {
            var allowance = await attempts.AllowanceAsync(learner.Id, course, cancellationToken);
            if (allowance.Gate != QuizGate.NoAttemptsLeft)
            {
                return Outcome<string>.Refused("CourseSlug", text["Refusal.ExtraAttempt.AttemptsLeft"]);
            }

            db.ExtraAttemptGrants.Add(new ExtraAttemptGrant
            {
                UserId = learner.Id,
                CourseSlug = course.Slug,
                GrantedByUserId = actor.UserId,
                GrantedAtUtc = time.GetUtcNow().UtcDateTime,
                Reason = reason,
            });
            audit.Record(actor, AuditActions.ExtraAttemptGranted, AuditTargets.Employee, learner.Id,
                $"Granted {learner.DisplayName} ({learner.EmployeeNumber}) one more attempt at '{content.Base.Find(course.Slug)!.Title}': {reason}",
                before: new { allowed = allowance.Allowed }, after: new { allowed = allowance.Allowed + 1, CourseSlug = course.Slug, Reason = reason });
            await db.SaveChangesAsync(cancellationToken);
            return Outcome<string>.Done(text["Hr.Employee.ExtraAttemptGranted", learner.DisplayName, course.Title]);
        }, cancellationToken);
    }
}
