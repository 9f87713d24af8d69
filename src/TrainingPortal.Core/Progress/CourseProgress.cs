namespace TrainingPortal.Core.Progress;

public enum CourseState
{
    NotStarted,
    InProgress,
    Completed,
    DueForRenewal,
}

/// <summary>Where one learner stands in one course.</summary>
public sealed record CourseProgress(int LessonCount, int LessonsCompleted, bool QuizPassed, bool RenewalDue = false)
{
    public bool AllLessonsDone => LessonsCompleted >= LessonCount;

    public CourseState State => this switch
    {
        { QuizPassed: true, AllLessonsDone: true } => CourseState.Completed,
        { RenewalDue: true } => CourseState.DueForRenewal,
        { LessonsCompleted: 0 } => CourseState.NotStarted,
        _ => CourseState.InProgress,
    };
}
