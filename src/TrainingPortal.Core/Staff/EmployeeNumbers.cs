namespace TrainingPortal.Core.Staff;

public static class EmployeeNumbers
{
    public const int MaxLength = 32;

    /// <summary>One spelling for every write path, so "e1" and "E1 " can never be two people.</summary>
    public static string Normalise(string? number) => (number ?? "").Trim().ToUpperInvariant();

    /// <summary>Why a normalised number cannot be stored, or null when it can.</summary>
    public static string? Problem(string normalised) =>
        normalised.Length == 0 ? "give the employee number"
        : normalised.Length > MaxLength || normalised.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')) ? $"'{normalised}' must be at most {MaxLength} letters, digits and hyphens"
        : null;
}
