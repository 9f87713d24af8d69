namespace TrainingPortal.Web.Reporting;

/// <summary>A search term as a LIKE pattern that matches it anywhere, its own % and _ taken literally (and [, which SQL
/// Server reads as the start of a character class).</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string term) =>
        "%" + term.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal)
            .Replace("[", Escape + "[", StringComparison.Ordinal) + "%";
}
