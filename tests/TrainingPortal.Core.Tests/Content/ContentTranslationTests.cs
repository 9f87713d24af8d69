using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Tests.Content;

public class ContentTranslationTests : IDisposable
{
    private readonly CourseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Hash(string baseFile) => ContentLoader.SourceHash(Path.Combine(_folder.CourseDir, baseFile));

    private CourseFolder TranslateLesson(string language = "zh-Hans", string? hash = null, string extraKey = "") =>
        _folder.Write($"01-first-steps.{language}.md",
            $"---\ntitle: 第一步\ntranslated_from: \"{hash ?? Hash("01-first-steps.md")}\"\n{extraKey}---\n要读的内容。\n\n::: takeaways\n- 一个要点\n:::\n");

    private string QuizTranslation(string? hash = null, string? skip = null, string extraOption = "") =>
        $"translated_from: \"{hash ?? Hash("quiz.yml")}\"\nquestions:\n" +
        (skip == "q-single" ? "" : "  - id: q-single\n    prompt: 哪个对？\n    options:\n      - { id: a, text: 错 }\n      - { id: b, text: 对 }\n" + extraOption + "    explanation: B 对。\n    principle: 想一想。\n") +
        "  - id: q-multiple\n    prompt: 哪两个？\n    options:\n      - { id: a, text: 一 }\n      - { id: b, text: 二 }\n      - { id: c, text: 三 }\n    explanation: 一和二。\n    principle: 数一数。\n" +
        "  - id: q-truefalse\n    prompt: 天是蓝的。\n    explanation: 是的。\n    principle: 抬头看。\n";

    [Fact]
    public void A_translated_course_title_longer_than_a_certificate_keeps_is_refused()
    {
        _folder.Write("course.zh-Hant.md", $"---\ntitle: {new string('課', Course.MaxTitleLength + 1)}\nsummary: 摘要\ncategory: 類別\ntranslated_from: \"{Hash("course.md")}\"\n---\n簡介。\n");

        var problem = Assert.Single(_folder.Load().Problems);

        Assert.Equal(("courses/sample-course/course.zh-Hant.md", 2), (problem.File, problem.Line));
        Assert.Contains("may be at most", problem.Message);
    }

    [Fact]
    public void A_translated_lesson_replaces_the_text_and_keeps_slug_order_and_settings()
    {
        TranslateLesson();

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var english = result.Library.Base.Find(CourseFolder.Slug)!;
        var chinese = result.Library.For("zh-Hans").Find(CourseFolder.Slug)!;
        Assert.Equal("第一步", chinese.Lessons[0].Title);
        Assert.True(chinese.Lessons[0].IsTranslated);
        Assert.Contains("要读的内容", chinese.Lessons[0].Html);
        Assert.Contains("要点回顾", chinese.Lessons[0].Html); // the call-out label is in the lesson's language
        Assert.Equal(english.Lessons.Select(l => (l.Number, l.Slug, l.EstimatedMinutes)), chinese.Lessons.Select(l => (l.Number, l.Slug, l.EstimatedMinutes)));
        Assert.Equal((english.PassMark, english.ContentVersion), (chinese.PassMark, chinese.ContentVersion));
    }

    [Fact]
    public void An_untranslated_lesson_falls_back_to_english_and_says_so()
    {
        TranslateLesson();

        var chinese = _folder.Load().Library.For("zh-Hant").Find(CourseFolder.Slug)!;

        Assert.All(chinese.Lessons, lesson => Assert.False(lesson.IsTranslated)); // zh-Hans exists, zh-Hant does not
        Assert.Equal("First steps", chinese.Lessons[0].Title);
        Assert.False(chinese.IsFullyTranslated);
        Assert.Equal("zh-Hant", chinese.Language);
    }

    [Fact]
    public void A_translation_with_a_setting_is_refused_at_the_line_of_the_setting()
    {
        TranslateLesson(extraKey: "estimated_minutes: 9\n");

        var problem = Assert.Single(_folder.Load().Problems);

        Assert.Equal($"courses/{CourseFolder.Slug}/01-first-steps.zh-Hans.md", problem.File);
        Assert.Equal(4, problem.Line);
        Assert.Contains("'estimated_minutes'", problem.Message);
        Assert.Contains("text only", problem.Message);
    }

    [Fact]
    public void A_translation_whose_base_changed_since_is_a_warning_not_a_refusal()
    {
        TranslateLesson();
        _folder.Replace("01-first-steps.md", "Some text to read.", "Some changed text to read.");

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("stale translation", warning.Message);
        Assert.Contains(Hash("01-first-steps.md"), warning.Message); // tells the translator the value to record
        Assert.True(result.Library.For("zh-Hans").Find(CourseFolder.Slug)!.Lessons[0].IsTranslated);
    }

    [Fact]
    public void A_translation_without_translated_from_is_refused()
    {
        _folder.Write("01-first-steps.zh-Hans.md", "---\ntitle: 第一步\n---\n内容\n");

        Assert.Contains(_folder.Load().Problems, p => p.Message.Contains("'translated_from'"));
    }

    [Theory]
    [InlineData("01-first-steps.zh.md", "'zh' is not a language of the portal")]
    [InlineData("01-first-steps.fr.md", "'fr' is not a language of the portal")]
    [InlineData("03-missing.zh-Hans.md", "03-missing.md, which does not exist")]
    public void A_translation_in_another_language_or_of_no_file_is_refused(string name, string expected)
    {
        _folder.Write(name, $"---\ntitle: x\ntranslated_from: \"{Hash("01-first-steps.md")}\"\n---\nx\n");

        var problem = Assert.Single(_folder.Load().Problems);

        Assert.Contains(expected, problem.Message);
    }

    [Fact]
    public void A_translated_quiz_keeps_the_base_answers_and_translates_true_and_false()
    {
        _folder.Write("quiz.zh-Hant.yml", QuizTranslation());

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var english = result.Library.Base.Find(CourseFolder.Slug)!;
        var chinese = result.Library.For("zh-Hant").Find(CourseFolder.Slug)!;
        Assert.True(chinese.QuizIsTranslated);
        Assert.Equal(english.QuestionPool.Select(q => (q.Id, q.Type, string.Join(",", q.CorrectOptionIds))),
            chinese.QuestionPool.Select(q => (q.Id, q.Type, string.Join(",", q.CorrectOptionIds))));
        Assert.Equal(["正確", "錯誤"], chinese.FindQuestion("q-truefalse")!.Options.Select(o => o.TextHtml));
        Assert.Equal("对", chinese.FindQuestion("q-single")!.FindOption("b")!.TextHtml);
    }

    [Fact]
    public void A_quiz_translation_missing_a_question_or_with_a_correct_flag_is_refused()
    {
        _folder.Write("quiz.zh-Hans.yml", QuizTranslation(skip: "q-single"));
        Assert.Contains(_folder.Load().Problems, p => p.Message.Contains("question 'q-single' of quiz.yml has no translation"));

        _folder.Write("quiz.zh-Hans.yml", QuizTranslation(extraOption: "      - { id: z, text: 多余 }\n"));
        Assert.Contains(_folder.Load().Problems, p => p.Message.Contains("option 'z' is not an option of this question"));

        _folder.Write("quiz.zh-Hans.yml", QuizTranslation().Replace("{ id: b, text: 对 }", "{ id: b, text: 对, correct: true }"));
        var problem = Assert.Single(_folder.Load().Problems);
        Assert.Contains("'correct'", problem.Message);
    }

    [Fact]
    public void Chinese_text_is_counted_in_characters()
    {
        Assert.Equal(6, MarkdownRenderer.CountWords("客户至上 cards"[..4] + "很好"));
        Assert.Equal(5, MarkdownRenderer.CountWords("Tellers listen before 行动"));
    }
}
