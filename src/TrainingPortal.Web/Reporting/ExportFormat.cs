namespace TrainingPortal.Web.Reporting;

public enum ExportFormat
{
    Csv,
    Xlsx,
}

public static class ExportFormats
{
    /// <summary>The format a <c>?format=</c> value asks for; null for none or an unknown one, which shows the page.</summary>
    public static ExportFormat? Parse(string? value) =>
        value?.Trim().ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "xlsx" => ExportFormat.Xlsx,
            _ => null,
        };

    public static string QueryValue(this ExportFormat format) => format == ExportFormat.Xlsx ? "xlsx" : "csv";

    public static string FileExtension(this ExportFormat format) => "." + format.QueryValue();

    public static string ContentType(this ExportFormat format) =>
        format == ExportFormat.Xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
}
