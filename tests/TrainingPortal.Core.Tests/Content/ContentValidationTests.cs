using TrainingPortal.Core.Content;

namespace TrainingPortal.Core.Tests.Content;

public class ContentValidationTests : IDisposable
{
    private readonly CourseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ContentProblem Single(ContentLoadResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void A_valid_folder_loads_with_lessons_in_order_and_rendered_html()
    {
        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var course = Assert.Single(result.Catalog.Courses);
        Assert.Equal(["first-steps", "next-steps"], course.Lessons.Select(l => l.Slug));
        Assert.Contains("<strong>sample</strong>", course.IntroductionHtml);
        Assert.Equal(3, course.QuestionPool.Count);
        Assert.Equal(["true", "false"], course.FindQuestion("q-truefalse")!.Options.Select(o => o.Id));
    }

    [Fact]
    public void A_missing_front_matter_key_names_the_file_line_and_key()
    {
        _folder.Replace("course.md", "pass_mark: 80\n", "");

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/course.md", problem.File);
        Assert.Equal(2, problem.Line);
        Assert.Contains("missing required key 'pass_mark'", problem.Message);
    }

    [Fact]
    public void A_course_title_longer_than_a_certificate_keeps_is_reported_at_its_line()
    {
        _folder.Replace("course.md", "title: Sample course", "title: " + new string('x', Course.MaxTitleLength + 1));

        var problem = Single(_folder.Load());

        Assert.Equal(2, problem.Line);
        Assert.Contains($"'title' is {Course.MaxTitleLength + 1} characters long; it may be at most {Course.MaxTitleLength}", problem.Message);
        _folder.Replace("course.md", new string('x', Course.MaxTitleLength + 1), new string('x', Course.MaxTitleLength));
        Assert.True(_folder.Load().IsValid);
    }

    [Fact]
    public void A_lesson_slug_longer_than_the_database_keeps_is_reported_with_its_file()
    {
        var slug = string.Join("-", Enumerable.Repeat("customer", 12)); // 107 characters
        _folder.Delete("02-next-steps.md").Write($"02-{slug}.md", CourseFolder.Lesson("Long"));

        var problem = Single(_folder.Load());

        Assert.Equal($"courses/sample-course/02-{slug}.md", problem.File);
        Assert.Contains($"is {slug.Length} characters long; a slug may be at most {ContentIds.MaxLength}", problem.Message);
    }

    [Fact]
    public void An_unknown_front_matter_key_is_reported_at_its_line()
    {
        _folder.Replace("course.md", "order: 1\n", "order: 1\npassmark: 70\n");

        var problem = Single(_folder.Load());

        Assert.Equal(6, problem.Line);
        Assert.Contains("unknown key 'passmark'", problem.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_at_its_line()
    {
        _folder.Replace("course.md", "estimated_minutes: 20", "estimated_minutes: twenty");

        var problem = Single(_folder.Load());

        Assert.Equal(6, problem.Line);
        Assert.Contains("'estimated_minutes' must be a whole number", problem.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public void A_pass_mark_outside_1_to_100_is_refused(string passMark)
    {
        _folder.Replace("course.md", "pass_mark: 80", "pass_mark: " + passMark);

        var problem = Single(_folder.Load());

        Assert.Equal(7, problem.Line);
        Assert.Contains($"'pass_mark' is {passMark}; it must be between 1 and 100", problem.Message);
    }

    [Fact]
    public void Drawing_more_questions_than_the_pool_holds_is_refused()
    {
        _folder.Replace("course.md", "questions_per_attempt: 2", "questions_per_attempt: 5");

        var problem = Single(_folder.Load());

        Assert.Equal(9, problem.Line);
        Assert.Contains("'questions_per_attempt' is 5 but quiz.yml has only 3 question(s)", problem.Message);
    }

    [Fact]
    public void Two_lessons_with_the_same_slug_are_refused()
    {
        _folder.Write("03-first-steps.md", CourseFolder.Lesson("Again"));

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/03-first-steps.md", problem.File);
        Assert.Contains("duplicate lesson slug 'first-steps'", problem.Message);
    }

    [Fact]
    public void A_gap_in_lesson_numbers_is_refused()
    {
        _folder.Delete("02-next-steps.md").Write("03-later.md", CourseFolder.Lesson("Later"));

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/03-later.md", problem.File);
        Assert.Contains("lesson number gap: 03 follows 01; expected 02", problem.Message);
    }

    [Fact]
    public void A_lesson_slug_that_is_a_page_route_is_refused()
    {
        _folder.Write("03-quiz.md", CourseFolder.Lesson("Quiz"));

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/03-quiz.md", problem.File);
        Assert.Contains("collides with the portal's route", problem.Message);
    }

    [Fact]
    public void A_duplicate_question_id_is_reported_at_the_second_question()
    {
        _folder.Replace("quiz.yml", "id: q-multiple", "id: q-single");

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/quiz.yml", problem.File);
        Assert.Equal(14, problem.Line);
        Assert.Contains("duplicate question id 'q-single' (first used at line 2)", problem.Message);
    }

    [Fact]
    public void A_question_without_a_correct_option_is_refused()
    {
        _folder.Replace("quiz.yml", "text: Right\n        correct: true", "text: Right");

        var problem = Single(_folder.Load());

        Assert.Equal(6, problem.Line);
        Assert.Contains("question 'q-single' has no correct option", problem.Message);
    }

    [Fact]
    public void A_single_question_with_two_correct_options_is_refused()
    {
        _folder.Replace("quiz.yml", "text: Wrong", "text: Wrong\n        correct: true");

        var problem = Single(_folder.Load());

        Assert.Equal(6, problem.Line);
        Assert.Contains("question 'q-single' is single but has 2 correct options", problem.Message);
    }

    [Fact]
    public void A_link_to_a_missing_image_names_the_line()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps", "Intro.\n\n![A chart](images/missing.png)\n"));

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/01-first-steps.md", problem.File);
        Assert.Equal(7, problem.Line);
        Assert.Contains("image 'images/missing.png' does not exist", problem.Message);
    }

    [Fact]
    public void An_existing_image_is_served_from_the_course_asset_route()
    {
        _folder.Write("images/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .Write("01-first-steps.md", CourseFolder.Lesson("First steps", "![A chart](images/chart.svg)\n"));

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Contains("src=\"/courses/sample-course/assets/images/chart.svg\"", result.Catalog.Courses[0].Lessons[0].Html);
    }

    [Fact]
    public void An_image_outside_the_course_folder_is_refused()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps", "![Secret](../../secret.png)\n"));

        var problem = Single(_folder.Load());

        Assert.Contains("points outside the course folder", problem.Message);
    }

    [Fact]
    public void Every_problem_is_reported_in_one_run()
    {
        _folder.Replace("course.md", "pass_mark: 80", "pass_mark: 0")
            .Replace("quiz.yml", "id: q-multiple", "id: q-single")
            .Write("04-gap.md", CourseFolder.Lesson("Gap"));

        var result = _folder.Load();

        Assert.Equal(3, result.Problems.Count);
    }

    [Fact]
    public void Raw_html_in_a_lesson_is_shown_as_text_not_run()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps", "Hello <script>alert('x')</script> there.\n"));

        var html = _folder.Load().Catalog.Courses[0].Lessons[0].Html;

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void A_javascript_link_is_refused()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps", "[Click](javascript:alert(1))\n"));

        var problem = Single(_folder.Load());

        Assert.Contains("uses the scheme 'javascript'", problem.Message);
    }

    [Fact]
    public void Links_images_and_autolinks_with_any_other_scheme_are_refused_at_their_lines()
    {
        _folder.Write("01-first-steps.md", CourseFolder.Lesson("First steps",
            "[Click](javascript:alert(1))\n\n" +
            "![Pixel](data:image/png;base64,iVBORw0KGgo=)\n\n" +
            "Rates are at <ftp://files.bank.example/rates.pdf>.\n\n" +
            "Or run <JavaScript:alert(1)>.\n\n" +
            "A [hidden one](java&#9;script:alert(1)), [a reference][ref] and [no scheme](//elsewhere.example/page).\n\n" +
            "[ref]: vbscript:msgbox(1)\n"));

        var problems = _folder.Load().Problems;

        Assert.All(problems, p => Assert.Equal("courses/sample-course/01-first-steps.md", p.File));
        Assert.Equal(
            [
                (5, "link 'javascript:alert(1)' uses the scheme 'javascript'; only http, https and mailto are allowed"),
                (7, "image 'data:image/png;base64,iVBORw0KGgo=' uses the scheme 'data'; only http, https and mailto are allowed"),
                (9, "link 'ftp://files.bank.example/rates.pdf' uses the scheme 'ftp'; only http, https and mailto are allowed"),
                (11, "link 'JavaScript:alert(1)' uses the scheme 'javascript'; only http, https and mailto are allowed"),
                (13, "link 'java\tscript:alert(1)' uses the scheme 'javascript'; only http, https and mailto are allowed"),
                (13, "link 'vbscript:msgbox(1)' uses the scheme 'vbscript'; only http, https and mailto are allowed"),
                (13, "link '//elsewhere.example/page' leaves out the scheme; write it in full with https://"),
            ],
            problems.Select(p => (p.Line, p.Message)));
    }

    [Fact]
    public void Http_https_mailto_relative_and_portal_links_pass()
    {
        _folder.Write("images/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .Write("01-first-steps.md", CourseFolder.Lesson("First steps",
                "[Web](http://bank.example) [Rates](https://bank.example/rates?branch=1#today) [HR](mailto:hr@bank.example) " +
                "<https://bank.example/help> <hr@bank.example> [Courses](/courses) [Chart](images/chart.svg) [Top](#top)\n\n" +
                "![Chart](images/chart.svg) ![Logo](https://bank.example/logo.png)\n"));

        var result = _folder.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var html = result.Catalog.Courses[0].Lessons[0].Html;
        Assert.Contains("href=\"https://bank.example/help\"", html);
        Assert.Contains("href=\"mailto:hr@bank.example\"", html);
        Assert.Contains("href=\"/courses/sample-course/assets/images/chart.svg\"", html);
    }

    [Fact]
    public void Call_outs_render_as_labelled_notes_and_unknown_ones_are_refused()
    {
        var html = _folder.Load().Catalog.Courses[0].Lessons[0].Html;
        Assert.Contains("class=\"callout callout-takeaways\"", html);
        Assert.Contains("aria-label=\"Key takeaways\"", html);

        _folder.Write("02-next-steps.md", CourseFolder.Lesson("Next", "::: warning\nCareful\n:::\n"));
        var problem = Single(_folder.Load());
        Assert.Equal(5, problem.Line);
        Assert.Contains("unknown call-out '::: warning'", problem.Message);
    }

    [Fact]
    public void The_content_version_changes_when_a_file_changes_and_only_then()
    {
        var first = _folder.Load().Catalog.Courses[0].ContentVersion;
        var again = _folder.Load().Catalog.Courses[0].ContentVersion;
        _folder.Replace("01-first-steps.md", "Some text", "Some other text");
        var edited = _folder.Load().Catalog.Courses[0].ContentVersion;

        Assert.Equal(first, again);
        Assert.NotEqual(first, edited);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_line()
    {
        _folder.Write("quiz.yml", "questions:\n  - id: a\n    prompt: [unclosed\n");

        var problem = Single(_folder.Load());

        Assert.Equal("courses/sample-course/quiz.yml", problem.File);
        Assert.Contains("invalid YAML", problem.Message);
        Assert.True(problem.Line >= 3, $"line {problem.Line}");
    }

    [Fact]
    public void LoadOrThrow_lists_every_problem_in_its_message()
    {
        _folder.Replace("course.md", "pass_mark: 80", "pass_mark: 0");

        var ex = Assert.Throws<ContentValidationException>(() => ContentLoader.LoadOrThrow(_folder.Root));

        Assert.Contains("courses/sample-course/course.md:7: 'pass_mark' is 0", ex.Message);
    }

    [Fact]
    public void Only_pictures_and_documents_are_served_never_sources_or_their_backups()
    {
        _folder.Write("images/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").Write("quiz.yml.bak", "questions: []").Write("notes.txt", "x");

        Assert.NotNull(AssetResolver.FindFile(_folder.CourseDir, "images/chart.svg"));
        Assert.Null(AssetResolver.FindFile(_folder.CourseDir, "quiz.yml"));
        Assert.Null(AssetResolver.FindFile(_folder.CourseDir, "quiz.yml.bak"));
        Assert.Null(AssetResolver.FindFile(_folder.CourseDir, "notes.txt"));
        Assert.Null(AssetResolver.FindFile(_folder.CourseDir, "../sample-course/quiz.yml"));
    }
}
