namespace TrainingPortal.Core.Quizzes;

public enum QuizGate
{
    LessonsRemaining,
    AlreadyPassed,
    AttemptOpen,
    CanStart,
    NoAttemptsLeft,
}

/// <summary>How many quiz attempts a learner has, and whether they may start one now.</summary>
public sealed record AttemptAllowance(int MaxAttempts, int ExtraGranted, int Used, bool HasOpenAttempt, bool Passed, bool AllLessonsDone)
{
    public int Allowed => MaxAttempts + ExtraGranted;

    public int Remaining => Math.Max(0, Allowed - Used);

    public QuizGate Gate => this switch
    {
        { AllLessonsDone: false } => QuizGate.LessonsRemaining,
        { Passed: true } => QuizGate.AlreadyPassed,
        { HasOpenAttempt: true } => QuizGate.AttemptOpen,
        { Remaining: > 0 } => QuizGate.CanStart,
        _ => QuizGate.NoAttemptsLeft,
    };
}
