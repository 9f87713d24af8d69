using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// Streams report rows as CSV straight from the database cursor to the response: memory stays flat
/// however many rows there are. A UTF-8 byte-order mark lets Excel show Chinese names correctly.
/// </summary>
public sealed class CompletionCsvResult(IQueryable<CompletionRow> rows, CourseCatalog catalog, string fileName) : IActionResult
{
    public static readonly IReadOnlyList<string> Header =
        ["employee_number", "name", "job_title", "branch", "course", "assigned_on", "due_on", "status", "started_at_utc", "certified_at_utc", "certificate_expires_at_utc"];

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";

        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Header)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var written = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(row.EmployeeNumber);
            csv.WriteField(SafeCell(row.DisplayName));
            csv.WriteField(SafeCell(row.JobTitle));
            csv.WriteField(SafeCell(row.BranchName));
            csv.WriteField(catalog.Find(row.CourseSlug)?.Title ?? row.CourseSlug);
            csv.WriteField(row.AssignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(row.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(TrainingStatuses.Describe(row.Status));
            csv.WriteField(Timestamp(row.StartedAtUtc));
            csv.WriteField(Timestamp(row.CertifiedAtUtc));
            csv.WriteField(Timestamp(row.CertificateExpiresAtUtc));
            await csv.NextRecordAsync();
            if (++written % 1_000 == 0)
            {
                await csv.FlushAsync();
            }
        }
    }

    private static string Timestamp(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A cell starting with = + - @ would run as a formula in Excel: prefix it so it stays text.</summary>
    public static string SafeCell(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
