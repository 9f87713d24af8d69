using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>Why a use case said no. <see cref="Field"/> names the input at fault, or is empty for the request as a whole.</summary>
public sealed record Refusal(string Field, string Message);

/// <summary>What a use case returns: its result, the reasons it refused, or that the thing it was asked about does not exist.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, IReadOnlyList<Refusal> refusals, bool notFound, bool forbidden = false)
    {
        Value = value;
        Refusals = refusals;
        NotFound = notFound;
        Forbidden = forbidden;
    }

    public T? Value { get; }
    public IReadOnlyList<Refusal> Refusals { get; }
    public bool NotFound { get; }

    /// <summary>The actor may not touch this thing at all (someone else's, another branch's): the page answers 403.</summary>
    public bool Forbidden { get; }
    public bool Succeeded => !NotFound && !Forbidden && Refusals.Count == 0;

    public static Outcome<T> Done(T value) => new(value, [], false);

    public static Outcome<T> Missing() => new(default, [], true);

    public static Outcome<T> Denied() => new(default, [], false, forbidden: true);

    public static Outcome<T> Refused(string field, string message) => new(default, [new Refusal(field, message)], false);

    public static Outcome<T> Refused(IReadOnlyList<Refusal> refusals) =>
        refusals.Count > 0 ? new(default, refusals, false) : throw new ArgumentException("A refusal needs a reason.", nameof(refusals));
}

public static class RefusalModelState
{
    /// <summary>
    /// Shows a use case's refusals beside the inputs they concern (<c>Input.CourseSlug</c>), or all of them above the
    /// form when <paramref name="prefix"/> is null.
    /// </summary>
    public static void AddRefusals(this ModelStateDictionary modelState, IEnumerable<Refusal> refusals, string? prefix = "Input")
    {
        foreach (var refusal in refusals)
        {
            modelState.AddModelError(refusal.Field.Length == 0 || prefix is null ? string.Empty : $"{prefix}.{refusal.Field}", refusal.Message);
        }
    }
}
