using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;
using UglyToad.PdfPig;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// One learner across the three languages: progress, attempts and the certificate belong to the course, whatever
/// language each page was read in. Controls are found by role and form, not by their English names.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LanguageJourneyTests(BrowserFixture browser)
{
    private const string Slug = "customers-at-the-centre";

    private static async Task ChooseLanguageAsync(IPage page, string language)
    {
        await page.Locator($"form[data-testid=culture-picker] button[value='{language}']").ClickAsync();
        // The page is replaced after the post: between documents there is briefly no root element to read.
        await page.WaitForFunctionAsync($"document.documentElement?.lang === '{language}'");
    }

    private static async Task MarkCompleteAsync(IPage page)
    {
        var url = page.Url;
        await page.Locator("main form[action*='handler=Complete'] button[type=submit]").ClickAsync();
        await BrowserFixture.ArrivedAsync(page, u => u != url);
    }

    [Fact]
    public async Task A_learner_reads_in_traditional_switches_to_english_keeps_progress_passes_in_simplified_and_gets_a_bilingual_certificate()
    {
        var library = browser.Factory.Services.GetRequiredService<ContentLibrary>();
        var (english, traditional, simplified) = (library.Base.Find(Slug)!, library.For("zh-Hant").Find(Slug)!, library.For("zh-Hans").Find(Slug)!);
        var learner = await TestData.CreateLearnerAsync(browser.Factory.Services, "陳美玲 Chan Mei-ling");
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/Identity/Account/Login");
        await ChooseLanguageAsync(page, "zh-Hant");
        Assert.Equal("zh-Hant", await page.Locator("html").GetAttributeAsync("lang"));
        await page.Locator("#Input_Email").FillAsync(learner.Email!);
        await page.Locator("#Input_Password").FillAsync(TestData.LearnerPassword);
        await page.Locator("main form button[type=submit]").First.ClickAsync();
        await BrowserFixture.ArrivedAsync(page, browser.BaseUrl + "/");

        await page.GotoAsync($"/courses/{Slug}/{english.Lessons[0].Slug}");
        Assert.Equal(traditional.Lessons[0].Title, await page.Locator("h1").InnerTextAsync());
        await MarkCompleteAsync(page);

        await ChooseLanguageAsync(page, "en");
        Assert.Equal(english.Lessons[1].Title, await page.Locator("h1").InnerTextAsync());
        Assert.Equal("1", await page.Locator("#course-progress").GetAttributeAsync("value")); // the lesson read in Chinese still counts
        for (var i = 1; i < english.Lessons.Count; i++)
        {
            await MarkCompleteAsync(page);
        }

        await ChooseLanguageAsync(page, "zh-Hans");
        await page.GotoAsync($"/courses/{Slug}/quiz");
        await page.Locator("main form[action*='handler=Start'] button[type=submit]").ClickAsync();
        var names = await page.Locator("form.quiz-form input[name^='q.']").EvaluateAllAsync<string[]>("els => [...new Set(els.map(e => e.name))]");
        Assert.Equal(english.QuestionsPerAttempt, names.Length);
        var attemptId = long.Parse((await page.Locator("form.quiz-form input[name=attemptId]").GetAttributeAsync("value"))!, System.Globalization.CultureInfo.InvariantCulture);
        var paper = QuizDriver.PaperOf(browser.Factory.Services, attemptId);
        Assert.Contains(simplified.FindQuestion(QuizDriver.QuestionIdOf(paper, names[0]))!.PromptHtml[..20], await page.Locator("form.quiz-form").InnerHTMLAsync());
        foreach (var name in names)
        {
            var question = english.FindQuestion(QuizDriver.QuestionIdOf(paper, name))!;
            foreach (var place in QuizDriver.PlacesOf(paper, question.Id, question.Options.Where(o => o.IsCorrect).Select(o => o.Id)))
            {
                await page.Locator($"input[name='{name}'][value='{place}']").CheckAsync();
            }
        }

        await page.Locator("form.quiz-form button[type=submit]").ClickAsync();
        await BrowserFixture.ArrivedAsync(page, $"**/courses/{Slug}/quiz/attempts/*");
        Assert.StartsWith("100", await page.GetByTestId("score").InnerTextAsync());
        var attempt = TestData.Query(browser.Factory.Services, db => db.QuizAttempts.Where(a => a.UserId == learner.Id).Select(a => new { a.Language, a.Passed }).Single());
        Assert.Equal(("zh-Hans", (bool?)true), (attempt.Language, attempt.Passed));

        var serial = TestData.Query(browser.Factory.Services, db => db.Certificates.Where(c => c.UserId == learner.Id && c.CourseSlug == Slug).Select(c => c.Serial).Single());
        var pdf = await page.APIRequest.GetAsync($"/certificates/{serial}/pdf");
        Assert.Equal(200, pdf.Status);
        using var document = PdfDocument.Open(await pdf.BodyAsync());
        var text = string.Concat(document.GetPages().Select(p => string.Concat(p.Letters.Select(l => l.Value))));
        Assert.Contains(simplified.Title.Replace(" ", ""), text.Replace(" ", ""));
        Assert.Contains(english.Title.Replace(" ", ""), text.Replace(" ", ""));
    }
}
