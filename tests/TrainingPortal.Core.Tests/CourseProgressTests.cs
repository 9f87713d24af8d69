using TrainingPortal.Core.Progress;

namespace TrainingPortal.Core.Tests;

public class CourseProgressTests
{
    [Theory]
    [InlineData(5, 0, false, false, CourseState.NotStarted)]
    [InlineData(5, 2, false, false, CourseState.InProgress)]
    [InlineData(5, 5, false, false, CourseState.InProgress)] // every lesson read, the quiz not yet passed
    [InlineData(5, 5, true, false, CourseState.Completed)]
    [InlineData(6, 5, true, false, CourseState.Completed)] // a lesson added by a new edition after the pass
    [InlineData(6, 5, false, true, CourseState.DueForRenewal)]
    [InlineData(6, 0, false, true, CourseState.DueForRenewal)]
    public void A_pass_of_this_cycle_completes_the_course_and_lessons_added_since_do_not_undo_it(int lessons, int done, bool passed, bool renewalDue, CourseState expected)
    {
        Assert.Equal(expected, new CourseProgress(lessons, done, passed, renewalDue).State);
    }
}
