using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Core.Content;

/// <summary>
/// Reads the translations that sit beside each base file (<c>01-slug.zh-Hans.md</c>, <c>course.zh-Hant.md</c>,
/// <c>quiz.zh-Hans.yml</c>, <c>glossary.zh-Hant.md</c>). A translation carries text only; everything else comes from the
/// base file. A lesson, course page or quiz without a translation keeps its English text and says so
/// (<see cref="Lesson.IsTranslated"/>), so a course can be translated a file at a time.
/// </summary>
internal sealed partial class ContentTranslations(string root, List<ContentProblem> problems, List<ContentProblem> warnings)
{
    internal const string TextOnly = "a translation carries text only: ids, settings and answers come from the base file";

    [GeneratedRegex(@"^(?<stem>[^.]+)\.(?<language>[^.]+)\.(?<extension>md|yml)$")]
    private static partial Regex TranslationFileName();

    public static bool IsTranslationFileName(string name) => TranslationFileName().IsMatch(name);

    public Course Translate(Course course, string language)
    {
        var folder = course.FolderPath;
        var assets = new AssetResolver(folder, course.Slug);
        var translated = course with { Language = language, IsTranslated = false, QuizIsTranslated = false };

        var courseBase = Path.Combine(folder, "course.md");
        if (Read(Path.Combine(folder, $"course.{language}.md"), courseBase, ["title", "summary", "category"], titleMaxLength: Course.MaxTitleLength) is { } doc)
        {
            translated = translated with
            {
                Title = doc.Fields["title"],
                Summary = doc.Fields["summary"],
                Category = doc.Fields["category"],
                IntroductionHtml = MarkdownRenderer.Render(doc.Body, doc.BodyLine, doc.File, assets, problems, language),
                IsTranslated = true,
            };
        }

        var lessons = course.Lessons.Select(lesson =>
        {
            var basePath = Path.Combine(folder, lesson.FileName);
            var path = Path.Combine(folder, $"{lesson.Number:00}-{lesson.Slug}.{language}.md");
            return Read(path, basePath, ["title"]) is { } lessonDoc
                ? lesson with
                {
                    Title = lessonDoc.Fields["title"],
                    Html = MarkdownRenderer.Render(lessonDoc.Body, lessonDoc.BodyLine, lessonDoc.File, assets, problems, language),
                    WordCount = MarkdownRenderer.CountWords(lessonDoc.Body),
                }
                : lesson with { IsTranslated = false };
        }).ToList();

        var pool = TranslateQuiz(course, Path.Combine(folder, $"quiz.{language}.yml"), language);
        var practiceBase = Path.Combine(folder, PracticeLoader.FileName);
        var cardBase = Path.Combine(folder, ContentLoader.PracticeCardFile);
        return translated with
        {
            Practice = course.Practice is null ? null
                : PracticeLoader.Translate(root, course.Practice, practiceBase, Path.Combine(folder, $"practice.{language}.yml"), language, problems, warnings),
            PracticeCard = course.PracticeCard is null ? null : TranslatePage(course.PracticeCard, cardBase, language),
            Lessons = lessons,
            QuestionPool = pool ?? course.QuestionPool,
            QuizIsTranslated = pool is not null,
            Checklist = TranslateChecklist(course, language),
        };
    }

    private Checklist? TranslateChecklist(Course course, string language)
    {
        if (course.Checklist is not { } checklist)
        {
            return null;
        }

        var items = TextListLoader.Translate(root, Path.Combine(course.FolderPath, $"checklist.{language}.yml"), Path.Combine(course.FolderPath, "checklist.yml"),
            ContentLoader.ChecklistKey, checklist.Behaviours.Select(b => new TextListLoader.Item(b.Id, b.Text)).ToList(), problems, warnings);
        return items is null ? checklist with { IsTranslated = false } : new Checklist(items.Select(i => new ObservedBehaviour(i.Id, i.Text)).ToList());
    }

    /// <summary>The pulse statements in <paramref name="language"/>; the English ones where there is no translation.</summary>
    public IReadOnlyList<PulseStatement> TranslatePulse(IReadOnlyList<PulseStatement> statements, string basePath, string language)
    {
        if (statements.Count == 0)
        {
            return statements;
        }

        var path = Path.Combine(Path.GetDirectoryName(basePath)!, $"{Path.GetFileNameWithoutExtension(basePath)}.{language}.yml");
        var items = TextListLoader.Translate(root, path, basePath, ContentLoader.PulseKey, statements.Select(s => new TextListLoader.Item(s.Id, s.Text)).ToList(), problems, warnings);
        return items is null ? statements : items.Select(i => new PulseStatement(i.Id, i.Text)).ToList();
    }

    public ContentPage TranslatePage(ContentPage page, string basePath, string language)
    {
        var path = Path.Combine(Path.GetDirectoryName(basePath)!, $"{Path.GetFileNameWithoutExtension(basePath)}.{language}.md");
        return Read(path, basePath, ["title"]) is { } doc
            ? new ContentPage(doc.Fields["title"], MarkdownRenderer.Render(doc.Body, doc.BodyLine, doc.File, null, problems, language))
            : page with { IsTranslated = false };
    }

    /// <summary>Translations in a language the portal does not speak, or of a file that does not exist.</summary>
    public void ReportStrayFiles(string folder, Course? course)
    {
        foreach (var path in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var match = TranslationFileName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var file = ContentLoader.Relative(root, path);
            var language = match.Groups["language"].Value;
            var baseName = $"{match.Groups["stem"].Value}.{match.Groups["extension"].Value}";
            if (!ContentVocabulary.TranslationLanguages.Contains(language))
            {
                problems.Add(new ContentProblem(file, 0,
                    $"'{language}' is not a language of the portal; name translations {string.Join(" or ", ContentVocabulary.TranslationLanguages.Select(l => $"<name>.{l}.{match.Groups["extension"].Value}"))}"));
            }
            else if (!File.Exists(Path.Combine(folder, baseName)))
            {
                problems.Add(new ContentProblem(file, 0, $"translates {baseName}, which does not exist here; a translation must sit beside its base file"));
            }
            else if (course is not null && baseName.EndsWith(".md", StringComparison.Ordinal) && baseName is not ("course.md" or ContentLoader.PracticeCardFile)
                     && course.Lessons.All(l => l.FileName != baseName))
            {
                problems.Add(new ContentProblem(file, 0, $"translates {baseName}, which is not a lesson of the course"));
            }
        }
    }

    private sealed record TranslatedDocument(string File, Dictionary<string, string> Fields, string Body, int BodyLine);

    /// <summary>A translated Markdown file's text fields and body, or null when there is none or it has problems.</summary>
    private TranslatedDocument? Read(string path, string basePath, IReadOnlyList<string> textKeys, int titleMaxLength = int.MaxValue)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var before = problems.Count;
        var doc = ContentLoader.ReadFrontMatterDocument(root, path, problems);
        if (doc is null)
        {
            return null;
        }

        var fields = textKeys.ToDictionary(key => key, key => (key == "title" ? doc.Fields.RequiredString(key, titleMaxLength) : doc.Fields.RequiredString(key)) ?? "");
        CheckSource(doc.Fields, doc.File, basePath);
        doc.Fields.ReportUnknownKeys(TextOnly);
        return problems.Count > before ? null : new TranslatedDocument(doc.File, fields, doc.Body, doc.BodyLine);
    }

    private void CheckSource(YamlFields fields, string file, string basePath) => CheckSource(fields, file, basePath, warnings);

    internal static void CheckSource(YamlFields fields, string file, string basePath, List<ContentProblem> warnings)
    {
        var recorded = fields.RequiredString("translated_from");
        var current = ContentLoader.SourceHash(basePath);
        if (recorded is not null && !string.Equals(recorded, current, StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add(new ContentProblem(file, fields.LineOf(fields.Node("translated_from")!),
                $"stale translation: {Path.GetFileName(basePath)} has changed since this was translated from it (translated_from {recorded}, now {current}); review the text and set translated_from: \"{current}\""));
        }
    }

    private List<QuizQuestion>? TranslateQuiz(Course course, string path, string language)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var file = ContentLoader.Relative(root, path);
        var before = problems.Count;
        var mapping = ContentLoader.ParseMapping(File.ReadAllText(path), file, 0, problems);
        if (mapping is null)
        {
            return null;
        }

        var top = new YamlFields(mapping, file, 0, problems);
        CheckSource(top, file, Path.Combine(course.FolderPath, "quiz.yml"));
        var list = top.Sequence("questions", required: true);
        top.ReportUnknownKeys(TextOnly);
        if (list is null)
        {
            return null;
        }

        var translatedById = new Dictionary<string, QuizQuestion>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not YamlMappingNode node)
            {
                problems.Add(new ContentProblem(file, (int)item.Start.Line, "each question must be a mapping with id, prompt, options (for single and multiple), explanation and principle"));
                continue;
            }

            var fields = new YamlFields(node, file, 0, problems);
            var id = fields.RequiredString("id");
            if (id is null)
            {
                continue;
            }

            if (course.FindQuestion(id) is not { } baseQuestion)
            {
                problems.Add(new ContentProblem(file, fields.Line, $"question '{id}' is not in quiz.yml; a translation has the base file's questions and no others"));
                continue;
            }

            if (translatedById.ContainsKey(id))
            {
                problems.Add(new ContentProblem(file, fields.Line, $"question '{id}' is translated twice"));
                continue;
            }

            if (TranslateQuestion(baseQuestion, fields, file, language) is { } question)
            {
                translatedById[id] = question;
            }
        }

        foreach (var missing in course.QuestionPool.Where(q => !translatedById.ContainsKey(q.Id)))
        {
            problems.Add(new ContentProblem(file, 0, $"question '{missing.Id}' of quiz.yml has no translation here"));
        }

        return problems.Count > before ? null : course.QuestionPool.Select(q => translatedById[q.Id]).ToList();
    }

    private QuizQuestion? TranslateQuestion(QuizQuestion baseQuestion, YamlFields fields, string file, string language)
    {
        var label = $"question '{baseQuestion.Id}'";
        var prompt = fields.RequiredString("prompt");
        var promptNode = fields.Node("prompt");
        var explanation = fields.RequiredString("explanation");
        var explanationNode = fields.Node("explanation");
        var principle = fields.RequiredString("principle");
        var principleNode = fields.Node("principle");
        var optionsNode = fields.Sequence("options", required: baseQuestion.Type != QuestionType.TrueFalse);
        fields.ReportUnknownKeys(TextOnly);

        var options = new List<QuizOption>();
        if (baseQuestion.Type == QuestionType.TrueFalse)
        {
            if (optionsNode is not null)
            {
                fields.Add(optionsNode, $"{label} is true or false in quiz.yml: it has no options to translate");
            }

            var (trueText, falseText) = ContentVocabulary.TrueFalseAnswers(language);
            options = baseQuestion.Options.Select(o => o with { TextHtml = o.Id == "true" ? trueText : falseText }).ToList();
        }
        else if (optionsNode is not null)
        {
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in optionsNode)
            {
                if (item is not YamlMappingNode optionNode)
                {
                    problems.Add(new ContentProblem(file, (int)item.Start.Line, $"{label}: each option must be a mapping with id and text"));
                    continue;
                }

                var optionFields = new YamlFields(optionNode, file, 0, problems);
                var id = optionFields.RequiredString("id");
                var text = optionFields.RequiredString("text");
                var textNode = optionFields.Node("text");
                optionFields.ReportUnknownKeys(TextOnly);
                if (id is null || text is null)
                {
                    continue;
                }

                if (baseQuestion.FindOption(id) is null)
                {
                    problems.Add(new ContentProblem(file, optionFields.Line, $"{label}: option '{id}' is not an option of this question in quiz.yml"));
                }
                else if (!texts.TryAdd(id, MarkdownRenderer.RenderInline(text, QuizLoader.TextLine(optionFields, textNode!), file, problems, language)))
                {
                    problems.Add(new ContentProblem(file, optionFields.Line, $"{label}: option '{id}' is translated twice"));
                }
            }

            foreach (var missing in baseQuestion.Options.Where(o => !texts.ContainsKey(o.Id)))
            {
                problems.Add(new ContentProblem(file, fields.LineOf(optionsNode), $"{label}: option '{missing.Id}' has no translation"));
            }

            options = baseQuestion.Options.Where(o => texts.ContainsKey(o.Id)).Select(o => o with { TextHtml = texts[o.Id] }).ToList();
        }

        if (prompt is null || explanation is null || principle is null)
        {
            return null;
        }

        return baseQuestion with
        {
            PromptHtml = MarkdownRenderer.Render(prompt, QuizLoader.TextLine(fields, promptNode!), file, null, problems, language),
            Options = options,
            ExplanationHtml = MarkdownRenderer.Render(explanation, QuizLoader.TextLine(fields, explanationNode!), file, null, problems, language),
            PrincipleHtml = MarkdownRenderer.Render(principle, QuizLoader.TextLine(fields, principleNode!), file, null, problems, language),
        };
    }
}
