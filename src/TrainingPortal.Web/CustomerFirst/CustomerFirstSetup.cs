using TrainingPortal.Core.CustomerFirst;

namespace TrainingPortal.Web.CustomerFirst;

/// <summary>The <c>Pulse</c> section.</summary>
public sealed class PulseSettings
{
    public const string Section = "Pulse";

    /// <summary>The fewest responses a group (branch, region, bank) needs before its results are shown; never below 5.</summary>
    public int MinimumGroupSize { get; set; } = Pulse.SmallestGroupAllowed;
}

/// <summary>The <c>Culture</c> section: how the customer-first index weighs its components.</summary>
public sealed class CultureSettings
{
    public const string Section = "Culture";

    public WeightSettings Weights { get; set; } = new();

    public sealed class WeightSettings
    {
        public int Adoption { get; set; } = CultureWeights.Default.Adoption;
        public int Behaviour { get; set; } = CultureWeights.Default.Behaviour;
        public int Pulse { get; set; } = CultureWeights.Default.Pulse;
    }
}

public static class CustomerFirstSetup
{
    /// <returns>Why the settings cannot be used, or null.</returns>
    public static string? AddCustomerFirst(this IServiceCollection services, IConfiguration configuration)
    {
        var pulse = configuration.GetSection(PulseSettings.Section).Get<PulseSettings>() ?? new PulseSettings();
        var culture = configuration.GetSection(CultureSettings.Section).Get<CultureSettings>() ?? new CultureSettings();
        var weights = new CultureWeights(culture.Weights.Adoption, culture.Weights.Behaviour, culture.Weights.Pulse);
        var problems = new List<string>();
        if (pulse.MinimumGroupSize < Pulse.SmallestGroupAllowed)
        {
            problems.Add($"Pulse:MinimumGroupSize must be at least {Pulse.SmallestGroupAllowed}, so that no answer can be traced to a person; it is {pulse.MinimumGroupSize}.");
        }

        if (weights.Problem() is { } weightProblem)
        {
            problems.Add(weightProblem + ".");
        }

        if (problems.Count > 0)
        {
            return string.Join(" ", problems);
        }

        services.AddSingleton(pulse);
        services.AddSingleton(weights);
        services.AddScoped<RecordObservation>();
        services.AddScoped<AcknowledgeObservation>();
        services.AddScoped<OpenPulsePeriod>();
        services.AddScoped<WithdrawPulsePeriod>();
        services.AddScoped<AnswerPulse>();
        services.AddScoped<CustomerFirstQuery>();
        return null;
    }
}
