using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Quizzes;

public sealed record GradedQuestion(QuizQuestion Question, IReadOnlyList<string> OptionOrder, IReadOnlySet<string> Chosen, bool IsRight);

public sealed record QuizResult(int CorrectCount, int QuestionCount, int ScorePercent, bool Passed, IReadOnlyList<GradedQuestion> Questions);

public static class QuizGrader
{
    /// <summary>
    /// Grades a paper. A question is right only when exactly the correct set of options was chosen, so a
    /// partly right multiple-choice answer scores nothing. The score is rounded down to a whole percent so the
    /// number shown never flatters: pass when the exact score reaches the pass mark.
    /// </summary>
    public static QuizResult Grade(Course course, QuizPaper paper, IReadOnlyDictionary<string, IReadOnlySet<string>> answers) =>
        Grade(paper.Questions.Select(d => (course.FindQuestion(d.QuestionId)
                  ?? throw new InvalidOperationException($"Question '{d.QuestionId}' is no longer in the pool of '{course.Slug}'."), d.OptionOrder)).ToList(),
              answers, course.PassMark);

    public static QuizResult Grade(
        IReadOnlyList<(QuizQuestion Question, IReadOnlyList<string> OptionOrder)> questions,
        IReadOnlyDictionary<string, IReadOnlySet<string>> answers,
        int passMark)
    {
        var graded = questions.Select(q =>
        {
            var chosen = answers.GetValueOrDefault(q.Question.Id) ?? new HashSet<string>();
            return new GradedQuestion(q.Question, q.OptionOrder, chosen, chosen.SetEquals(q.Question.CorrectOptionIds));
        }).ToList();

        var correct = graded.Count(g => g.IsRight);
        var total = graded.Count;
        var score = total == 0 ? 0 : correct * 100 / total;
        var passed = total > 0 && correct * 100 >= passMark * total;
        return new QuizResult(correct, total, score, passed, graded);
    }
}
