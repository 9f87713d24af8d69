using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages.Courses;

public class LessonModel(PortalDbContext db, CourseCatalog catalog, CompleteLesson completeLesson, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    public Course Course { get; private set; } = null!;
    public Lesson Lesson { get; private set; } = null!;
    public bool IsCompleted { get; private set; }
    public int CompletedCount { get; private set; }

    /// <summary>The "try it" decision the learner has just answered and their choice; the page then explains every choice.</summary>
    public (string DecisionId, string ChoiceId)? Tried { get; private set; }

    public Task<IActionResult> OnGetAsync(string course, string lesson, CancellationToken cancellationToken) =>
        ShowAsync(course, lesson, cancellationToken);

    /// <summary>Not graded and not stored: the learner's pick only decides which feedback the page opens with.</summary>
    public Task<IActionResult> OnPostTryAsync(string course, string lesson, string? decision, string? choice, CancellationToken cancellationToken)
    {
        if (TryFind(course, lesson) && Course.Practice?.Find(decision ?? "") is { } found
            && string.Equals(found.LessonSlug, Lesson.Slug, StringComparison.OrdinalIgnoreCase))
        {
            if (found.FindChoice(choice ?? "") is null)
            {
                ModelState.AddModelError($"try-{found.Id}", text["Courses.Lesson.TryPickOne"]);
            }
            else
            {
                Tried = (found.Id, choice!);
            }
        }

        return ShowAsync(course, lesson, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string course, string lesson, CancellationToken cancellationToken)
    {
        if (!TryFind(course, lesson))
        {
            return NotFound();
        }

        var completed = await LearnerProgress.CompletedLessonsAsync(db, User.UserId(), Course.Slug, cancellationToken);
        IsCompleted = completed.Contains(Lesson.Slug);
        CompletedCount = Course.Lessons.Count(l => completed.Contains(l.Slug));
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(string course, string lesson, CancellationToken cancellationToken)
    {
        if (!TryFind(course, lesson))
        {
            return NotFound();
        }

        await completeLesson.ExecuteAsync(User.UserId(), Course, Lesson, cancellationToken);
        return Course.LessonAfter(Lesson) is { } next
            ? RedirectToPage("/Courses/Lesson", new { course = Course.Slug, lesson = next.Slug })
            : RedirectToPage("/Courses/Course", new { course = Course.Slug });
    }

    private bool TryFind(string course, string lesson)
    {
        if (catalog.Find(course) is not { } foundCourse || foundCourse.FindLesson(lesson) is not { } foundLesson)
        {
            return false;
        }

        Course = foundCourse;
        Lesson = foundLesson;
        return true;
    }
}
