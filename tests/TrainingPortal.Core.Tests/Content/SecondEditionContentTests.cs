using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Core.Tests.Content;

/// <summary>What the second edition added to a course: practice, a huddle card, law call-outs, the review policy and sign-off, and the standards.</summary>
public sealed class SecondEditionContentTests : IDisposable
{
    private readonly CourseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string PracticeYml = """
        decisions:
          - id: quiet-customer
            lesson: first-steps
            scenario: A customer stands at the counter saying nothing. What do you do?
            choices:
              - id: a
                text: Greet them and ask how you can help.
                feedback: It opens the conversation.
                best: true
              - id: b
                text: Wait for them to speak.
                feedback: They may be unsure where to start.
              - id: c
                text: Call the next customer.
                feedback: They have not been served.
        """;

    [Fact]
    public void Practice_decisions_load_with_their_lesson_and_best_choice()
    {
        _folder.Write("practice.yml", PracticeYml);

        var course = LoadCourse();

        var decision = Assert.Single(course.DecisionsFor(course.FindLesson("first-steps")!));
        Assert.Equal("quiet-customer", decision.Id);
        Assert.Equal(["a"], decision.Choices.Where(c => c.IsBest).Select(c => c.Id));
        Assert.Contains("It opens the conversation.", decision.Choices[0].FeedbackHtml);
        Assert.Empty(course.DecisionsFor(course.FindLesson("next-steps")!));
    }

    [Theory]
    [InlineData("lesson: first-steps", "lesson: no-such-lesson", "decision 'quiet-customer' belongs to lesson 'no-such-lesson', which is not a lesson of this course")]
    [InlineData("        best: true\n", "", "decision 'quiet-customer' must mark exactly one choice 'best: true'")]
    [InlineData("        best: true", "        best: true\n        bonus: 1", "unknown key 'bonus'")]
    public void A_faulty_practice_file_is_refused_with_its_file_and_reason(string oldText, string newText, string expected)
    {
        _folder.Write("practice.yml", PracticeYml.Replace("\r\n", "\n").Replace(oldText, newText));

        var result = _folder.Load();

        Assert.Contains(result.Problems, p => p.File == $"courses/{CourseFolder.Slug}/practice.yml" && p.Message.Contains(expected));
    }

    [Fact]
    public void A_practice_translation_carries_text_only_and_keeps_the_base_best_choice()
    {
        _folder.Write("practice.yml", PracticeYml);
        var hash = ContentLoader.SourceHash(Path.Combine(_folder.CourseDir, "practice.yml"));
        _folder.Write("practice.zh-Hans.yml", $"""
            translated_from: "{hash}"
            decisions:
              - id: quiet-customer
                scenario: 一位客户站在柜台前不说话。您会怎么做？
                choices:
                  - {"{"} id: a, text: 先打招呼, feedback: 打开话题。 {"}"}
                  - {"{"} id: b, text: 等他开口, feedback: 他可能不知从何说起。 {"}"}
                  - {"{"} id: c, text: 叫下一位, feedback: 他还没有得到服务。 {"}"}
            """);

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var practice = result.Library.For("zh-Hans").Find(CourseFolder.Slug)!.Practice!;
        Assert.True(practice.IsTranslated);
        Assert.Contains("打开话题", practice.Decisions[0].Choices[0].FeedbackHtml);
        Assert.True(practice.Decisions[0].Choices[0].IsBest);
        Assert.False(result.Library.For("zh-Hant").Find(CourseFolder.Slug)!.Practice!.IsTranslated);
    }

    [Fact]
    public void The_practice_card_is_a_page_of_the_course_and_not_a_lesson()
    {
        _folder.Write("practice-card.md", "---\ntitle: Huddle card\n---\n## Read aloud\nA scenario.\n");

        var course = LoadCourse();

        Assert.Equal("Huddle card", course.PracticeCard!.Title);
        Assert.Equal(2, course.Lessons.Count);
    }

    [Theory]
    [InlineData("hong-kong", "A request is answered within 40 days.", "'::: hong-kong' states the figure '40 days' as fact")]
    [InlineData("mainland-china", "Complaints are closed in 15 working days.", "'::: mainland-china' states the figure '15 working days' as fact")]
    [InlineData("hong-kong", "Claims up to HK$1,000,000 go to the centre.", "states the figure 'HK$1'")]
    [InlineData("mainland-china", "投诉应在15个工作日内处理。", "states the figure '15个工作日'")]
    public void A_law_call_out_may_not_state_a_figure_as_fact(string kind, string text, string expected)
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps", $"Intro.\n\n::: {kind}\n{text}\n:::\n\n::: takeaways\n- One\n:::\n"));

        var result = _folder.Load();

        Assert.Contains(result.Problems, p => p.File.EndsWith("01-first-steps.md", StringComparison.Ordinal) && p.Line == 7 && p.Message.Contains(expected));
    }

    [Fact]
    public void A_figure_belongs_in_an_illustration_beside_the_law_call_out()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps",
            "Intro.\n\n::: hong-kong\nThe Personal Data (Privacy) Ordinance (Cap. 486) gives a right of access.\n:::\n\n::: illustration\nFor example, within 40 days.\n:::\n\n::: takeaways\n- One\n:::\n"));

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var html = result.Catalog.Courses[0].Lessons[0].Html;
        Assert.Contains("data-label=\"In Hong Kong\"", html);
        Assert.Contains("data-label=\"Illustration: check the bank's current policy\"", html);
        Assert.Contains("data-label=\"在香港\"", MarkdownRenderer.Render("::: hong-kong\n个人资料\n:::", 1, "x.md", null, [], ContentVocabulary.Traditional));
    }

    [Theory]
    [InlineData("", ReviewPolicy.AfterLastAttempt)]
    [InlineData("review: after-pass\n", ReviewPolicy.AfterPass)]
    [InlineData("review: never\n", ReviewPolicy.Never)]
    public void The_review_policy_defaults_to_after_the_last_attempt(string line, ReviewPolicy expected)
    {
        _folder.Replace("course.md", "certificate_validity_months: 12\n", "certificate_validity_months: 12\n" + line);

        Assert.Equal(expected, LoadCourse().Review);
    }

    [Theory]
    [InlineData("review: sometimes\n", "review 'sometimes' is unknown; use after-pass, after-last-attempt, never")]
    [InlineData("reviewed_by: Chan Tai Man\nreviewed_on: \"\"\n", "reviewed_by and reviewed_on are set together")]
    [InlineData("reviewed_by: Chan Tai Man\nreviewed_on: 2026-13-01\n", "reviewed_on '2026-13-01' is not a date written yyyy-MM-dd")]
    public void A_faulty_review_setting_is_refused(string lines, string expected)
    {
        _folder.Replace("course.md", "certificate_validity_months: 12\n", "certificate_validity_months: 12\n" + lines);

        Assert.Contains(_folder.Load().Problems, p => p.File.EndsWith("course.md", StringComparison.Ordinal) && p.Message.Contains(expected));
    }

    [Fact]
    public void An_empty_sign_off_means_not_yet_signed_and_a_full_one_is_kept()
    {
        _folder.Replace("course.md", "certificate_validity_months: 12\n", "certificate_validity_months: 12\nreviewed_by: \"\"\nreviewed_on: \"\"\n");
        Assert.Null(LoadCourse().SignOff);

        _folder.Replace("course.md", "reviewed_by: \"\"\nreviewed_on: \"\"\n", "reviewed_by: Chan Tai Man, Compliance\nreviewed_on: 2026-11-30\n");
        Assert.Equal(new ComplianceSignOff("Chan Tai Man, Compliance", new DateOnly(2026, 11, 30)), LoadCourse().SignOff);
    }

    [Fact]
    public void A_question_must_name_a_lesson_of_its_course_and_a_principle()
    {
        _folder.Replace("quiz.yml", "lesson: first-steps\n    principle: Count", "lesson: later-steps\n    principle: Count").Replace("quiz.yml", "\n    principle: Look up.", "");

        var problems = _folder.Load().Problems;

        Assert.Contains(problems, p => p.Message.Contains("question 'q-multiple' tests lesson 'later-steps', which is not a lesson of this course"));
        Assert.Contains(problems, p => p.Message.Contains("missing required key 'principle'"));
    }

    [Fact]
    public void The_standards_name_each_tell_and_each_gap()
    {
        var problems = CurriculumStandards.Review(_folder.Load().Library).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.Contains("quiz.yml: 100 % of the 1 true/false questions are keyed true"));
        Assert.Contains(problems, p => p.Contains("quiz.yml: the pool has 3 questions; give at least 24"));
        Assert.Contains(problems, p => p.Contains("quiz.yml: lesson 'next-steps' is tested by fewer than 3 questions"));
        Assert.Contains(problems, p => p.Contains("practice.yml: lesson 'first-steps' has no 'try it' decision"));
        Assert.Contains(problems, p => p.Contains("practice-card.md: the course has no practice card"));
        Assert.Contains(problems, p => p.Contains("01-first-steps.md: the lesson has 7 words; keep it between 400 and 1100"));
        Assert.Contains(problems, p => p.Contains("01-first-steps.zh-Hans.md: the lesson has 7 characters; keep it between 700 and 3000"));
        Assert.Single(problems, p => p.Contains("practice-card.md"));
        Assert.Contains(problems, p => p.Contains("01-first-steps.zh-Hans.md: missing or refused: 01-first-steps.md is not translated into zh-Hans"));
    }

    [Fact]
    public void A_foreign_law_term_in_a_lesson_is_named()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps", "Under GDPR we may...\n\n::: takeaways\n- One\n:::\n"));

        var problems = CurriculumStandards.Review(_folder.Load().Library);

        Assert.Contains(problems, p => p.File.EndsWith("01-first-steps.md", StringComparison.Ordinal) && p.Message.StartsWith("'GDPR' is UK or EU law", StringComparison.Ordinal));
    }

    [Fact]
    public void Tells_are_measured_as_a_learner_reads_the_options()
    {
        static QuizQuestion Single(string id, string key, params string[] others) => new(id, QuestionType.Single, "", [new QuizOption("k", key, true), .. others.Select((o, i) => new QuizOption($"o{i}", o, false))], "", "l", "");
        static QuizQuestion Multiple(string id, int keys) => new(id, QuestionType.Multiple, "", Enumerable.Range(0, 5).Select(i => new QuizOption($"o{i}", "x", i < keys)).ToList(), "", "l", "");

        var tells = QuizTells.Measure([
            Single("long-key", "<em>the longest option of all</em>", "short", "shorter"),
            Single("short-key", "short", "a much longer distractor", "another"),
            Single("equal", "same", "same"),
            Multiple("m2", 2), Multiple("m2b", 2), Multiple("m3", 3),
        ]);

        Assert.Equal(2, tells.SinglesWithUnequalOptions);
        Assert.Equal(["long-key"], tells.LongestKey);
        Assert.Equal(0.5, tells.LongestKeyShare);
        Assert.Equal(2.0 / 3, tells.SameKeyCountShare, 3);
    }

    private Course LoadCourse()
    {
        var result = _folder.Load();
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Catalog.Courses.Single();
    }
}
