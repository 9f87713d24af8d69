using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages.Courses;

public class CourseModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time) : PageModel
{
    public Course Course { get; private set; } = null!;
    public IReadOnlySet<string> CompletedLessons { get; private set; } = new HashSet<string>();
    /// <summary>The lessons not yet read, in order: after a pass, those a new edition added.</summary>
    public IReadOnlyList<Lesson> LessonsToRead { get; private set; } = [];
    public Lesson? NextLesson => LessonsToRead.FirstOrDefault();
    public bool AllLessonsDone => NextLesson is null;
    public bool QuizPassed { get; private set; }

    /// <summary>The certificate this person holds for the course now: the latest one not revoked, possibly expired.</summary>
    public (string Serial, DateTime? ExpiresAtUtc)? Certificate { get; private set; }

    /// <summary>Whether that certificate has lapsed: its date is then when it expired, not until when it is valid.</summary>
    public bool CertificateExpired { get; private set; }

    public async Task<IActionResult> OnGetAsync(string course, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        Course = found;
        var userId = User.UserId();
        CompletedLessons = await LearnerProgress.CompletedLessonsAsync(db, userId, found.Slug, cancellationToken);
        LessonsToRead = found.Lessons.Where(l => !CompletedLessons.Contains(l.Slug)).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        QuizPassed = (await CertificationCycles.ForUserAsync(db, userId, now, cancellationToken)).For(found.Slug).Passed;
        Certificate = await CertificationCycles.StandingCertificateAsync(db, userId, found.Slug, cancellationToken);
        CertificateExpired = Certificate is { } standing && CertificateRules.StatusAt(now, standing.ExpiresAtUtc, null) == CertificateStatus.Expired;
        return Page();
    }
}
