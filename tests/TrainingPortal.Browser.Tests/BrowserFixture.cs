using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrainingPortal.Tests;

namespace TrainingPortal.Browser.Tests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 and Debian's Chromium driven by Playwright.
/// Playwright never downloads a browser: it is pointed at /usr/bin/chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// How long any step may wait for a page (Playwright's default is 30 s). A fresh app compiles its pages and queries
    /// on first use; started beside two other apps and browsers on two cores (CI), one sign-in took longer than 30 s.
    /// A wrong selector now takes this long to fail.
    /// </summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    private const string LoginPath = "/Identity/Account/Login";
    private static readonly Regex LoginAddress = new(Regex.Escape(LoginPath));

    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new PortalFactory())
    {
    }

    /// <summary>For a journey that needs the app configured differently; internal, as xunit wants one public constructor.</summary>
    internal BrowserFixture(PortalFactory factory) => Factory = factory;

    public PortalFactory Factory { get; }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <remarks>
    /// Pages keep the portal's Content-Security-Policy, accessibility checks included: Deque.AxeCore.Playwright
    /// evaluates axe-core through Playwright (the DevTools protocol), which the page's policy does not govern.
    /// </remarks>
    /// <param name="locale">The browser's language, which it also sends as Accept-Language.</param>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = locale });
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInPageAsync(string email, string password = PortalClient.DemoPassword, string locale = "en-GB")
    {
        var page = await NewPageAsync(locale);
        await page.GotoAsync(LoginPath);
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("main form button[type=submit]").First.ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains(LoginPath, StringComparison.Ordinal));
        if (answer.Status != StatusCodes.Status302Found || (await answer.HeaderValueAsync("location") ?? "").Contains("/Identity/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {email} was answered {answer.Status} {await answer.HeaderValueAsync("location")}, not a redirect to a home page: "
                + await page.Locator("main").InnerTextAsync());
        }

        // Each role lands on its own home. Waiting for that page's address, not its load event: once in CI the landing
        // page's load event never reached Playwright in 90 s although its network had gone idle. Every caller either
        // navigates on or waits for the elements it uses.
        await Assertions.Expect(page).Not.ToHaveURLAsync(LoginAddress, new() { Timeout = (float)StepTimeout.TotalMilliseconds });
        return page;
    }

    /// <summary>
    /// Waits until the page has navigated to <paramref name="glob"/> and its document is parsed, not for its load event:
    /// twice in CI that event never reached Playwright in 90 s although the page's network had gone idle. For steps that
    /// go on to read the page's elements; a step that measures layout waits for the load event itself.
    /// </summary>
    public static Task ArrivedAsync(IPage page, string glob) =>
        page.WaitForURLAsync(glob, new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <inheritdoc cref="ArrivedAsync(IPage, string)"/>
    public static Task ArrivedAsync(IPage page, Func<string, bool> address) =>
        page.WaitForURLAsync(address, new() { WaitUntil = WaitUntilState.DOMContentLoaded });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// Most of the accessibility checks run beside the journeys and the phone crawl, on an app and a browser of their own:
/// while one collection waits for a page the other has the processor. Two, because the machines that run the tests
/// have two cores; the HR and quiz checks run with the journeys, so that both collections take about as long.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-accessibility";
}
