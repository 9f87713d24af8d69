using Microsoft.AspNetCore.Hosting;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Foundation;

/// <summary>Settings whose bad values would start a portal that fails later (every sign-in, every invitation) stop it at start instead.</summary>
public class StartupSettingsTests
{
    private sealed class OneSettingFactory(string setting, string value) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(setting, value);
        }
    }

    [Theory]
    [InlineData("RateLimits:SignInPerAddressPerMinute", "0")]
    [InlineData("RateLimits:VerifyPerMinute", "-5")]
    [InlineData("RateLimits:PasswordResetPerMinute", "1,000")]
    [InlineData("Accounts:InvitationLifetime", "0")]
    [InlineData("Accounts:InvitationLifetime", "7d")]
    [InlineData("Performance:WarmUpOnStart", "yes")]
    public void A_value_the_portal_cannot_work_with_stops_it_at_start_naming_the_setting(string setting, string value)
    {
        using var portal = new OneSettingFactory(setting, value);

        var refused = Assert.ThrowsAny<Exception>(() => portal.Services);

        Assert.Contains(setting.Split(':')[1], refused.ToString());
    }
}
