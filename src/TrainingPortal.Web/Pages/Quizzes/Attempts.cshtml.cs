using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Quizzes;

public class AttemptsModel(PortalDbContext db, CourseCatalog catalog) : PageModel
{
    public sealed record AttemptRow(long Id, int Number, DateTime StartedAtUtc, DateTime? SubmittedAtUtc, int? Score, bool? Passed);

    public Course Course { get; private set; } = null!;
    public IReadOnlyList<AttemptRow> Attempts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string course, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        Course = found;
        var userId = User.UserId();
        Attempts = await db.QuizAttempts
            .Where(a => a.UserId == userId && a.CourseSlug == found.Slug)
            .OrderByDescending(a => a.AttemptNumber)
            .Select(a => new AttemptRow(a.Id, a.AttemptNumber, a.StartedAtUtc, a.SubmittedAtUtc, a.ScorePercent, a.Passed))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
