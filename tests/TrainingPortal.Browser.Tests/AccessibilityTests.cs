using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TrainingPortal.Tests;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// axe-core (embedded in the Deque.AxeCore.Playwright NuGet package) checks each page of the main journeys of every role
/// against WCAG 2.1 A and AA inside Chromium. Any violation fails the test with its rule and elements.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public class AccessibilityTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task Public_pages_have_no_violations(string locale)
    {
        var code = TestData.Query(browser.Factory.Services, db => db.Certificates.Select(c => c.VerificationCode).First());
        await Axe.AssertNoViolationsAsync(browser, locale, null, "/Identity/Account/Login", $"/verify/{code}", "/verify/ABCDEFGHJKLMNPQRSTUV", "/verify",
            "/account/forgot-password", "/account/set-password", "/Identity/Account/Lockout");
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task The_learner_journey_has_no_violations(string locale)
    {
        await Axe.AssertNoViolationsAsync(browser, locale, "employee@demo.bank",
            "/", "/courses", "/courses/customer-communication", "/courses/customer-communication/listening-first", "/courses/customers-at-the-centre/why-relationships-drive-growth",
            "/courses/customer-communication/quiz", "/certificates", "/glossary", "/Identity/Account/Manage/ChangePassword", "/no-such-page",
            "/Identity/Account/Manage", "/Identity/Account/Manage/TwoFactorAuthentication", "/courses/customers-at-the-centre", "/courses/customers-at-the-centre/quiz/attempts", "/courses/protecting-customers/practice-card");
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task Management_and_branch_pages_have_no_violations(string locale)
    {
        var branch = TestData.Query(browser.Factory.Services, db => db.Users.Where(u => u.Email == "manager@demo.bank").Select(u => u.Branch!.Code).Single());
        await Axe.AssertNoViolationsAsync(browser, locale, "exec@demo.bank", "/dashboard", $"/dashboard/branches/{branch}");
        await Axe.AssertNoViolationsAsync(browser, locale, "manager@demo.bank", "/branch", $"/dashboard/branches/{branch}");
        var observation = TestData.Query(browser.Factory.Services, db => db.Observations.Where(o => o.SubjectUserId == db.Users.Single(u => u.Email == "employee@demo.bank").Id).Select(o => new { o.Id, o.SubjectUserId }).First());
        await Axe.AssertNoViolationsAsync(browser, locale, "manager@demo.bank", "/branch/observations", "/branch/observations/new",
            $"/branch/observations/new?person={observation.SubjectUserId}&course=customer-communication", $"/observations/{observation.Id}");
        await Axe.AssertNoViolationsAsync(browser, locale, "employee@demo.bank", $"/observations/{observation.Id}", "/pulse");
        await Axe.AssertNoViolationsAsync(browser, locale, "admin@demo.bank", "/admin/mail", "/admin/users");
    }
}

/// <summary>
/// The same checks on the HR pages and a quiz result, run in the journeys' collection so that the two collections take
/// about as long as each other. They write nothing the journeys read; the HR pages show what the journeys have left
/// by then (an observation, an import), which axe checks too.
/// </summary>
[Collection(BrowserCollection.Name)]
public class HrAndQuizAccessibilityTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task The_quiz_and_result_pages_have_no_violations(string locale)
    {
        var page = await browser.SignedInPageAsync("employee@demo.bank", locale: locale);
        var attempt = TestData.Query(browser.Factory.Services, db => db.QuizAttempts.Where(a => a.UserId == db.Users.Single(u => u.Email == "employee@demo.bank").Id && a.SubmittedAtUtc != null)
            .Select(a => new { a.Id, a.CourseSlug }).First());

        var violations = await Axe.ViolationsAsync(page, $"/courses/{attempt.CourseSlug}/quiz/attempts/{attempt.Id}");

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task Hr_pages_have_no_violations(string locale)
    {
        var employee = TestData.Query(browser.Factory.Services, db => db.Users.Where(u => u.Email == "employee@demo.bank").Select(u => u.Id).Single());
        await Axe.AssertNoViolationsAsync(browser, locale, "hr@demo.bank",
            "/hr", "/reports/completion", "/hr/assignments", "/hr/import", "/hr/audit", $"/hr/employees/{employee}", "/admin/users", "/admin/users/new", "/hr/pulse");
    }
}

/// <summary>Runs axe-core on pages and reports each violation with its rule and first elements.</summary>
internal static class Axe
{
    /// <summary>The rules every page is held to: WCAG 2.1 A and AA.</summary>
    public static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static async Task<List<string>> ViolationsAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        var result = await page.RunAxe(Wcag21AA);
        return result.Violations
            .Select(v => $"{url}: {v.Id} ({v.Impact}): " + string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target.FrameShadowSelectors.SelectMany(s => s)))))
            .ToList();
    }

    public static async Task AssertNoViolationsAsync(BrowserFixture browser, string locale, string? email, params string[] urls)
    {
        var page = email is null ? await browser.NewPageAsync(locale) : await browser.SignedInPageAsync(email, locale: locale);
        var violations = new List<string>();
        foreach (var url in urls)
        {
            violations.AddRange(await ViolationsAsync(page, url));
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
