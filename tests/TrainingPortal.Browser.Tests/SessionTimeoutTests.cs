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
        var session = (await kept.JsonAsync())!.Value;
        Assert.True(session.GetProperty("remainingSeconds").GetInt64() > 120);
        Assert.True(session.GetProperty("renewable").GetBoolean());
        await Assertions.Expect(warning).ToBeHiddenAsync();
        await Assertions.Expect(person).ToBeFocusedAsync();
    }

    [Fact]
    public async Task At_the_ten_hour_limit_the_warning_says_to_save_and_sign_in_again_and_offers_nothing_it_cannot_do()
    {
        var page = await browser.SignedInPageAsync("manager@demo.bank");
        // The page as the server writes it ninety seconds before a sign-in's ten hours are up.
        await page.RouteAsync("**/branch/observations/new", async route =>
        {
            var response = await route.FetchAsync();
            var html = System.Text.RegularExpressions.Regex.Replace(await response.TextAsync(), "data-remaining=\"\\d+\" data-renewable=\"true\"", "data-remaining=\"90\" data-renewable=\"false\"");
            await route.FulfillAsync(new() { Response = response, Body = html });
        });
        await page.Clock.InstallAsync();
        await page.GotoAsync("/branch/observations/new");
        var warning = page.GetByRole(AriaRole.Alertdialog);

        await Assertions.Expect(warning).ToBeVisibleAsync();
        await Assertions.Expect(warning).ToContainTextAsync("10-hour limit");
        await Assertions.Expect(warning.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToBeHiddenAsync();
        var close = warning.GetByRole(AriaRole.Button, new() { Name = "Close" });
        await Assertions.Expect(close).ToBeFocusedAsync();

        await close.ClickAsync();
        await page.Clock.FastForwardAsync("01:00");
        await Assertions.Expect(warning).ToBeHiddenAsync();
    }
}
