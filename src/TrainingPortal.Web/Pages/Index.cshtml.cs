using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages;

public class IndexModel(PortalDbContext db, CourseCatalog catalog) : PageModel
{
    public sealed record CourseLine(Course Course, CourseProgress Progress);

    public IReadOnlyList<CourseLine> InProgress { get; private set; } = [];
    public IReadOnlyList<CourseLine> NotStarted { get; private set; } = [];
    public IReadOnlyList<CourseLine> Completed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var progress = await LearnerProgress.ForUserAsync(db, catalog, User.UserId(), cancellationToken);
        var lines = catalog.Courses.Select(c => new CourseLine(c, progress[c.Slug])).ToList();
        InProgress = lines.Where(l => l.Progress.State == CourseState.InProgress).ToList();
        NotStarted = lines.Where(l => l.Progress.State == CourseState.NotStarted).ToList();
        Completed = lines.Where(l => l.Progress.State == CourseState.Completed).ToList();
    }
}
