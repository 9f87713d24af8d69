using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Core.Tests.Quizzes;

public class QuizPaperTests
{
    private static readonly Course Course = BuildCourse();

    private static Course BuildCourse()
    {
        var pool = Enumerable.Range(1, 23).Select(i => new QuizQuestion(
            $"q{i}", i % 3 == 0 ? QuestionType.Multiple : QuestionType.Single, "<p>?</p>",
            [new QuizOption("a", "A", true), new QuizOption("b", "B", i % 3 == 0), new QuizOption("c", "C", false)], "<p>!</p>", $"lesson-{i % 4}", "<p>idea</p>")).ToList();
        pool.Add(new QuizQuestion("tf", QuestionType.TrueFalse, "<p>?</p>", [new QuizOption("true", "True", true), new QuizOption("false", "False", false)], "<p>!</p>", "lesson-0", "<p>idea</p>"));
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
    public void A_retake_draws_questions_not_seen_before_while_the_pool_has_enough()
    {
        var first = QuizPaper.Draw(Course, new Random(3));
        var seen = first.Questions.Select(q => q.QuestionId).ToHashSet();

        var second = QuizPaper.Draw(Course, new Random(4), seen);
        seen.UnionWith(second.Questions.Select(q => q.QuestionId));
        var third = QuizPaper.Draw(Course, new Random(5), seen);

        Assert.Empty(second.Questions.Select(q => q.QuestionId).Intersect(first.Questions.Select(q => q.QuestionId)));
        Assert.Equal(24 - 20, third.Questions.Count(q => !first.Questions.Concat(second.Questions).Any(s => s.QuestionId == q.QuestionId)));
        Assert.Equal(10, third.Questions.Select(q => q.QuestionId).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_draw_spreads_across_the_lessons_the_questions_test(int seed)
    {
        var paper = QuizPaper.Draw(Course, new Random(seed));

        var perLesson = paper.Questions.GroupBy(q => Course.FindQuestion(q.QuestionId)!.LessonSlug).Select(g => g.Count()).ToList();
        Assert.Equal(4, perLesson.Count);
        Assert.All(perLesson, count => Assert.InRange(count, 2, 3));
    }

    [Fact]
    public void The_form_s_places_stand_for_the_questions_and_options_in_the_order_shown_and_any_other_value_is_refused_when_read()
    {
        var paper = QuizPaper.Draw(Course, new Random(3));
        var at = paper.Questions.Select((q, i) => (q, i)).First(x => Course.FindQuestion(x.q.QuestionId)!.Type == QuestionType.Single);
        var question = QuizPaper.PlaceOf(at.i);

        var read = paper.OptionsAtPlaces([new(question, "1"), new(question, "3")]).ToList();

        Assert.All(read, a => Assert.Equal(at.q.QuestionId, a.Key));
        Assert.Equal([at.q.OptionOrder[0], at.q.OptionOrder[2]], read.Select(a => a.Value));
        foreach (var place in new[] { "0", "4", "a", "-1", " 1", "1.0" })
        {
            Assert.NotNull(paper.ReadAnswers(Course, paper.OptionsAtPlaces([new(question, place)]).ToList()).Error);
        }

        foreach (var place in new[] { "0", QuizPaper.PlaceOf(paper.Questions.Count), "b", at.q.QuestionId })
        {
            Assert.NotNull(paper.ReadAnswers(Course, paper.OptionsAtPlaces([new(place, "1")]).ToList()).Error);
        }
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
    public void A_paper_no_longer_fits_once_a_drawn_question_or_option_leaves_the_pool_an_option_joins_it_or_its_key_changes()
    {
        Assert.True(new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"])]).FitsPool(Course));
        Assert.False(new QuizPaper([new DrawnQuestion("retired", ["a"])]).FitsPool(Course));
        Assert.False(new QuizPaper([new DrawnQuestion("q1", ["a", "b", "gone"])]).FitsPool(Course));
        Assert.False(new QuizPaper([new DrawnQuestion("q1", ["a", "b"])]).FitsPool(Course)); // "c" joined the question since it was drawn
        Assert.True(new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"], ["a"])]).FitsPool(Course));
        Assert.False(new QuizPaper([new DrawnQuestion("q1", ["a", "b", "c"], ["b"])]).FitsPool(Course)); // the key was corrected since
    }
}
