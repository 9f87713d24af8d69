using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages.Courses;

public class CourseModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time) : PageModel
{
    public Course Course { get; private set; } = null!;
    public IReadOnlySet<string> CompletedLessons { get; private set; } = new HashSet<string>();
    public Lesson? NextLesson { get; private set; }
    public bool AllLessonsDone => NextLesson is null;
    public bool QuizPassed { get; private set; }

    /// <summary>The certificate this person holds for the course now: the latest one not revoked, possibly expired.</summary>
    public (string Serial, DateTime? ExpiresAtUtc)? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(string course, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        Course = found;
        var userId = User.UserId();
        CompletedLessons = await LearnerProgress.CompletedLessonsAsync(db, userId, found.Slug, cancellationToken);
        NextLesson = found.Lessons.FirstOrDefault(l => !CompletedLessons.Contains(l.Slug));
        QuizPassed = (await CertificationCycles.ForUserAsync(db, userId, time.GetUtcNow().UtcDateTime, cancellationToken)).For(found.Slug).Passed;
        var certificate = await db.Certificates
            .Where(c => c.UserId == userId && c.CourseSlug == found.Slug && c.RevokedAtUtc == null)
            .OrderByDescending(c => c.IssuedAtUtc)
            .Select(c => new { c.Serial, c.ExpiresAtUtc })
            .FirstOrDefaultAsync(cancellationToken);
        Certificate = certificate is null ? null : (certificate.Serial, certificate.ExpiresAtUtc);
        return Page();
    }
}
