using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Web.Reminders;

namespace TrainingPortal.Web.Tests.Reminders;

public class ReminderSettingsTests
{
    private static string? Problem(params (string Key, string Value)[] settings) =>
        new ServiceCollection().AddPortalReminders(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Reminders_are_sent_from_eight_in_the_morning_unless_set_and_a_time_that_leaves_no_scan_before_midnight_is_refused()
    {
        Assert.Null(Problem());
        Assert.Null(Problem(("Reminders:SendFrom", "22:00")));
        Assert.Equal("Reminders:SendFrom (23:30) must leave at least one Reminders:ScanInterval (01:00:00) before midnight.", Problem(("Reminders:SendFrom", "23:30")));
        Assert.Null(Problem(("Reminders:SendFrom", "23:30"), ("Reminders:ScanInterval", "00:15:00")));
    }
}
