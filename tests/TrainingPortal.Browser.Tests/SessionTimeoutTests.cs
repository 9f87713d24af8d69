using Microsoft.Playwright;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// An idle sign-in ends after thirty minutes: two minutes before, the page says so and offers to keep it (WCAG 2.2.1),
/// so a branch manager watching a colleague for half an hour does not lose the observation they are writing.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SessionTimeoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_minutes_before_an_idle_sign_in_ends_the_page_warns_and_keeps_it_on_request()
    {
        var page = await browser.SignedInPageAsync("manager@demo.bank");
        await page.Clock.InstallAsync();
        await page.GotoAsync("/branch/observations/new");
        var person = page.Locator("#o-person");
        await person.FocusAsync();
        var warning = page.GetByRole(AriaRole.Alertdialog);
        var stay = warning.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" });

        await page.Clock.FastForwardAsync("27:00");
        await Assertions.Expect(warning).ToBeHiddenAsync();
        await page.Clock.FastForwardAsync("01:30");

        await Assertions.Expect(warning).ToBeVisibleAsync();
        await Assertions.Expect(warning).ToContainTextAsync("you will be signed out in 2 minutes");
        await Assertions.Expect(stay).ToBeFocusedAsync();

        var kept = await page.RunAndWaitForResponseAsync(() => stay.ClickAsync(), response => response.Url.EndsWith("/session", StringComparison.Ordinal));
        Assert.Equal(200, kept.Status);
        Assert.True((await kept.JsonAsync())?.GetProperty("remainingSeconds").GetInt64() > 120);
        await Assertions.Expect(warning).ToBeHiddenAsync();
        await Assertions.Expect(person).ToBeFocusedAsync();
    }
}
