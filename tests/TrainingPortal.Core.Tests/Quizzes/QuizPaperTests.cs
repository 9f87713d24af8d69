using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Core.Tests.Quizzes;

public class QuizPaperTests
{
    private static readonly Course Course = BuildCourse();

    private static Course BuildCourse()
    {
        var pool = Enumerable.Range(1, 12).Select(i => new QuizQuestion(
            $"q{i}", i % 3 == 0 ? QuestionType.Multiple : QuestionType.Single, "<p>?</p>",
            [new QuizOption("a", "A", true), new QuizOption("b", "B", i % 3 == 0), new QuizOption("c", "C", false)], "<p>!</p>")).ToList();
        pool.Add(new QuizQuestion("tf", QuestionType.TrueFalse, "<p>?</p>", [new QuizOption("true", "True", true), new QuizOption("false", "False", false)], "<p>!</p>"));
        return new Course("c", "C", "S", "Cat", 1, 10, 80, 3, 10, 0, "", [], pool, "v1", "/tmp");
    }

    [Fact]
    public void A_draw_takes_the_configured_number_of_distinct_questions()
    {
        var paper = QuizPaper.Draw(Course, new Random(1));

        Assert.Equal(10, paper.Questions.Count);
        Assert.Equal(10, paper.Questions.Select(q => q.QuestionId).Distinct().Count());
        Assert.All(paper.Questions, q => Assert.Equal(Course.FindQuestion(q.QuestionId)!.Options.Select(o => o.Id).Order(), q.OptionOrder.Order()));
    }

    [Fact]
    public void Different_attempts_draw_different_papers()
    {
        var papers = Enumerable.Range(0, 5).Select(i => string.Join(",", QuizPaper.Draw(Course, new Random(i)).Questions.Select(q => q.QuestionId))).ToList();

        Assert.True(papers.Distinct().Count() > 1);
    }

    [Fact]
    public void A_paper_survives_a_round_trip_through_storage()
    {
        var paper = QuizPaper.Draw(Course, new Random(7));

        var restored = QuizPaper.FromJson(paper.ToJson());

        Assert.Equal(paper.Questions.Select(q => q.QuestionId + ":" + string.Join("", q.OptionOrder)),
            restored.Questions.Select(q => q.QuestionId + ":" + string.Join("", q.OptionOrder)));
    }

    [Fact]
    public void Answers_to_a_question_not_on_the_paper_are_rejected()
    {
        var paper = new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"])]);

        var result = paper.ReadAnswers(Course, [new("q2", "a")]);

        Assert.Contains("'q2', which is not part of this attempt", result.Error);
    }

    [Fact]
    public void An_option_that_is_not_one_of_the_question_options_is_rejected()
    {
        var paper = new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"])]);

        var result = paper.ReadAnswers(Course, [new("q1", "z")]);

        Assert.Contains("option 'z'", result.Error);
    }

    [Fact]
    public void A_single_choice_question_answered_twice_is_rejected()
    {
        var paper = new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"])]);

        var result = paper.ReadAnswers(Course, [new("q1", "a"), new("q1", "b")]);

        Assert.Contains("answered more than once", result.Error);
    }

    [Fact]
    public void A_multiple_choice_question_accepts_several_options_and_unanswered_ones_are_listed()
    {
        var paper = new QuizPaper([new DrawnQuestion("q3", ["a", "b", "c"]), new DrawnQuestion("q1", ["a", "b", "c"])]);

        var result = paper.ReadAnswers(Course, [new("q3", "a"), new("q3", "b")]);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Answers["q3"].Count);
        Assert.Equal([2], result.UnansweredNumbers);
    }

    [Fact]
    public void A_paper_no_longer_fits_once_a_drawn_question_or_option_leaves_the_pool()
    {
        Assert.True(new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"])]).FitsPool(Course));
        Assert.False(new QuizPaper([new DrawnQuestion("retired", ["a"])]).FitsPool(Course));
        Assert.False(new QuizPaper([new DrawnQuestion("q1", ["a", "b", "gone"])]).FitsPool(Course));
    }
}
