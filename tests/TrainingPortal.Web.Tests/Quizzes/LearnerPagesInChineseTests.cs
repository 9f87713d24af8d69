using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Quizzes;

/// <summary>
/// A learner's own pages in every state the quiz goes through (open, incomplete, failed, passed, attempts, certificates)
/// read wholly in Chinese: the only English left is course content not yet translated, names and serials.
/// </summary>
public partial class LearnerPagesInChineseTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Slug = "customers-at-the-centre";

    [Theory]
    [InlineData("zh-CN", "我的学习", "第 1 次作答：未通过")]
    [InlineData("zh-HK", "我的學習", "第 1 次作答：不合格")]
    public async Task A_learner_reads_every_step_in_chinese(string acceptLanguage, string home, string failed)
    {
        var user = await TestData.CreateLearnerAsync(factory.Services);
        await TestData.CompleteLessonsAsync(factory.Services, user.Id, Slug);
        var client = new PortalClient(factory);
        client.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        await client.SignInAsync(user.Email!, TestData.LearnerPassword);
        var driver = new QuizDriver(factory, client, Slug);
        var pages = new List<(string Name, IHtmlDocument Page)>
        {
            ("home, nothing done", await client.GetPageAsync("/")),
            ("no certificates", await client.GetPageAsync("/certificates")),
            ("no attempts", await client.GetPageAsync($"/courses/{Slug}/quiz/attempts")),
            ("quiz can start", await client.GetPageAsync($"/courses/{Slug}/quiz")),
        };
        var attempt = await driver.StartAttemptAsync();
        pages.Add(("quiz open", attempt));
        var rightAnswers = driver.Answers(attempt, right: true);
        var leftOut = rightAnswers.Select(a => a.Key).Distinct().Take(3).ToHashSet();
        pages.Add(("quiz incomplete", await client.ParseAsync(await driver.SubmitAsync(attempt, rightAnswers.Where(a => !leftOut.Contains(a.Key))))));
        var result = await client.ParseAsync(await client.FollowAsync(await driver.SubmitAsync(attempt, driver.Answers(attempt, right: false))));
        Assert.Equal(failed, PortalClient.Text(result.QuerySelector("h1")));
        pages.Add(("result, failed", result));
        pages.Add(("result, passed", await client.ParseAsync(await client.FollowAsync(await driver.PassAsync()))));
        pages.Add(("attempts", await client.GetPageAsync($"/courses/{Slug}/quiz/attempts")));
        pages.Add(("quiz passed", await client.GetPageAsync($"/courses/{Slug}/quiz")));
        pages.Add(("home", await client.GetPageAsync("/")));
        pages.Add(("courses", await client.GetPageAsync("/courses")));
        pages.Add(("course done", await client.GetPageAsync($"/courses/{Slug}")));
        pages.Add(("lesson", await client.GetPageAsync($"/courses/{Slug}/why-relationships-drive-growth")));
        pages.Add(("course not started", await client.GetPageAsync("/courses/customer-communication")));
        pages.Add(("quiz, lessons remaining", await client.GetPageAsync("/courses/customer-communication/quiz")));
        pages.Add(("certificates", await client.GetPageAsync("/certificates")));
        pages.Add(("not found", await client.GetPageAsync("/status/404")));
        pages.Add(("forbidden", await client.GetPageAsync("/status/403")));
        Assert.Equal(home, PortalClient.Text(pages[0].Page.QuerySelector("h1")));
        // Sentences around a link, a title or a score: Chinese puts no space between the words and them, as English does.
        var around = pages.Where(p => p.Name.StartsWith("result", StringComparison.Ordinal))
            .SelectMany(p => p.Page.QuerySelectorAll("[data-testid=outcome-sentence], [data-testid=quiz-outcome] p:has([data-testid=score])").Select(e => (p.Name, Text: e.TextContent)))
            .Concat(pages.Where(p => p.Name is "no certificates" or "no attempts")
                .Select(p => (p.Name, Text: p.Page.QuerySelectorAll("main p").Single(e => e.QuerySelector("a") is not null).TextContent)))
            .ToList();
        Assert.Equal(6, around.Count);
        // (A space between Chinese and a number, as in "及格线为 80%", is the resources' own house style.)
        Assert.All(around, p => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}\s+\p{IsCJKUnifiedIdeographs}|[\u3000-\u303F\uFF00-\uFFEF]\s", p.Text));

        // Course content (.lesson-body, .course-text: translated text keeps English names and terms) and data are not UI text.
        var catalog = factory.Services.GetRequiredService<CourseCatalog>();
        var content = catalog.Courses
            .SelectMany(c => new[] { c.Title, c.Summary, c.Category }.Concat(c.Lessons.Select(l => l.Title)))
            .Append(user.DisplayName)
            .OrderByDescending(s => s.Length)
            .ToList();
        var english = new List<string>();
        foreach (var (name, page) in pages)
        {
            var main = page.QuerySelector("main")!;
            foreach (var element in main.QuerySelectorAll(".lesson-body, .course-text, code").ToList())
            {
                element.Remove();
            }

            var text = Regex.Replace(main.TextContent, @"\s+", " ");
            text = content.Aggregate(text, (t, known) => t.Replace(known, " ", StringComparison.Ordinal));
            english.AddRange(EnglishWord().Matches(text).Select(m => m.Value).Distinct().Select(w => $"{name}: {w}"));
        }

        Assert.True(english.Count == 0, "English on learner pages:\n" + string.Join("\n", english));
    }

    [GeneratedRegex("[A-Za-z]?[a-z]{2,}")] // words, not acronyms such as PDF, KYC or the TP of a serial
    private static partial Regex EnglishWord();
}
