using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Quizzes;

public class QuizTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Slug = "customer-communication";

    private Course Course => factory.Services.GetRequiredService<CourseCatalog>().Find(Slug)!;

    private async Task<(PortalClient Client, PortalUser User)> LearnerReadyForQuizAsync(string? name = null)
    {
        var user = await TestData.CreateLearnerAsync(factory.Services, name);
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        return (await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword), user);
    }

    private QuizDriver Driver(PortalClient client) => new(factory, client, Slug);

    private Task<IHtmlDocument> StartAttemptAsync(PortalClient client) => Driver(client).StartAttemptAsync();

    private List<KeyValuePair<string, string>> Answers(IHtmlDocument attemptPage, bool right) => new QuizDriver(factory, null!, Slug).Answers(attemptPage, right);

    private Task<HttpResponseMessage> SubmitAsync(PortalClient client, IHtmlDocument attemptPage, IEnumerable<KeyValuePair<string, string>> answers) =>
        Driver(client).SubmitAsync(attemptPage, answers);

    [Fact]
    public async Task A_learner_who_has_not_finished_the_lessons_cannot_start()
    {
        var user = await TestData.CreateLearnerAsync(factory.Services);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);

        var page = await client.GetPageAsync($"/courses/{Slug}/quiz");
        var tokenForm = await client.GetPageAsync($"/courses/{Slug}/{Course.Lessons[0].Slug}");
        var response = await client.Http.PostAsync($"/courses/{Slug}/quiz?handler=Start",
            new FormUrlEncodedContent(PortalClient.FormFields(tokenForm.QuerySelector<IHtmlFormElement>("main form[method=post]")!)));

        Assert.Equal(Course.Lessons.Count, page.QuerySelectorAll("[data-testid=lessons-remaining] li").Length);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, TestData.Query(factory.Services, db => db.QuizAttempts.Count(a => a.UserId == user.Id)));
    }

    [Fact]
    public async Task Answers_sent_other_than_as_a_form_are_refused_with_400_and_use_nothing_up()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);
        var form = attempt.QuerySelector<IHtmlFormElement>("main form.quiz-form")!;
        var token = PortalClient.FormFields(form).Single(f => f.Key == "__RequestVerificationToken").Value;
        var attemptId = form.QuerySelector("input[name=attemptId]")!.GetAttribute("value");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/courses/{Slug}/quiz?handler=Submit&attemptId={attemptId}")
        {
            Content = new StringContent("{\"q.1\":\"1\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, TestData.Query(factory.Services, db => db.QuizAttempts.Count(a => a.UserId == user.Id && a.SubmittedAtUtc != null)));
    }

    [Fact]
    public async Task An_attempt_page_carries_no_answer_key_and_reloads_the_same_paper()
    {
        var (client, _) = await LearnerReadyForQuizAsync();

        var first = await StartAttemptAsync(client);
        var raw = await (await client.Http.GetAsync($"/courses/{Slug}/quiz")).Content.ReadAsStringAsync();
        var reloaded = await client.GetPageAsync($"/courses/{Slug}/quiz");

        var fields = first.QuerySelectorAll("main form input[name^='q.']").Select(i => i.GetAttribute("name")!).Distinct().ToList();
        var paper = QuizDriver.PaperOf(factory.Services, long.Parse(first.QuerySelector("main form.quiz-form input[name=attemptId]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture));
        var questionIds = fields.Select(name => QuizDriver.QuestionIdOf(paper, name)).ToList();
        Assert.Equal(Course.QuestionsPerAttempt, questionIds.Distinct().Count());
        Assert.Equal(
            first.QuerySelectorAll("main form.quiz-form label").Select(l => l.TextContent.Trim()),
            reloaded.QuerySelectorAll("main form.quiz-form label").Select(l => l.TextContent.Trim()));
        // Questions and options go as their places on the paper, never as the author's ids: an option's letter would tell
        // how the author ordered them, and a question's slug can name its answer ("kyc-cannot-be-waived").
        Assert.Equal(Enumerable.Range(1, Course.QuestionsPerAttempt).Select(n => "q." + n.ToString(System.Globalization.CultureInfo.InvariantCulture)), fields);
        Assert.All(fields, name => Assert.Equal(
            Enumerable.Range(1, Course.FindQuestion(QuizDriver.QuestionIdOf(paper, name))!.Options.Count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            first.QuerySelectorAll($"main form input[name='{name}']").Select(i => i.GetAttribute("value"))));
        var attributes = string.Join(" ", first.QuerySelectorAll("main form.quiz-form *").SelectMany(e => e.Attributes.Select(a => a.Value)));
        Assert.All(questionIds, id => Assert.DoesNotContain(id, attributes, StringComparison.Ordinal));
        foreach (var id in questionIds)
        {
            var explanation = StripTags(Course.FindQuestion(id)!.ExplanationHtml);
            Assert.DoesNotContain(explanation[..Math.Min(60, explanation.Length)], raw);
        }

        Assert.DoesNotContain("correct", string.Join(" ", first.QuerySelectorAll("main form *").SelectMany(e => e.Attributes.Select(a => a.Name + "=" + a.Value))), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", raw[raw.IndexOf("<main", StringComparison.Ordinal)..raw.IndexOf("</main>", StringComparison.Ordinal)]);
    }

    private static string StripTags(string html) =>
        System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", "")).Trim();

    [Fact]
    public async Task Right_answers_pass_and_complete_the_course_with_explanations_shown()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);

        var response = await SubmitAsync(client, attempt, Answers(attempt, right: true));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var result = await client.ParseAsync(await client.FollowAsync(response));
        Assert.Equal("100 %", PortalClient.Text(result.QuerySelector("[data-testid=score]")));
        Assert.Contains("passed", PortalClient.Text(result.QuerySelector("h1")));
        Assert.Equal(Course.QuestionsPerAttempt, result.QuerySelectorAll("[data-testid=review-question] .explanation").Length);
        Assert.Equal(1, TestData.Query(factory.Services, db => db.CourseCompletions.Count(c => c.UserId == user.Id && c.CourseSlug == Slug)));
        var course = await client.GetPageAsync($"/courses/{Slug}");
        Assert.Contains("You have completed this course", course.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_lesson_added_after_a_pass_is_offered_to_read_and_takes_nothing_away_from_the_pass()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, attempt, Answers(attempt, right: true))).StatusCode);
        // A new edition adds a lesson: the learner has not read it, as if their reading of the last one were not there,
        // and a lesson the edition retired is still in their history.
        var added = Course.Lessons[^1];
        TestData.Query(factory.Services, db => db.LessonCompletions.Where(c => c.UserId == user.Id && c.LessonSlug == added.Slug).ExecuteDelete());
        TestData.Query(factory.Services, db =>
        {
            db.LessonCompletions.Add(new LessonCompletion { UserId = user.Id, CourseSlug = Slug, LessonSlug = "retired-in-the-new-edition", CompletedAtUtc = factory.Clock.GetUtcNow().UtcDateTime });
            return db.SaveChanges();
        });

        var home = await client.GetPageAsync("/");
        Assert.Contains(Course.Title, PortalClient.Text(home.QuerySelector("[data-testid=home-completed]")));
        Assert.DoesNotContain(Course.Title, PortalClient.Text(home.QuerySelector("[data-testid=home-in-progress]")));
        var course = await client.GetPageAsync($"/courses/{Slug}");
        Assert.Contains("You have completed this course", course.QuerySelector("main")!.TextContent);
        Assert.Equal([$"/courses/{Slug}/{added.Slug}"], course.QuerySelectorAll("[data-testid=lessons-added-since-pass] a").Select(a => a.GetAttribute("href")));
        Assert.Null(course.QuerySelector("[data-main-action]"));
        var quiz = await client.GetPageAsync($"/courses/{Slug}/quiz");
        Assert.Contains("You have passed this quiz", quiz.QuerySelector("main")!.TextContent);
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var record = await hr.GetPageAsync($"/hr/employees/{user.Id}");
        Assert.Contains($"{Course.Lessons.Count - 1} of {Course.Lessons.Count}", PortalClient.Text(record.QuerySelector("main")));
    }

    [Fact]
    public async Task Wrong_answers_fail_and_do_not_complete_the_course()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);

        var result = await client.ParseAsync(await client.FollowAsync(await SubmitAsync(client, attempt, Answers(attempt, right: false))));

        Assert.Equal("0 %", PortalClient.Text(result.QuerySelector("[data-testid=score]")));
        Assert.Contains("not passed", PortalClient.Text(result.QuerySelector("h1")));
        Assert.Equal(0, TestData.Query(factory.Services, db => db.CourseCompletions.Count(c => c.UserId == user.Id)));
    }

    [Fact]
    public async Task The_attempt_limit_holds_until_hr_grants_one_more_which_is_audited()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        for (var i = 0; i < Course.MaxAttempts; i++)
        {
            var attempt = await StartAttemptAsync(client);
            await SubmitAsync(client, attempt, Answers(attempt, right: false));
        }

        var blocked = await client.GetPageAsync($"/courses/{Slug}/quiz");
        Assert.Contains("HR can grant you one more attempt", PortalClient.Text(blocked.QuerySelector("[data-testid=no-attempts-left]")));
        Assert.Null(blocked.QuerySelector("main form"));

        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var employeePage = await hr.GetPageAsync($"/hr/employees/{user.Id}");
        var grant = await hr.SubmitAsync(employeePage, "main form[method=post]", new Dictionary<string, string> { ["Grant.Reason"] = "Was unwell during the attempts" });
        Assert.True(grant.StatusCode == HttpStatusCode.Redirect, PortalClient.Text((await hr.ParseAsync(grant)).QuerySelector(".alert-danger")));

        var reopened = await client.GetPageAsync($"/courses/{Slug}/quiz");
        Assert.Contains($"Start attempt {Course.MaxAttempts + 1}", reopened.QuerySelector("main form button")!.TextContent);
        var audit = TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.TargetId == user.Id && a.Action != "account.created").ToList());
        var entry = Assert.Single(audit);
        Assert.Equal("quiz.extra-attempt-granted", entry.Action);
        Assert.Contains("Was unwell", entry.Summary);
        Assert.Single(TestData.Query(factory.Services, db => db.ExtraAttemptGrants.Where(g => g.UserId == user.Id).ToList()));
    }

    [Theory]
    [InlineData("unknown-option")]
    [InlineData("unknown-question")]
    [InlineData("answered-twice")]
    public async Task Tampered_answers_give_400_and_store_nothing(string tampering)
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);
        var answers = Answers(attempt, right: true);
        var paper = QuizDriver.PaperOf(factory.Services, long.Parse(attempt.QuerySelector("main form.quiz-form input[name=attemptId]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture));
        var single = answers.First(a => Course.FindQuestion(QuizDriver.QuestionIdOf(paper, a.Key))!.Type != QuestionType.Multiple);
        switch (tampering)
        {
            case "unknown-option":
                answers[answers.IndexOf(single)] = new(single.Key, "zz");
                break;
            case "unknown-question":
                answers.Add(new("q.not-on-this-paper", "a"));
                break;
            default:
                answers.Add(new(single.Key, single.Value == "1" ? "2" : "1"));
                break;
        }

        var response = await SubmitAsync(client, attempt, answers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be accepted", await response.Content.ReadAsStringAsync());
        var stored = TestData.Query(factory.Services, db => db.QuizAttempts.Single(a => a.UserId == user.Id));
        Assert.Null(stored.SubmittedAtUtc);
        Assert.Null(stored.AnswersJson);
    }

    [Fact]
    public async Task Someone_elses_attempt_gives_404()
    {
        var (owner, ownerUser) = await LearnerReadyForQuizAsync();
        var ownerAttempt = await StartAttemptAsync(owner);
        var answers = Answers(ownerAttempt, right: true);
        var (intruder, _) = await LearnerReadyForQuizAsync();
        var intruderPage = await StartAttemptAsync(intruder);
        var ownerAttemptId = ownerAttempt.QuerySelector<IHtmlInputElement>("input[name=attemptId]")!.Value;

        var form = intruderPage.QuerySelector<IHtmlFormElement>("main form.quiz-form")!;
        var fields = PortalClient.FormFields(form).Where(f => !f.Key.StartsWith("q.", StringComparison.Ordinal) && f.Key != "attemptId")
            .Append(new("attemptId", ownerAttemptId)).Concat(answers);
        var response = await intruder.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        var peek = await intruder.Http.GetAsync($"/courses/{Slug}/quiz/attempts/{ownerAttemptId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        Assert.Null(TestData.Query(factory.Services, db => db.QuizAttempts.Single(a => a.UserId == ownerUser.Id).SubmittedAtUtc));
    }

    [Fact]
    public async Task Two_concurrent_submits_of_one_attempt_store_one_result_and_one_completion()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);
        var answers = Answers(attempt, right: true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitAsync(client, attempt, answers)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location!.OriginalString).Distinct());
        Assert.Equal(1, TestData.Query(factory.Services, db => db.QuizAttempts.Count(a => a.UserId == user.Id && a.SubmittedAtUtc != null)));
        Assert.Equal(1, TestData.Query(factory.Services, db => db.CourseCompletions.Count(c => c.UserId == user.Id)));
    }

    [Fact]
    public async Task A_replayed_submit_shows_the_stored_result_and_changes_nothing()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);
        var first = await SubmitAsync(client, attempt, Answers(attempt, right: false));

        var replay = await SubmitAsync(client, attempt, Answers(attempt, right: true));

        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        var stored = TestData.Query(factory.Services, db => db.QuizAttempts.Single(a => a.UserId == user.Id));
        Assert.Equal(0, stored.ScorePercent);
        var history = await client.GetPageAsync($"/courses/{Slug}/quiz/attempts");
        Assert.Single(history.QuerySelectorAll("[data-testid=attempts] tbody tr"));
    }

    [Fact]
    public async Task Submitting_with_questions_unanswered_keeps_the_attempt_open_and_says_which()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var attempt = await StartAttemptAsync(client);
        var answers = Answers(attempt, right: true);
        var firstQuestion = answers[0].Key;

        var response = await SubmitAsync(client, attempt, answers.Where(a => a.Key != firstQuestion));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await client.ParseAsync(response);
        Assert.Contains("question 1", PortalClient.Text(page.QuerySelector("[data-testid=unanswered]")));
        Assert.Null(TestData.Query(factory.Services, db => db.QuizAttempts.Single(a => a.UserId == user.Id).SubmittedAtUtc));
    }

    [Fact]
    public async Task Starting_twice_from_two_tabs_opens_one_attempt()
    {
        var (client, user) = await LearnerReadyForQuizAsync();
        var quiz = await client.GetPageAsync($"/courses/{Slug}/quiz");
        var form = quiz.QuerySelector<IHtmlFormElement>("main form[method=post]")!;
        var fields = PortalClient.FormFields(form);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields))));

        Assert.Equal(1, TestData.Query(factory.Services, db => db.QuizAttempts.Count(a => a.UserId == user.Id)));
    }
}
