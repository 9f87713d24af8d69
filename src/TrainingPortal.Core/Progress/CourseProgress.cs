namespace TrainingPortal.Core.Progress;

public enum CourseState
{
    NotStarted,
    InProgress,
    Completed,
    DueForRenewal,
}

/// <summary>
/// Where one learner stands in one course. A pass of this certification cycle completes it, whatever lessons were added
/// to the course since (a new edition): the certificate stands, as it does in HR's figures, and the new lessons are
/// there to read; they are required before the quiz again at renewal.
/// </summary>
public sealed record CourseProgress(int LessonCount, int LessonsCompleted, bool QuizPassed, bool RenewalDue = false)
{
    public bool AllLessonsDone => LessonsCompleted >= LessonCount;

    public CourseState State => this switch
    {
        { QuizPassed: true } => CourseState.Completed,
        { RenewalDue: true } => CourseState.DueForRenewal,
        { LessonsCompleted: 0 } => CourseState.NotStarted,
        _ => CourseState.InProgress,
    };
}
