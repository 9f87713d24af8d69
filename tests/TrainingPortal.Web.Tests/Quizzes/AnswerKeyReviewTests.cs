using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Quizzes;

/// <summary>
/// A learner who guesses, fails and retakes must not collect the answer key on the way: until they pass or use their
/// last attempt, a result says only which questions were wrong and the principle behind each.
/// </summary>
public class AnswerKeyReviewTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Slug = "protecting-customers";

    private Course Course => factory.Services.GetRequiredService<CourseCatalog>().Find(Slug)!;

    [Fact]
    public async Task A_learner_who_guesses_fails_and_sees_no_keyed_option_until_the_last_attempt_is_used()
    {
        var user = await TestData.CreateLearnerAsync(factory.Services);
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);
        var driver = new QuizDriver(factory, client, Slug);
        var random = new Random(1203);
        var resultUrls = new List<(string Url, List<string> QuestionIds)>();
        var seenQuestions = new HashSet<string>();

        for (var attempt = 1; attempt <= Course.MaxAttempts; attempt++)
        {
            var paper = await driver.StartAttemptAsync();
            var questionIds = QuestionIds(paper);
            // Unseen questions first: a retake repeats one only once the pool has no unseen question left.
            Assert.Equal(Math.Max(0, seenQuestions.Count + questionIds.Count - Course.QuestionPool.Count), questionIds.Intersect(seenQuestions).Count());
            seenQuestions.UnionWith(questionIds);
            var response = await driver.SubmitAsync(paper, Guesses(paper, random));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            resultUrls.Add((response.Headers.Location!.OriginalString, questionIds));
            var result = await client.GetPageAsync(resultUrls[^1].Url);

            Assert.Contains("not passed", PortalClient.Text(result.QuerySelector("h1")));
            if (attempt < Course.MaxAttempts)
            {
                foreach (var (url, ids) in resultUrls)
                {
                    var page = await client.GetPageAsync(url);
                    var text = Plain(page.QuerySelector("main")!.InnerHtml);
                    Assert.Empty(page.QuerySelectorAll(".correct-option, .review-options"));
                    Assert.NotNull(page.QuerySelector("[data-testid=key-withheld]"));
                    Assert.All(ids.Select(id => Course.FindQuestion(id)!), question =>
                    {
                        Assert.DoesNotContain(Plain(question.ExplanationHtml)[..40], text);
                        Assert.All(question.Options.Where(o => o.IsCorrect).Select(o => Plain(o.TextHtml)).Where(t => t.Length >= 20), key => Assert.DoesNotContain(key, text));
                    });
                    var wrong = page.QuerySelectorAll("[data-testid=review-question].review-wrong");
                    Assert.NotEmpty(wrong);
                    Assert.All(wrong, item => Assert.NotNull(item.QuerySelector("[data-testid=principle] a[href^='/courses/protecting-customers/']")));
                }
            }
        }

        foreach (var (url, _) in resultUrls)
        {
            var page = await client.GetPageAsync(url);
            Assert.Null(page.QuerySelector("[data-testid=key-withheld]"));
            Assert.Equal(Course.QuestionsPerAttempt, page.QuerySelectorAll("[data-testid=review-question] .explanation").Length);
            Assert.NotEmpty(page.QuerySelectorAll(".correct-option"));
        }
    }

    [Fact]
    public async Task A_pass_shows_the_key_with_explanations_at_once()
    {
        var user = await TestData.CreateLearnerAsync(factory.Services);
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = await PortalClient.SignedInAsync(factory, user.Email!, TestData.LearnerPassword);

        var result = await client.ParseAsync(await client.FollowAsync(await new QuizDriver(factory, client, Slug).PassAsync()));

        Assert.Null(result.QuerySelector("[data-testid=key-withheld]"));
        Assert.Equal(Course.QuestionsPerAttempt, result.QuerySelectorAll("[data-testid=review-question] .explanation").Length);
        Assert.True(result.QuerySelectorAll(".correct-option").Length >= Course.QuestionsPerAttempt);
    }

    private QuizPaper PaperOf(IHtmlDocument page) =>
        QuizDriver.PaperOf(factory.Services, long.Parse(page.QuerySelector("main form.quiz-form input[name=attemptId]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture));

    private static List<string> Fields(IHtmlDocument page) =>
        page.QuerySelectorAll("main form input[name^='q.']").Select(i => i.GetAttribute("name")!).Distinct().ToList();

    private List<string> QuestionIds(IHtmlDocument page)
    {
        var paper = PaperOf(page);
        return Fields(page).Select(field => QuizDriver.QuestionIdOf(paper, field)).ToList();
    }

    /// <summary>One option at random for single and true/false questions, a random non-empty set for multiple ones.</summary>
    private List<KeyValuePair<string, string>> Guesses(IHtmlDocument page, Random random) =>
        Fields(page).SelectMany(field =>
        {
            var options = page.QuerySelectorAll($"main form input[name='{field}']").Select(i => i.GetAttribute("value")!).ToList();
            List<string> chosen;
            if (Course.FindQuestion(QuizDriver.QuestionIdOf(PaperOf(page), field))!.Type == QuestionType.Multiple)
            {
                do
                {
                    chosen = options.Where(_ => random.Next(2) == 0).ToList();
                }
                while (chosen.Count == 0);
            }
            else
            {
                chosen = [options[random.Next(options.Count)]];
            }

            return chosen.Select(o => new KeyValuePair<string, string>(field, o));
        }).ToList();

    private static string Plain(string html) =>
        System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ").Trim();
}
