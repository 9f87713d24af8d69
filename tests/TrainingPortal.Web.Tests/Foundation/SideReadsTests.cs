using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Foundation;

public class SideReadsTests
{
    private sealed class Reader;

    private static readonly AsyncLocal<string?> RequestValue = new();

    [Fact]
    public async Task A_side_read_runs_in_the_request_s_cultures_but_carries_none_of_its_other_context()
    {
        await using var services = new ServiceCollection().AddScoped<Reader>().BuildServiceProvider();
        var reads = new SideReads(services.GetRequiredService<IServiceScopeFactory>());
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (new CultureInfo("zh-HK"), new CultureInfo("zh-Hant"));
            RequestValue.Value = "the request's";

            var seen = await reads.StartAsync((Reader _) => Task.FromResult((RequestValue.Value, CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name)));

            Assert.Equal((null, "zh-HK", "zh-Hant"), seen);
            Assert.Equal("the request's", RequestValue.Value);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
