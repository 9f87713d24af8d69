using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;

namespace TrainingPortal.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class QuizJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_learner_finishes_the_lessons_takes_the_quiz_passes_and_sees_the_result()
    {
        const string slug = "working-in-the-new-organisation";
        var course = browser.Factory.Services.GetRequiredService<CourseCatalog>().Find(slug)!;
        var learner = await TestData.CreateLearnerAsync(browser.Factory.Services, "黄丽 Huang Li");
        var page = await browser.SignedInPageAsync(learner.Email!, TestData.LearnerPassword);

        await page.GotoAsync($"/courses/{slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start the course" }).ClickAsync();
        for (var i = 0; i < course.Lessons.Count; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Mark as complete") }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Take the quiz" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start attempt 1" }).ClickAsync();

        var names = await page.Locator("form.quiz-form input[name^='q.']").EvaluateAllAsync<string[]>("els => [...new Set(els.map(e => e.name))]");
        Assert.Equal(course.QuestionsPerAttempt, names.Length);
        var attemptId = long.Parse((await page.Locator("form.quiz-form input[name=attemptId]").GetAttributeAsync("value"))!, System.Globalization.CultureInfo.InvariantCulture);
        var paper = QuizDriver.PaperOf(browser.Factory.Services, attemptId);
        foreach (var name in names)
        {
            var question = course.FindQuestion(QuizDriver.QuestionIdOf(paper, name))!;
            foreach (var place in QuizDriver.PlacesOf(paper, question.Id, question.Options.Where(o => o.IsCorrect).Select(o => o.Id)))
            {
                await page.Locator($"input[name='{name}'][value='{place}']").CheckAsync();
            }
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();

        await BrowserFixture.ArrivedAsync(page, $"**/courses/{slug}/quiz/attempts/*");
        Assert.Equal("100 %", await page.GetByTestId("score").InnerTextAsync());
        Assert.Contains("passed", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(course.QuestionsPerAttempt, await page.GetByTestId("review-question").CountAsync());

        // The pass page hands over the certificate; a verifier then types the code printed on it into the public form.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("new-certificate").ClickAsync());
        var certificate = TestData.Query(browser.Factory.Services, db => db.Certificates.Single(c => c.UserId == learner.Id));
        Assert.Equal($"certificate-{certificate.Serial}.pdf", download.SuggestedFilename);
        var verifier = await browser.NewPageAsync();
        await verifier.GotoAsync("/verify");
        await verifier.GetByLabel("Verification code").FillAsync(CertificateRules.PrintedCode(certificate.VerificationCode).ToLowerInvariant());
        await verifier.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await BrowserFixture.ArrivedAsync(verifier, $"**/verify/{certificate.VerificationCode}");
        Assert.Equal("Valid", await verifier.GetByTestId("verification-status").InnerTextAsync());
        Assert.Equal(certificate.Serial, await verifier.GetByTestId("serial").InnerTextAsync());
        Assert.Equal("黄丽 Huang Li", await verifier.GetByTestId("holder").InnerTextAsync());
        Assert.Equal(course.Title, await verifier.GetByTestId("course").InnerTextAsync());
    }
}
