using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainingPortal.Data;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// axe-core (npm package, installed by .ci/run) checks each page of the main journeys of every role
/// against WCAG 2.1 A and AA inside Chromium. Any violation fails the test with its rule and elements.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string AxeScript = FindAxe();

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("axe-core is not installed: run 'npm ci' at the repository root (.ci/run does).");
    }

    private static async Task<List<string>> ViolationsAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxeScript });
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations" +
            ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
        return json.EnumerateArray().Select(v => $"{url}: {v.GetString()}").ToList();
    }

    private async Task AssertNoViolationsAsync(string? email, params string[] urls)
    {
        var page = email is null ? await browser.NewPageAsync(forAxe: true) : await browser.SignedInPageAsync(email, forAxe: true);
        var violations = new List<string>();
        foreach (var url in urls)
        {
            violations.AddRange(await ViolationsAsync(page, url));
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task Public_pages_have_no_violations()
    {
        var code = Query(db => db.Certificates.Select(c => c.VerificationCode).First());
        await AssertNoViolationsAsync(null, "/Identity/Account/Login", $"/verify/{code}", "/verify/ABCDEFGHJKLMNPQRSTUV");
    }

    [Fact]
    public async Task The_learner_journey_has_no_violations()
    {
        await AssertNoViolationsAsync("employee@demo.bank",
            "/", "/courses", "/courses/customer-communication", "/courses/customer-communication/listening-first",
            "/courses/customer-communication/quiz", "/certificates", "/glossary", "/Identity/Account/Manage/ChangePassword", "/no-such-page");
    }

    [Fact]
    public async Task The_quiz_and_result_pages_have_no_violations()
    {
        var page = await browser.SignedInPageAsync("employee@demo.bank", forAxe: true);
        var attempt = Query(db => db.QuizAttempts.Where(a => a.UserId == db.Users.Single(u => u.Email == "employee@demo.bank").Id && a.SubmittedAtUtc != null)
            .Select(a => new { a.Id, a.CourseSlug }).First());

        var violations = await ViolationsAsync(page, $"/courses/{attempt.CourseSlug}/quiz/attempts/{attempt.Id}");

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task Hr_pages_have_no_violations()
    {
        var employee = Query(db => db.Users.Where(u => u.Email == "employee@demo.bank").Select(u => u.Id).Single());
        await AssertNoViolationsAsync("hr@demo.bank",
            "/reports/completion", "/hr/assignments", "/hr/import", "/hr/audit", $"/hr/employees/{employee}", "/admin/users", "/admin/users/new");
    }

    [Fact]
    public async Task Management_and_branch_pages_have_no_violations()
    {
        var branch = Query(db => db.Users.Where(u => u.Email == "manager@demo.bank").Select(u => u.Branch!.Code).Single());
        await AssertNoViolationsAsync("exec@demo.bank", "/dashboard", $"/dashboard/branches/{branch}");
        await AssertNoViolationsAsync("manager@demo.bank", "/branch", $"/dashboard/branches/{branch}");
    }

    private T Query<T>(Func<PortalDbContext, T> query)
    {
        using var scope = browser.Factory.Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
