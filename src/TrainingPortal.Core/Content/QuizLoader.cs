using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Core.Content;

internal static class QuizLoader
{
    public static List<QuizQuestion> Load(string root, string path, IReadOnlyCollection<string> lessonSlugs, List<ContentProblem> problems)
    {
        var file = ContentLoader.Relative(root, path);
        var questions = new List<QuizQuestion>();
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(file, 0, "missing quiz.yml (the course's question pool)"));
            return questions;
        }

        var mapping = ContentLoader.ParseMapping(File.ReadAllText(path), file, 0, problems);
        if (mapping is null)
        {
            return questions;
        }

        var top = new YamlFields(mapping, file, 0, problems);
        var list = top.Sequence("questions", required: true);
        top.ReportUnknownKeys();
        if (list is null)
        {
            return questions;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not YamlMappingNode questionNode)
            {
                problems.Add(new ContentProblem(file, (int)item.Start.Line, "each question must be a mapping with id, lesson, type, prompt, options, explanation and principle"));
                continue;
            }

            var question = ReadQuestion(new YamlFields(questionNode, file, 0, problems), file, lessonSlugs, problems);
            if (question is null)
            {
                continue;
            }

            var line = (int)questionNode.Start.Line;
            if (!ids.TryAdd(question.Id, line))
            {
                problems.Add(new ContentProblem(file, line, $"duplicate question id '{question.Id}' (first used at line {ids[question.Id]})"));
                continue;
            }

            questions.Add(question);
        }

        if (questions.Count == 0 && list.Children.Count == 0)
        {
            problems.Add(new ContentProblem(file, top.LineOf(list), "the question pool is empty"));
        }

        return questions;
    }

    private static QuizQuestion? ReadQuestion(YamlFields fields, string file, IReadOnlyCollection<string> lessonSlugs, List<ContentProblem> problems)
    {
        var before = problems.Count;
        var id = fields.RequiredString("id");
        var lesson = fields.RequiredString("lesson");
        var lessonNode = fields.Node("lesson");
        var principle = fields.RequiredString("principle");
        var principleNode = fields.Node("principle");
        var typeText = fields.RequiredString("type");
        var typeNode = fields.Node("type");
        var prompt = fields.RequiredString("prompt");
        var promptNode = fields.Node("prompt");
        var explanation = fields.RequiredString("explanation");
        var explanationNode = fields.Node("explanation");
        var optionsNode = fields.Sequence("options", required: false);
        var answerNode = fields.Node("answer");
        var answer = fields.OptionalBool("answer");
        fields.ReportUnknownKeys();

        QuestionType? type = typeText switch
        {
            "single" => QuestionType.Single,
            "multiple" => QuestionType.Multiple,
            "truefalse" => QuestionType.TrueFalse,
            null => null,
            _ => null,
        };
        if (typeText is not null && type is null)
        {
            fields.Add(typeNode!, $"question type '{typeText}' is unknown; use single, multiple or truefalse");
        }

        var label = id is null ? "question" : $"question '{id}'";
        if (lesson is not null && lessonSlugs.Count > 0 && !lessonSlugs.Contains(lesson, StringComparer.OrdinalIgnoreCase))
        {
            fields.Add(lessonNode!, $"{label} tests lesson '{lesson}', which is not a lesson of this course ({string.Join(", ", lessonSlugs)})");
        }

        var options = new List<QuizOption>();
        if (type == QuestionType.TrueFalse)
        {
            if (optionsNode is not null)
            {
                fields.Add(optionsNode, $"{label} is truefalse: give 'answer: true' or 'answer: false' instead of options");
            }

            if (answerNode is null)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"{label} is truefalse but has no 'answer' (true or false), so it has no correct option"));
            }
            else if (answer is not null)
            {
                var (trueText, falseText) = ContentVocabulary.TrueFalseAnswers(ContentVocabulary.English);
                options.Add(new QuizOption("true", trueText, answer.Value));
                options.Add(new QuizOption("false", falseText, !answer.Value));
            }
        }
        else if (type is not null)
        {
            if (answerNode is not null)
            {
                fields.Add(answerNode, $"{label}: 'answer' is only for truefalse questions; mark options with 'correct: true'");
            }

            if (optionsNode is null)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"{label} has no options"));
            }
            else
            {
                options = ReadOptions(optionsNode, file, label, problems);
                var correct = options.Count(o => o.IsCorrect);
                var line = fields.LineOf(optionsNode);
                if (options.Count < 2)
                {
                    problems.Add(new ContentProblem(file, line, $"{label} needs at least two options"));
                }

                if (correct == 0)
                {
                    problems.Add(new ContentProblem(file, line, $"{label} has no correct option"));
                }
                else if (type == QuestionType.Single && correct > 1)
                {
                    problems.Add(new ContentProblem(file, line, $"{label} is single but has {correct} correct options; use type multiple or mark one"));
                }
            }
        }

        if (problems.Count > before || id is null || type is null || prompt is null || explanation is null || lesson is null || principle is null)
        {
            return null;
        }

        var promptHtml = MarkdownRenderer.Render(prompt, TextLine(fields, promptNode!), file, null, problems);
        var explanationHtml = MarkdownRenderer.Render(explanation, TextLine(fields, explanationNode!), file, null, problems);
        var principleHtml = MarkdownRenderer.Render(principle, TextLine(fields, principleNode!), file, null, problems);
        return new QuizQuestion(id, type.Value, promptHtml, options, explanationHtml, lesson, principleHtml);
    }

    private static List<QuizOption> ReadOptions(YamlSequenceNode list, string file, string label, List<ContentProblem> problems)
    {
        var options = new List<QuizOption>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not YamlMappingNode optionNode)
            {
                problems.Add(new ContentProblem(file, (int)item.Start.Line, $"{label}: each option must be a mapping with id, text and optionally correct"));
                continue;
            }

            var fields = new YamlFields(optionNode, file, 0, problems);
            var id = fields.RequiredString("id");
            var text = fields.RequiredString("text");
            var textNode = fields.Node("text");
            var correct = fields.OptionalBool("correct") ?? false;
            fields.ReportUnknownKeys();
            if (id is null || text is null)
            {
                continue;
            }

            if (!ids.Add(id))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"{label}: duplicate option id '{id}'"));
                continue;
            }

            var html = MarkdownRenderer.RenderInline(text, TextLine(fields, textNode!), file, problems);
            options.Add(new QuizOption(id, html, correct));
        }

        return options;
    }

    /// <summary>The file line where a scalar's text starts: block scalars (| or >) start on the next line.</summary>
    internal static int TextLine(YamlFields fields, YamlNode node) =>
        fields.LineOf(node) + (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded } ? 1 : 0);
}
