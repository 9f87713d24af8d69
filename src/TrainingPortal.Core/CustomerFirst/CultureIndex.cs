namespace TrainingPortal.Core.CustomerFirst;

public enum CultureComponent
{
    Adoption,
    Behaviour,
    Pulse,
}

/// <summary>How much each component counts in the index (<c>Culture:Weights</c>); only their ratio matters.</summary>
public sealed record CultureWeights(int Adoption, int Behaviour, int Pulse)
{
    public static readonly CultureWeights Default = new(40, 30, 30);

    public int Of(CultureComponent component) => component switch
    {
        CultureComponent.Adoption => Adoption,
        CultureComponent.Behaviour => Behaviour,
        CultureComponent.Pulse => Pulse,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    /// <summary>Why these weights cannot be used, naming the setting; null when they can.</summary>
    public string? Problem() =>
        Adoption < 0 || Behaviour < 0 || Pulse < 0 ? "Culture:Weights: each weight must be 0 or more"
        : Adoption + Behaviour + Pulse == 0 ? "Culture:Weights: at least one weight must be above 0"
        : Adoption + Behaviour + Pulse > 1000 ? "Culture:Weights: the weights add up to more than 1000; give them as percentages"
        : null;
}

/// <summary>The three measures of one group (a branch, a region, the bank), each 0–100, null when it cannot be measured yet.</summary>
public sealed record CultureComponents(double? Adoption, double? Behaviour, double? Pulse)
{
    public double? Of(CultureComponent component) => component switch
    {
        CultureComponent.Adoption => Adoption,
        CultureComponent.Behaviour => Behaviour,
        CultureComponent.Pulse => Pulse,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };
}

/// <param name="Value">The index, 0–100; null when a component it needs is missing.</param>
/// <param name="Missing">The weighted components that could not be measured, which is why there is no index.</param>
public sealed record CultureIndexResult(double? Value, IReadOnlyList<CultureComponent> Missing);

/// <summary>
/// One customer-first index per group: the weighted mean of training adoption (valid certificates among required
/// courses), observed behaviour (share of observed behaviours established) and the pulse (mean score on 0–100).
/// A component with weight 0 is left out; a missing component with a weight means no index, never a guess.
/// </summary>
public static class CultureIndex
{
    public static readonly IReadOnlyList<CultureComponent> Components = [CultureComponent.Adoption, CultureComponent.Behaviour, CultureComponent.Pulse];

    /// <remarks>Computed for every branch of a board (10,000 at a large bank), so it adds up in one pass.</remarks>
    public static CultureIndexResult Compute(CultureComponents components, CultureWeights weights)
    {
        var (weighted, total) = (0.0, 0.0);
        List<CultureComponent>? missing = null;
        foreach (var component in Components)
        {
            var weight = weights.Of(component);
            if (weight <= 0)
            {
                continue;
            }

            if (components.Of(component) is { } value)
            {
                weighted += value * weight;
                total += weight;
            }
            else
            {
                (missing ??= []).Add(component);
            }
        }

        return missing is not null ? new CultureIndexResult(null, missing) : new CultureIndexResult(Math.Round(weighted / total, 1), []);
    }

    /// <summary>Share in percent, one decimal; null when there is nothing to share.</summary>
    public static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);
}
