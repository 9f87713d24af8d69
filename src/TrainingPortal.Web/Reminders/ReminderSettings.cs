using TrainingPortal.Core.Reminders;

namespace TrainingPortal.Web.Reminders;

/// <summary>
/// The <c>Reminders</c> section. The lists are null until set, because the configuration binder adds a setting's
/// items to an array that already has some: a default of 30, 7, 1 would become 30, 7, 1, 14 rather than 14.
/// </summary>
public sealed class ReminderSettings
{
    public const string Section = "Reminders";

    public int[]? DueDays { get; set; }
    public int? OverdueRepeats { get; set; }
    public int[]? ExpiryDays { get; set; }
    public DayOfWeek? DigestDay { get; set; }

    /// <summary>How often each instance looks for reminders that have fallen due; each kind still goes out once a day.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an instance holds a kind's scan before another may take it over (its instance is presumed dead).</summary>
    public TimeSpan ScanLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The bank's time of day from which the background scan writes the day's reminders, so they reach people with the
    /// working day rather than at midnight; `reminders run` sends when it is run.
    /// </summary>
    public TimeOnly SendFrom { get; set; } = new(8, 0);

    /// <summary>Whether this instance runs the scan in the background; `reminders run` works either way.</summary>
    public bool ScanInBackground { get; set; } = true;
}

public static class ReminderSetup
{
    /// <returns>Why the settings cannot be used, or null.</returns>
    public static string? AddPortalReminders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ReminderSettings.Section).Get<ReminderSettings>() ?? new ReminderSettings();
        var schedule = ReminderSchedule.Create(settings.DueDays, settings.OverdueRepeats, settings.ExpiryDays, settings.DigestDay, out var problems);
        var found = problems.ToList();
        if (settings.ScanInterval < TimeSpan.FromMinutes(1))
        {
            found.Add($"Reminders:ScanInterval must be at least 00:01:00; it is {settings.ScanInterval}.");
        }

        if (settings.ScanLease < TimeSpan.FromMinutes(1))
        {
            found.Add($"Reminders:ScanLease must be at least 00:01:00; it is {settings.ScanLease}.");
        }

        if (schedule is null || found.Count > 0)
        {
            return string.Join(" ", found);
        }

        services.AddSingleton(schedule);
        services.AddSingleton(settings);
        services.AddScoped<ReminderQueries>();
        services.AddScoped<ReminderMails>();
        services.AddScoped<ReminderScanner>();
        if (settings.ScanInBackground)
        {
            services.AddHostedService<ReminderService>();
        }

        return null;
    }
}
