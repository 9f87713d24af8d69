using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Core.Tests.Quizzes;

/// <summary>When a learner may see the keyed options: never while guessing and retaking could reveal them.</summary>
public class AnswerKeyTests
{
    private static AttemptAllowance After(int used, bool passed = false, int extra = 0, bool open = false) =>
        new(MaxAttempts: 3, ExtraGranted: extra, Used: used, HasOpenAttempt: open, Passed: passed, AllLessonsDone: true);

    [Theory]
    [InlineData(ReviewPolicy.AfterLastAttempt, 1, false, 0, false)]
    [InlineData(ReviewPolicy.AfterLastAttempt, 2, false, 0, false)]
    [InlineData(ReviewPolicy.AfterLastAttempt, 3, false, 0, true)]
    [InlineData(ReviewPolicy.AfterLastAttempt, 3, false, 1, false)] // HR granted another attempt
    [InlineData(ReviewPolicy.AfterLastAttempt, 1, true, 0, true)]
    [InlineData(ReviewPolicy.AfterPass, 3, false, 0, false)]
    [InlineData(ReviewPolicy.AfterPass, 2, true, 0, true)]
    [InlineData(ReviewPolicy.Never, 1, true, 0, false)]
    [InlineData(ReviewPolicy.Never, 3, false, 0, false)]
    public void The_key_shows_only_as_the_course_review_policy_allows(ReviewPolicy policy, int used, bool passed, int extra, bool shown)
    {
        Assert.Equal(shown, After(used, passed, extra).ShowsAnswerKey(policy));
    }

    [Fact]
    public void An_open_last_attempt_keeps_the_key_hidden()
    {
        Assert.False(After(3, open: true).ShowsAnswerKey(ReviewPolicy.AfterLastAttempt));
    }
}
