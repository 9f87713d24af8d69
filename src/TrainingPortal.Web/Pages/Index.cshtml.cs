using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Pages;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time, BankCalendar calendar) : PageModel
{
    public sealed record CourseLine(Course Course, CourseProgress Progress);

    public IReadOnlyList<CourseLine> InProgress { get; private set; } = [];
    public IReadOnlyList<CourseLine> NotStarted { get; private set; } = [];
    public IReadOnlyList<CourseLine> Completed { get; private set; } = [];
    public IReadOnlyList<CourseLine> DueAgain { get; private set; } = [];
    public IReadOnlyList<(string Serial, string CourseTitle, CertificateStatus Status, DateTime? ExpiresAtUtc)> Certificates { get; private set; } = [];
    public IReadOnlyList<(Course Course, DateOnly DueOn, TrainingStatus Status)> Required { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var progress = await LearnerProgress.ForUserAsync(db, catalog, User.UserId(), time.GetUtcNow().UtcDateTime, cancellationToken);
        var lines = catalog.Courses.Select(c => new CourseLine(c, progress[c.Slug])).ToList();
        InProgress = lines.Where(l => l.Progress.State == CourseState.InProgress).ToList();
        NotStarted = lines.Where(l => l.Progress.State == CourseState.NotStarted).ToList();
        Completed = lines.Where(l => l.Progress.State == CourseState.Completed).ToList();
        DueAgain = lines.Where(l => l.Progress.State == CourseState.DueForRenewal).ToList();
        var userId = User.UserId();
        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        Required = (await CompletionQuery.Rows(db, new CompletionFilter(), at)
                .Where(r => r.UserId == userId)
                .OrderBy(r => r.DueOn)
                .Select(r => new { r.CourseSlug, r.DueOn, r.Status })
                .ToListAsync(cancellationToken))
            .Where(r => catalog.Find(r.CourseSlug) is not null)
            .Select(r => (catalog.Find(r.CourseSlug)!, r.DueOn, r.Status))
            .ToList();
        Certificates = (await db.Certificates.Where(c => c.UserId == userId)
                .OrderByDescending(c => c.IssuedAtUtc)
                .Select(c => new { c.Serial, c.CourseSlug, c.CourseTitle, c.ExpiresAtUtc, c.RevokedAtUtc })
                .Take(5)
                .ToListAsync(cancellationToken))
            .Select(c => (c.Serial, catalog.Find(c.CourseSlug)?.Title ?? c.CourseTitle, CertificateRules.StatusAt(now, c.ExpiresAtUtc, c.RevokedAtUtc), c.ExpiresAtUtc))
            .ToList();
    }
}
