using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Core.Content;

/// <summary>
/// Reads a course's <c>practice.yml</c> ("try it" decisions at the end of lessons) and its translations. A translation
/// carries the scenario, choice texts and feedback; lessons, order and the best choice come from the base file.
/// </summary>
internal static class PracticeLoader
{
    public const string FileName = "practice.yml";

    private const string ListKey = "decisions";

    public static Practice? Load(string root, string path, IReadOnlyCollection<string> lessonSlugs, List<ContentProblem> problems)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = ContentLoader.Relative(root, path);
        var before = problems.Count;
        if (ReadList(root, path, translation: false, problems, out _) is not { } list)
        {
            return null;
        }

        var decisions = new List<PracticeDecision>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            if (node is not YamlMappingNode decisionNode)
            {
                problems.Add(new ContentProblem(file, (int)node.Start.Line, "each decision must be a mapping with id, lesson, scenario and choices"));
                continue;
            }

            var fields = new YamlFields(decisionNode, file, 0, problems);
            var id = fields.RequiredString("id");
            var lesson = fields.RequiredString("lesson");
            var lessonNode = fields.Node("lesson");
            var scenario = fields.RequiredString("scenario");
            var scenarioNode = fields.Node("scenario");
            var choicesNode = fields.Sequence("choices", required: true);
            fields.ReportUnknownKeys();
            if (id is null || lesson is null || scenario is null || choicesNode is null)
            {
                continue;
            }

            var label = $"decision '{id}'";
            if (!ids.TryAdd(id, fields.Line))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"duplicate decision id '{id}' (first used at line {ids[id]})"));
                continue;
            }

            if (!lessonSlugs.Contains(lesson, StringComparer.OrdinalIgnoreCase))
            {
                fields.Add(lessonNode!, $"{label} belongs to lesson '{lesson}', which is not a lesson of this course ({string.Join(", ", lessonSlugs)})");
                continue;
            }

            var choices = ReadChoices(choicesNode, file, label, problems);
            var line = fields.LineOf(choicesNode);
            if (choices.Count is < Practice.MinChoices or > Practice.MaxChoices)
            {
                problems.Add(new ContentProblem(file, line, $"{label} has {choices.Count} choices; give {Practice.MinChoices} to {Practice.MaxChoices}"));
            }

            if (choices.Count(c => c.IsBest) != 1)
            {
                problems.Add(new ContentProblem(file, line, $"{label} must mark exactly one choice 'best: true'"));
            }

            var scenarioHtml = MarkdownRenderer.Render(scenario, QuizLoader.TextLine(fields, scenarioNode!), file, null, problems);
            decisions.Add(new PracticeDecision(id, lesson, scenarioHtml, choices));
        }

        return problems.Count > before ? null : new Practice(decisions);
    }

    private static List<PracticeChoice> ReadChoices(YamlSequenceNode list, string file, string label, List<ContentProblem> problems)
    {
        var choices = new List<PracticeChoice>();
        foreach (var node in list)
        {
            if (node is not YamlMappingNode choiceNode)
            {
                problems.Add(new ContentProblem(file, (int)node.Start.Line, $"{label}: each choice must be a mapping with id, text, feedback and optionally best"));
                continue;
            }

            var fields = new YamlFields(choiceNode, file, 0, problems);
            var id = fields.RequiredString("id");
            var text = fields.RequiredString("text");
            var textNode = fields.Node("text");
            var feedback = fields.RequiredString("feedback");
            var feedbackNode = fields.Node("feedback");
            var best = fields.OptionalBool("best") ?? false;
            fields.ReportUnknownKeys();
            if (id is null || text is null || feedback is null)
            {
                continue;
            }

            if (choices.Any(c => c.Id == id))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"{label}: duplicate choice id '{id}'"));
                continue;
            }

            choices.Add(new PracticeChoice(id,
                MarkdownRenderer.RenderInline(text, QuizLoader.TextLine(fields, textNode!), file, problems),
                MarkdownRenderer.Render(feedback, QuizLoader.TextLine(fields, feedbackNode!), file, null, problems),
                best));
        }

        return choices;
    }

    /// <summary>The practice in <paramref name="language"/>; the base one, marked untranslated, where there is no translation.</summary>
    public static Practice Translate(string root, Practice practice, string basePath, string path, string language, List<ContentProblem> problems, List<ContentProblem> warnings)
    {
        if (!File.Exists(path))
        {
            return practice with { IsTranslated = false };
        }

        var file = ContentLoader.Relative(root, path);
        var before = problems.Count;
        if (ReadList(root, path, translation: true, problems, out var top) is not { } list)
        {
            return practice with { IsTranslated = false };
        }

        ContentTranslations.CheckSource(top!, file, basePath, warnings);
        var translated = new Dictionary<string, PracticeDecision>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            if (node is not YamlMappingNode decisionNode)
            {
                problems.Add(new ContentProblem(file, (int)node.Start.Line, "each decision must be a mapping with id, scenario and choices"));
                continue;
            }

            var fields = new YamlFields(decisionNode, file, 0, problems);
            var id = fields.RequiredString("id");
            var scenario = fields.RequiredString("scenario");
            var scenarioNode = fields.Node("scenario");
            var choicesNode = fields.Sequence("choices", required: true);
            fields.ReportUnknownKeys(ContentTranslations.TextOnly);
            if (id is null || scenario is null || choicesNode is null)
            {
                continue;
            }

            if (practice.Find(id) is not { } baseDecision)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"decision '{id}' is not in {FileName}; a translation has the base file's decisions and no others"));
                continue;
            }

            if (!translated.TryAdd(id, baseDecision))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"decision '{id}' is translated twice"));
                continue;
            }

            translated[id] = baseDecision with
            {
                ScenarioHtml = MarkdownRenderer.Render(scenario, QuizLoader.TextLine(fields, scenarioNode!), file, null, problems, language),
                Choices = TranslateChoices(baseDecision, choicesNode, file, language, problems),
            };
        }

        foreach (var missing in practice.Decisions.Where(d => !translated.ContainsKey(d.Id)))
        {
            problems.Add(new ContentProblem(file, 0, $"decision '{missing.Id}' of {FileName} has no translation here"));
        }

        return problems.Count > before
            ? practice with { IsTranslated = false }
            : new Practice(practice.Decisions.Select(d => translated[d.Id]).ToList());
    }

    private static List<PracticeChoice> TranslateChoices(PracticeDecision baseDecision, YamlSequenceNode list, string file, string language, List<ContentProblem> problems)
    {
        var label = $"decision '{baseDecision.Id}'";
        var texts = new Dictionary<string, (string Text, string Feedback)>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            if (node is not YamlMappingNode choiceNode)
            {
                problems.Add(new ContentProblem(file, (int)node.Start.Line, $"{label}: each choice must be a mapping with id, text and feedback"));
                continue;
            }

            var fields = new YamlFields(choiceNode, file, 0, problems);
            var id = fields.RequiredString("id");
            var text = fields.RequiredString("text");
            var textNode = fields.Node("text");
            var feedback = fields.RequiredString("feedback");
            var feedbackNode = fields.Node("feedback");
            fields.ReportUnknownKeys(ContentTranslations.TextOnly);
            if (id is null || text is null || feedback is null)
            {
                continue;
            }

            if (baseDecision.FindChoice(id) is null)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"{label}: choice '{id}' is not a choice of this decision in {FileName}"));
            }
            else if (!texts.TryAdd(id, (
                         MarkdownRenderer.RenderInline(text, QuizLoader.TextLine(fields, textNode!), file, problems, language),
                         MarkdownRenderer.Render(feedback, QuizLoader.TextLine(fields, feedbackNode!), file, null, problems, language))))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"{label}: choice '{id}' is translated twice"));
            }
        }

        foreach (var missing in baseDecision.Choices.Where(c => !texts.ContainsKey(c.Id)))
        {
            problems.Add(new ContentProblem(file, (int)list.Start.Line, $"{label}: choice '{missing.Id}' has no translation"));
        }

        return baseDecision.Choices.Where(c => texts.ContainsKey(c.Id))
            .Select(c => c with { TextHtml = texts[c.Id].Text, FeedbackHtml = texts[c.Id].Feedback }).ToList();
    }

    private static YamlSequenceNode? ReadList(string root, string path, bool translation, List<ContentProblem> problems, out YamlFields? top)
    {
        top = null;
        var file = ContentLoader.Relative(root, path);
        var mapping = ContentLoader.ParseMapping(File.ReadAllText(path), file, 0, problems);
        if (mapping is null)
        {
            return null;
        }

        top = new YamlFields(mapping, file, 0, problems);
        if (translation)
        {
            top.Node("translated_from");
        }

        var list = top.Sequence(ListKey, required: true);
        top.ReportUnknownKeys(translation ? ContentTranslations.TextOnly : null);
        return list;
    }
}
