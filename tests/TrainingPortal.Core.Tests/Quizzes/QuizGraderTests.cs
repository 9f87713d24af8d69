using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Core.Tests.Quizzes;

public class QuizGraderTests
{
    private static QuizQuestion Question(string id, QuestionType type, params (string Id, bool Correct)[] options) =>
        new(id, type, $"<p>{id}?</p>", options.Select(o => new QuizOption(o.Id, o.Id, o.Correct)).ToList(), "<p>Because.</p>", "the-lesson", "<p>The idea.</p>");

    private static readonly QuizQuestion SingleQ = Question("s", QuestionType.Single, ("a", false), ("b", true), ("c", false));
    private static readonly QuizQuestion MultipleQ = Question("m", QuestionType.Multiple, ("a", true), ("b", true), ("c", false));
    private static readonly QuizQuestion TrueFalseQ = Question("t", QuestionType.TrueFalse, ("true", false), ("false", true));

    private static Dictionary<string, IReadOnlySet<string>> Answers(params (string Question, string[] Options)[] answers) =>
        answers.ToDictionary(a => a.Question, a => (IReadOnlySet<string>)a.Options.ToHashSet());

    private static QuizResult Grade(IEnumerable<QuizQuestion> questions, Dictionary<string, IReadOnlySet<string>> answers, int passMark = 80) =>
        QuizGrader.Grade(questions.Select(q => (q, (IReadOnlyList<string>)q.Options.Select(o => o.Id).ToList())).ToList(), answers, passMark);

    [Fact]
    public void A_single_choice_question_is_right_only_with_the_correct_option()
    {
        Assert.Equal(1, Grade([SingleQ], Answers(("s", ["b"]))).CorrectCount);
        Assert.Equal(0, Grade([SingleQ], Answers(("s", ["a"]))).CorrectCount);
    }

    [Fact]
    public void A_multiple_choice_question_partly_right_scores_nothing()
    {
        Assert.Equal(1, Grade([MultipleQ], Answers(("m", ["a", "b"]))).CorrectCount);
        Assert.Equal(0, Grade([MultipleQ], Answers(("m", ["a"]))).CorrectCount);
        Assert.Equal(0, Grade([MultipleQ], Answers(("m", ["a", "b", "c"]))).CorrectCount);
    }

    [Fact]
    public void A_true_false_question_is_graded_on_the_answer()
    {
        Assert.True(Grade([TrueFalseQ], Answers(("t", ["false"]))).Questions[0].IsRight);
        Assert.False(Grade([TrueFalseQ], Answers(("t", ["true"]))).Questions[0].IsRight);
    }

    [Fact]
    public void An_unanswered_question_is_wrong()
    {
        var result = Grade([SingleQ, TrueFalseQ], Answers(("t", ["false"])));

        Assert.Equal(1, result.CorrectCount);
        Assert.False(result.Questions[0].IsRight);
        Assert.Empty(result.Questions[0].Chosen);
    }

    [Fact]
    public void The_score_rounds_down_to_a_whole_percent()
    {
        var result = Grade([SingleQ, MultipleQ, TrueFalseQ], Answers(("s", ["b"]), ("m", ["a", "b"])), passMark: 66);

        Assert.Equal(66, result.ScorePercent); // 66.67 % is shown as 66, never flattered to 67
        Assert.True(result.Passed);
    }

    [Fact]
    public void A_score_exactly_at_the_pass_mark_passes_and_one_below_fails()
    {
        var questions = Enumerable.Range(1, 10).Select(i => Question($"q{i}", QuestionType.Single, ("a", true), ("b", false))).ToList();
        var eightRight = questions.Select((q, i) => (q.Id, i < 8 ? new[] { "a" } : ["b"])).ToArray();
        var sevenRight = questions.Select((q, i) => (q.Id, i < 7 ? new[] { "a" } : ["b"])).ToArray();

        var pass = Grade(questions, Answers(eightRight), passMark: 80);
        var fail = Grade(questions, Answers(sevenRight), passMark: 80);

        Assert.Equal((80, true), (pass.ScorePercent, pass.Passed));
        Assert.Equal((70, false), (fail.ScorePercent, fail.Passed));
    }

    [Fact]
    public void A_score_just_under_the_mark_fails_even_when_it_would_round_up()
    {
        // 2 of 3 is 66.67 %: with a pass mark of 67 it must fail.
        var result = Grade([SingleQ, MultipleQ, TrueFalseQ], Answers(("s", ["b"]), ("m", ["a", "b"])), passMark: 67);

        Assert.False(result.Passed);
    }
}

public class AttemptAllowanceTests
{
    [Theory]
    [InlineData(3, 0, 0, false, false, true, QuizGate.CanStart)]
    [InlineData(3, 0, 2, false, false, true, QuizGate.CanStart)]
    [InlineData(3, 0, 3, false, false, true, QuizGate.NoAttemptsLeft)]
    [InlineData(3, 1, 3, false, false, true, QuizGate.CanStart)]
    [InlineData(3, 0, 1, true, false, true, QuizGate.AttemptOpen)]
    [InlineData(3, 0, 1, false, true, true, QuizGate.AlreadyPassed)]
    [InlineData(3, 0, 0, false, false, false, QuizGate.LessonsRemaining)]
    [InlineData(3, 0, 1, false, true, false, QuizGate.AlreadyPassed)] // a lesson added after the pass
    public void The_gate_follows_lessons_passes_open_attempts_and_the_limit(int max, int extra, int used, bool open, bool passed, bool lessonsDone, QuizGate expected)
    {
        Assert.Equal(expected, new AttemptAllowance(max, extra, used, open, passed, lessonsDone).Gate);
    }

    [Fact]
    public void A_grant_from_hr_adds_exactly_one_attempt()
    {
        var allowance = new AttemptAllowance(3, 1, 3, false, false, true);

        Assert.Equal(1, allowance.Remaining);
    }
}
