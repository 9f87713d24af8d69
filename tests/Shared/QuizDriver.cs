using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;

namespace TrainingPortal.Tests;

/// <summary>Takes quizzes through the real pages, answering from the course's key as a well-prepared learner would.</summary>
public sealed class QuizDriver(WebApplicationFactory<Program> factory, PortalClient client, string courseSlug)
{
    public Course Course => factory.Services.GetRequiredService<CourseCatalog>().Find(courseSlug)!;

    public async Task<IHtmlDocument> StartAttemptAsync()
    {
        var quiz = await client.GetPageAsync($"/courses/{courseSlug}/quiz");
        var started = await client.SubmitAsync(quiz, "main form[method=post]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return await client.GetPageAsync($"/courses/{courseSlug}/quiz");
    }

    /// <summary>The options a learner would tick for the questions on the page, all right or all wrong, as the form sends them (their places).</summary>
    public List<KeyValuePair<string, string>> Answers(IHtmlDocument attemptPage, bool right)
    {
        var attemptId = long.Parse(attemptPage.QuerySelector("main form.quiz-form input[name=attemptId]")!.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture);
        var paper = PaperOf(factory.Services, attemptId);
        var fields = attemptPage.QuerySelectorAll("main form input[name^='q.']").Select(i => i.GetAttribute("name")!).Distinct().ToList();
        return fields.SelectMany(field =>
        {
            var question = Course.FindQuestion(QuestionIdOf(paper, field))!;
            var chosen = right ? question.Options.Where(o => o.IsCorrect) : [question.Options.First(o => !o.IsCorrect)];
            return PlacesOf(paper, question.Id, chosen.Select(o => o.Id)).Select(place => new KeyValuePair<string, string>(field, place));
        }).ToList();
    }

    public static QuizPaper PaperOf(IServiceProvider services, long attemptId) =>
        QuizPaper.FromJson(TestData.Query(services, db => db.QuizAttempts.Single(a => a.Id == attemptId).PaperJson));

    /// <summary>The question a quiz form field stands for: "q.3" is the paper's third question (<see cref="QuizPaper.PlaceOf"/>).</summary>
    public static string QuestionIdOf(QuizPaper paper, string fieldName) =>
        paper.Questions[int.Parse(fieldName[2..], System.Globalization.CultureInfo.InvariantCulture) - 1].QuestionId;

    /// <summary>Where options of a question sit on an attempt's paper: what the quiz form sends for them (<see cref="QuizPaper.PlaceOf"/>).</summary>
    public static IReadOnlyList<string> PlacesOf(QuizPaper paper, string questionId, IEnumerable<string> optionIds)
    {
        var order = paper.Questions.Single(q => q.QuestionId == questionId).OptionOrder.ToList();
        return optionIds.Select(id => QuizPaper.PlaceOf(order.IndexOf(id))).ToList();
    }

    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument attemptPage, IEnumerable<KeyValuePair<string, string>> answers)
    {
        var form = attemptPage.QuerySelector<IHtmlFormElement>("main form.quiz-form")!;
        var fields = PortalClient.FormFields(form).Where(f => !f.Key.StartsWith("q.", StringComparison.Ordinal)).Concat(answers);
        return await client.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> PassAsync()
    {
        var attempt = await StartAttemptAsync();
        var response = await SubmitAsync(attempt, Answers(attempt, right: true));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }
}
