using System.Net;
using Microsoft.AspNetCore.Hosting;
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

    [Fact]
    public async Task The_error_page_shows_a_request_id_and_no_stack_trace()
    {
        var response = await Https().GetAsync("/Error");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", html);
        Assert.Contains("quote request", html);
        Assert.DoesNotContain("Exception", html);
    }
}
