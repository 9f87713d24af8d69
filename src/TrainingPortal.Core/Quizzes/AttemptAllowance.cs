using TrainingPortal.Core.Content;

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

    /// <remarks>A pass comes first: a lesson added to the course after it (a new edition) does not take the pass away.</remarks>
    public QuizGate Gate => this switch
    {
        { Passed: true } => QuizGate.AlreadyPassed,
        { AllLessonsDone: false } => QuizGate.LessonsRemaining,
        { HasOpenAttempt: true } => QuizGate.AttemptOpen,
        { Remaining: > 0 } => QuizGate.CanStart,
        _ => QuizGate.NoAttemptsLeft,
    };

    /// <summary>
    /// Whether the learner may now see the keyed options and full explanations of their attempts. Until then a
    /// failed attempt shows only which questions were wrong and the principle behind each, so that guessing and
    /// retaking cannot reveal the key.
    /// </summary>
    public bool ShowsAnswerKey(ReviewPolicy policy) => policy switch
    {
        ReviewPolicy.AfterPass => Passed,
        ReviewPolicy.AfterLastAttempt => Passed || (Remaining == 0 && !HasOpenAttempt),
        _ => false,
    };
}
