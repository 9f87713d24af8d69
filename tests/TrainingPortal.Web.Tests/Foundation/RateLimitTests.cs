using System.Net;
using Microsoft.AspNetCore.Hosting;
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
}
