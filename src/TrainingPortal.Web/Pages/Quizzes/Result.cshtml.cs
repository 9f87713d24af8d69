using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages.Quizzes;

public class ResultModel(PortalDbContext db, CourseCatalog catalog, QuizAttempts attempts) : PageModel
{
    public Course Course { get; private set; } = null!;
    public int AttemptNumber { get; private set; }
    public int ScorePercent { get; private set; }
    public bool Passed { get; private set; }
    public QuizResult? Review { get; private set; }

    /// <summary>Whether the review may show keyed options and explanations (course.md's <c>review</c>); otherwise only right or wrong and the principle.</summary>
    public bool ShowsAnswerKey { get; private set; }

    /// <summary>Attempts the learner has left in this cycle, to say so beside the principles.</summary>
    public int AttemptsRemaining { get; private set; }

    /// <summary>The certificate this pass earned, so the page leads straight to it; null for a failed attempt.</summary>
    public string? CertificateSerial { get; private set; }

    public async Task<IActionResult> OnGetAsync(string course, long id, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        var userId = User.UserId();
        var attempt = await db.QuizAttempts
            .Where(a => a.Id == id && a.UserId == userId && a.CourseSlug == found.Slug && a.SubmittedAtUtc != null)
            .Select(a => new { a.AttemptNumber, a.PaperJson, a.AnswersJson, a.ScorePercent, a.Passed })
            .SingleOrDefaultAsync(cancellationToken);
        if (attempt is null)
        {
            return NotFound(); // someone else's attempt looks exactly like one that does not exist
        }

        Course = found;
        AttemptNumber = attempt.AttemptNumber;
        ScorePercent = attempt.ScorePercent ?? 0;
        Passed = attempt.Passed == true;
        CertificateSerial = Passed
            ? await db.Certificates.Where(c => c.UserId == userId && db.CourseCompletions.Any(cc => cc.Id == c.CourseCompletionId && cc.QuizAttemptId == id))
                .Select(c => c.Serial).SingleOrDefaultAsync(cancellationToken)
            : null;
        var allowance = await attempts.AllowanceAsync(userId, found, cancellationToken);
        ShowsAnswerKey = allowance.ShowsAnswerKey(found.Review);
        AttemptsRemaining = allowance.Remaining;
        var paper = QuizPaper.FromJson(attempt.PaperJson);
        if (paper.FitsPool(found))
        {
            // The stored score stands; the review is rebuilt from the stored answers against the current texts.
            Review = QuizGrader.Grade(found, paper, AnswerSheetResult.FromJson(attempt.AnswersJson ?? "{}"));
        }

        return Page();
    }
}
