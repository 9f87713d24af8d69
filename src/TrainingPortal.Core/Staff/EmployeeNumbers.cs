namespace TrainingPortal.Core.Staff;

public static class EmployeeNumbers
{
    /// <summary>One spelling for every write path, so "e1" and "E1 " can never be two people.</summary>
    public static string Normalise(string? number) => (number ?? "").Trim().ToUpperInvariant();
}
