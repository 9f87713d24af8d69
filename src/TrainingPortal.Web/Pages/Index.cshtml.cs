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
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Web.Pages;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, CertificateTitles titles, TimeProvider time, BankCalendar calendar) : PageModel
{
    public sealed record CourseLine(Course Course, CourseProgress Progress);

    public sealed record ObservationLine(long Id, DateOnly ObservedOn, string CourseTitle, string ObserverName, int Seen, int Rated, bool Acknowledged);

    /// <summary>The open pulse this person has not answered yet; null when there is none.</summary>
    public PulsePeriod? OpenPulse { get; private set; }
    public IReadOnlyList<ObservationLine> Observations { get; private set; } = [];

    public IReadOnlyList<CourseLine> InProgress { get; private set; } = [];
    public IReadOnlyList<CourseLine> NotStarted { get; private set; } = [];
    public IReadOnlyList<CourseLine> Completed { get; private set; } = [];
    public IReadOnlyList<CourseLine> DueAgain { get; private set; } = [];
    public IReadOnlyList<(string Serial, string CourseTitle, CertificateStatus Status, DateTime? ExpiresAtUtc)> Certificates { get; private set; } = [];
    public IReadOnlyList<(Course Course, DateOnly DueOn, TrainingStatus Status, bool Started)> Required { get; private set; } = [];

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
                .Select(r => new { r.CourseSlug, r.DueOn, r.Status, Started = r.StartedAtUtc != null })
                .ToListAsync(cancellationToken))
            .Where(r => catalog.Find(r.CourseSlug) is not null)
            .Select(r => (catalog.Find(r.CourseSlug)!, r.DueOn, r.Status, r.Started))
            .ToList();
        var today = at.Today;
        OpenPulse = await db.PulsePeriods.AsNoTracking()
            .Where(p => p.OpensOn <= today && today <= p.ClosesOn && !db.PulseParticipations.Any(a => a.PeriodId == p.Id && a.UserId == userId))
            .OrderBy(p => p.OpensOn)
            .FirstOrDefaultAsync(cancellationToken);
        Observations = (await db.Observations.Where(o => o.SubjectUserId == userId)
                .OrderBy(o => o.AcknowledgedAtUtc != null).ThenByDescending(o => o.ObservedOn).ThenByDescending(o => o.Id)
                .Take(10)
                .Select(o => new
                {
                    o.Id, o.ObservedOn, o.CourseSlug,
                    Observer = db.Users.Where(u => u.Id == o.ObserverUserId).Select(u => u.DisplayName).First(),
                    Seen = o.Ratings.Count(r => r.Rating == Core.CustomerFirst.BehaviourRating.Seen),
                    Rated = o.Ratings.Count,
                    Acknowledged = o.AcknowledgedAtUtc != null,
                })
                .ToListAsync(cancellationToken))
            .Select(o => new ObservationLine(o.Id, o.ObservedOn, catalog.Find(o.CourseSlug)?.Title ?? o.CourseSlug, o.Observer, o.Seen, o.Rated, o.Acknowledged))
            .ToList();
        Certificates = (await db.Certificates.Where(c => c.UserId == userId)
                .OrderByDescending(c => c.IssuedAtUtc)
                .Select(c => new { c.Serial, c.CourseSlug, c.CourseTitle, c.ExpiresAtUtc, c.RevokedAtUtc })
                .Take(5)
                .ToListAsync(cancellationToken))
            .Select(c => (c.Serial, titles.Of(c.CourseSlug, c.CourseTitle), CertificateRules.StatusAt(now, c.ExpiresAtUtc, c.RevokedAtUtc), c.ExpiresAtUtc))
            .ToList();
    }
}
