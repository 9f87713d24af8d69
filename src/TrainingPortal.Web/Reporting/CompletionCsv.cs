using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// Streams report rows as CSV straight from the database cursor to the response: memory stays flat
/// however many rows there are. A UTF-8 byte-order mark lets Excel show Chinese names correctly.
/// The header row and the statuses are in the reader's language; values stay ISO-8601: dates as yyyy-MM-dd,
/// instants as the bank's wall-clock time (yyyy-MM-ddTHH:mm) with the zone named in the column's header.
/// </summary>
public sealed class CompletionCsvResult(IQueryable<CompletionRow> rows, CourseCatalog catalog, string fileName) : IActionResult
{
    /// <summary>The resource keys of the columns, in order; the last three take the time zone's id.</summary>
    public static readonly IReadOnlyList<string> HeaderKeys =
    [
        "Report.Csv.EmployeeNumber", "Report.Csv.Name", "Report.Csv.JobTitle", "Report.Csv.Branch", "Report.Csv.Course", "Report.Csv.AssignedOn",
        "Report.Csv.DueOn", "Report.Csv.Status", "Report.Csv.StartedAt", "Report.Csv.CertifiedAt", "Report.Csv.CertificateExpiresAt",
    ];

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Shared>>();
        var calendar = context.HttpContext.RequestServices.GetRequiredService<BankCalendar>();
        var headOffice = text["HeadOffice"].Value;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";

        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var key in HeaderKeys)
        {
            csv.WriteField(text[key, calendar.Zone.Id].Value);
        }

        await csv.NextRecordAsync();
        var written = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(row.EmployeeNumber);
            csv.WriteField(SafeCell(row.DisplayName));
            csv.WriteField(SafeCell(row.JobTitle));
            csv.WriteField(row.BranchId is null ? headOffice : SafeCell(row.BranchName));
            csv.WriteField(catalog.Find(row.CourseSlug)?.Title ?? row.CourseSlug);
            csv.WriteField(row.AssignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(row.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(text.Name(row.Status));
            csv.WriteField(Timestamp(calendar, row.StartedAtUtc));
            csv.WriteField(Timestamp(calendar, row.CertifiedAtUtc));
            csv.WriteField(Timestamp(calendar, row.CertificateExpiresAtUtc));
            await csv.NextRecordAsync();
            if (++written % 1_000 == 0)
            {
                await csv.FlushAsync();
            }
        }
    }

    /// <summary>An instant as the bank's local time in ISO-8601, e.g. 2026-12-02T14:05.</summary>
    private static string Timestamp(BankCalendar calendar, DateTime? utc) =>
        utc is { } value ? calendar.LocalTime(value).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>A cell starting with = + - @ would run as a formula in Excel: prefix it so it stays text.</summary>
    public static string SafeCell(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
