using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Content;

namespace TrainingPortal.Web.Pages.Courses;

/// <summary>A course's printable card for a ten-minute team huddle, with the behaviours a manager watches for.</summary>
public class PracticeCardModel(CourseCatalog catalog) : PageModel
{
    public Course Course { get; private set; } = null!;
    public ContentPage Card { get; private set; } = null!;

    public IActionResult OnGet(string course)
    {
        if (catalog.Find(course) is not { PracticeCard: { } card } found)
        {
            return NotFound();
        }

        Course = found;
        Card = card;
        return Page();
    }
}
