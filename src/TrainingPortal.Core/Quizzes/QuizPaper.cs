using System.Text.Json;
using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Quizzes;

/// <summary>One question as drawn for an attempt, with its options in the order the learner sees them.</summary>
/// <param name="Key">The options that were right when it was drawn, so an attempt is never graded against a key changed
/// since (null on papers drawn before it was kept).</param>
public sealed record DrawnQuestion(string QuestionId, IReadOnlyList<string> OptionOrder, IReadOnlyList<string>? Key = null);

/// <summary>The questions of one attempt. Stored with the attempt so a reload shows the same paper.</summary>
public sealed record QuizPaper(IReadOnlyList<DrawnQuestion> Questions)
{
    /// <summary>
    /// Draws questions the learner has not seen before first, so a retake is not the same paper again, and spreads
    /// each draw across the lessons the questions test.
    /// </summary>
    /// <param name="seen">Ids of questions on the learner's earlier papers of this course.</param>
    public static QuizPaper Draw(Course course, Random random, IReadOnlySet<string>? seen = null)
    {
        seen ??= new HashSet<string>();
        var chosen = SpreadAcrossLessons(course.QuestionPool.Where(q => !seen.Contains(q.Id)), random)
            .Concat(SpreadAcrossLessons(course.QuestionPool.Where(q => seen.Contains(q.Id)), random))
            .Take(course.QuestionsPerAttempt)
            .ToArray();
        random.Shuffle(chosen);
        var questions = chosen.Select(q =>
        {
            var options = q.Options.Select(o => o.Id).ToArray();
            if (q.Type != QuestionType.TrueFalse)
            {
                random.Shuffle(options); // True before False reads naturally, so those keep their order
            }

            return new DrawnQuestion(q.Id, options, q.CorrectOptionIds.Order(StringComparer.Ordinal).ToList());
        }).ToList();
        return new QuizPaper(questions);
    }

    /// <summary>One question of each lesson in turn, lessons and questions in random order.</summary>
    private static IEnumerable<QuizQuestion> SpreadAcrossLessons(IEnumerable<QuizQuestion> questions, Random random)
    {
        var byLesson = questions.GroupBy(q => q.LessonSlug, StringComparer.OrdinalIgnoreCase).Select(g =>
        {
            var shuffled = g.ToArray();
            random.Shuffle(shuffled);
            return shuffled;
        }).ToArray();
        random.Shuffle(byLesson);
        for (var round = 0; byLesson.Any(g => round < g.Length); round++)
        {
            foreach (var lesson in byLesson.Where(g => round < g.Length))
            {
                yield return lesson[round];
            }
        }
    }

    /// <summary>
    /// How the quiz form names a question and an option: by its place on this paper, 1 for the first shown. Never by
    /// id: an option's id is the author's letter and would tell how the author ordered the options (the right ones
    /// first, often), and a question's id is the author's slug, which can name the answer ("kyc-cannot-be-waived").
    /// </summary>
    public static string PlaceOf(int shownIndex) => (shownIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The questions and options the form's places (question place → option place) stand for; a place that names none
    /// is kept as sent, so reading the answers refuses the sheet.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> OptionsAtPlaces(IEnumerable<KeyValuePair<string, string>> places)
    {
        foreach (var (questionPlace, optionPlace) in places)
        {
            if (Place(questionPlace, Questions.Count) is not { } question)
            {
                yield return new("place " + questionPlace, optionPlace);
                continue;
            }

            var drawn = Questions[question];
            yield return Place(optionPlace, drawn.OptionOrder.Count) is { } option
                ? new(drawn.QuestionId, drawn.OptionOrder[option])
                : new(drawn.QuestionId, "place " + optionPlace);
        }
    }

    /// <summary>The index a place sent by the form stands for among <paramref name="count"/>, or null when it names none.</summary>
    private static int? Place(string sent, int count) =>
        int.TryParse(sent, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= count
            ? number - 1
            : null;

    public string ToJson() => JsonSerializer.Serialize(Questions);

    /// <summary>
    /// Whether every drawn question still exists in the course with the options it was drawn with, no more and no fewer,
    /// and the same of them right: edited content can retire a question or an option, an option added since (a new right
    /// answer, say) would be marked without the learner ever having seen it, and a key corrected since would mark the
    /// answers the learner gave to the paper they saw as wrong.
    /// </summary>
    public bool FitsPool(Course course) =>
        Questions.All(drawn => course.FindQuestion(drawn.QuestionId) is { } question
            && drawn.OptionOrder.Count == question.Options.Count && drawn.OptionOrder.All(id => question.FindOption(id) is not null)
            && (drawn.Key is null || question.CorrectOptionIds.SetEquals(drawn.Key)));

    public static QuizPaper FromJson(string json) =>
        new(JsonSerializer.Deserialize<List<DrawnQuestion>>(json) ?? []);

    /// <summary>
    /// Checks what the browser sent against this paper. Anything that could not have come from the form
    /// (a question or option not on the paper, one question answered twice) is rejected as a whole.
    /// </summary>
    public AnswerSheetResult ReadAnswers(Course course, IEnumerable<KeyValuePair<string, string>> submitted)
    {
        var byQuestion = Questions.ToDictionary(q => q.QuestionId, StringComparer.Ordinal);
        var answers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (questionId, optionId) in submitted)
        {
            if (!byQuestion.TryGetValue(questionId, out var drawn))
            {
                return AnswerSheetResult.Invalid($"The answer names question '{questionId}', which is not part of this attempt.");
            }

            if (!drawn.OptionOrder.Contains(optionId, StringComparer.Ordinal))
            {
                return AnswerSheetResult.Invalid($"The answer to question '{questionId}' names option '{optionId}', which is not one of its options.");
            }

            var chosen = answers.TryGetValue(questionId, out var set) ? set : answers[questionId] = new HashSet<string>(StringComparer.Ordinal);
            var question = course.FindQuestion(questionId);
            if (!chosen.Add(optionId) || (question?.Type != QuestionType.Multiple && chosen.Count > 1))
            {
                return AnswerSheetResult.Invalid($"Question '{questionId}' was answered more than once.");
            }
        }

        var unanswered = Questions.Select((q, i) => (q, Number: i + 1)).Where(x => !answers.ContainsKey(x.q.QuestionId)).Select(x => x.Number).ToList();
        return new AnswerSheetResult(answers.ToDictionary(a => a.Key, a => (IReadOnlySet<string>)a.Value), unanswered, null);
    }
}

public sealed record AnswerSheetResult(
    IReadOnlyDictionary<string, IReadOnlySet<string>> Answers,
    IReadOnlyList<int> UnansweredNumbers,
    string? Error)
{
    public static AnswerSheetResult Invalid(string error) => new(new Dictionary<string, IReadOnlySet<string>>(), [], error);

    public static string ToJson(IReadOnlyDictionary<string, IReadOnlySet<string>> answers) =>
        JsonSerializer.Serialize(answers.ToDictionary(a => a.Key, a => a.Value.Order(StringComparer.Ordinal).ToArray()));

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> FromJson(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [])
            .ToDictionary(a => a.Key, a => (IReadOnlySet<string>)a.Value.ToHashSet(StringComparer.Ordinal));
}
