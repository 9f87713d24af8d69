using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages.Courses;

public class IndexModel(PortalDbContext db, CourseCatalog catalog, TimeProvider time) : PageModel
{
    public IReadOnlyList<IGrouping<string, CourseCard>> Categories { get; private set; } = [];

    public sealed record CourseCard(Course Course, CourseProgress Progress);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var progress = await LearnerProgress.ForUserAsync(db, catalog, User.UserId(), time.GetUtcNow().UtcDateTime, cancellationToken);
        Categories = catalog.Courses
            .Select(c => new CourseCard(c, progress[c.Slug]))
            .GroupBy(c => c.Course.Category)
            .ToList();
    }
}
