using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Foundation;

public class RateLimitTests(RateLimitTests.LowLimitFactory factory) : IClassFixture<RateLimitTests.LowLimitFactory>
{
    public sealed class LowLimitFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimits:SignInPerMinute", "3");
            builder.UseSetting("RateLimits:VerifyPerMinute", "4");
        }
    }

    [Fact]
    public async Task The_public_verification_page_is_limited_per_client_address()
    {
        var client = new PortalClient(factory);

        // A code typed into the form counts as much as one in the address: guessing is as slow either way.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.Http.GetAsync(i % 2 == 0 ? "/verify?code=ABCDE-FGHJK-LMNPQ-RSTUV" : "/verify/ABCDEFGHJKLMNPQRSTUV")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.NotFound, HttpStatusCode.Redirect, HttpStatusCode.NotFound], statuses.Take(4));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[4]);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_address_but_the_form_still_loads()
    {
        var client = new PortalClient(factory);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.SignInAsync("exec@demo.bank", "wrong password " + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/Identity/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Bare_posts_to_the_code_step_from_a_shared_address_do_not_hold_up_a_colleague_at_their_code()
    {
        var colleague = await TestData.CreateLearnerAsync(factory.Services, "Colleague With Authenticator");
        string key;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(colleague.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var noisy = new PortalClient(factory);
        var bare = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            bare.Add((await noisy.Http.PostAsync("/Identity/Account/LoginWith2fa",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Code"] = "000000" }))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, bare[3]);

        var client = new PortalClient(factory);
        var codeStep = await client.SignInAsync(colleague.Email!, TestData.LearnerPassword);
        Assert.StartsWith("/Identity/Account/LoginWith2fa", codeStep.Headers.Location!.OriginalString);
        var codeForm = await client.GetPageAsync(codeStep.Headers.Location!.OriginalString);
        var signedIn = await client.SubmitAsync(codeForm, "main form[method=post]", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/")).StatusCode);
    }
}
