using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>What changes outside Development: HSTS, Secure cookies, no developer error pages.</summary>
public class ProductionSecurityTests(ProductionSecurityTests.ProductionFactory factory) : IClassFixture<ProductionSecurityTests.ProductionFactory>
{
    public sealed class ProductionFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:SeedDemoDataOutsideDevelopment", "true"); // the portal factory seeds the demo organisation
            builder.UseSetting("Portal:PublicBaseUrl", "https://portal.bank.example");
            builder.UseSetting("DataProtection:AllowUnencryptedKeys", "true"); // keys encrypted with a certificate: SecurityFindingsProductionTests
        }
    }

    private HttpClient Https() => factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://portal.bank.example"),
        AllowAutoRedirect = false,
    });

    [Fact]
    public async Task Hsts_is_sent_and_cookies_are_secure()
    {
        var client = Https();
        var loginPage = await client.GetAsync("/Identity/Account/Login");
        var html = await loginPage.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var signIn = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "employee@demo.bank", ["Input.Password"] = PortalClient.DemoPassword, ["__RequestVerificationToken"] = token,
        }));

        Assert.StartsWith("max-age=", loginPage.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = loginPage.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie")).Select(c => SetCookieHeaderValue.Parse(c)).ToList();
        Assert.Contains(cookies, c => c.Name == "TrainingPortal.Auth");
        Assert.All(cookies, c => Assert.True(c.Secure && c.HttpOnly, $"{c.Name} must be Secure and HttpOnly"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_request_that_fails_gets_the_error_page_with_a_request_id_and_no_stack_trace(string method)
    {
        using var failing = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.Configure<MvcOptions>(o => o.Filters.Add(new FailWhenAsked()))));
        var client = new PortalClient(failing.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.bank.example"), AllowAutoRedirect = false }));
        await client.SignInAsync("employee@demo.bank", PortalClient.DemoPassword);
        var page = await client.GetPageAsync("/courses");

        client.Http.DefaultRequestHeaders.Add(FailWhenAsked.Header, "yes");
        var response = method == "GET"
            ? await client.Http.GetAsync("/courses")
            : await client.SubmitAsync(page, "form[data-testid=culture-picker]", new Dictionary<string, string>(), [new("culture", "zh-Hans")]);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html);
        Assert.Contains("quote request", html);
        Assert.DoesNotContain(nameof(FailWhenAsked), html);
        Assert.DoesNotContain("Exception", html);
    }

    /// <summary>Makes any page fail as a bug would, inside the app's exception handling, for a request carrying <see cref="Header"/>.</summary>
    private sealed class FailWhenAsked : IAsyncPageFilter
    {
        public const string Header = "X-Fail-For-Test";

        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
            context.HttpContext.Request.Headers.ContainsKey(Header) && context.HttpContext.Features.Get<IExceptionHandlerFeature>() is null // not the error page itself
                ? throw new InvalidOperationException($"{nameof(FailWhenAsked)} failed on purpose") : next();
    }
}
