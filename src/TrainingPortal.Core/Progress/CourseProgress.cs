namespace TrainingPortal.Core.Progress;

public enum CourseState
{
    NotStarted,
    InProgress,
    Completed,
}

/// <summary>Where one learner stands in one course.</summary>
public sealed record CourseProgress(int LessonCount, int LessonsCompleted, bool QuizPassed)
{
    public bool AllLessonsDone => LessonsCompleted >= LessonCount;

    public CourseState State => (LessonsCompleted, QuizPassed) switch
    {
        (_, true) when AllLessonsDone => CourseState.Completed,
        (0, false) => CourseState.NotStarted,
        _ => CourseState.InProgress,
    };

    public string Describe() => State switch
    {
        CourseState.Completed => "Completed",
        CourseState.NotStarted => "Not started",
        _ when AllLessonsDone => "Quiz to take",
        _ => $"In progress: {LessonsCompleted} of {LessonCount} lessons",
    };
}
