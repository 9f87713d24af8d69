using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// A table streamed from the database as a file to download, in either format, with memory flat however many rows
/// there are. CSV goes straight to the response, with a UTF-8 byte-order mark so that Excel shows Chinese names
/// correctly and values as ISO-8601 text. XLSX has a bold header row, text as text, and dates and times as real dates;
/// past a sheet's <see cref="RowsPerSheet"/> rows it goes on in another sheet under the same header.
/// </summary>
public sealed class TableExportResult<T>(
    ExportFormat format, string fileBaseName, string sheetName, IReadOnlyList<ExportColumn<T>> columns, IAsyncEnumerable<T> rows) : IActionResult
{
    // Excel refuses to open a file with a longer text in one cell.
    private const int MaxXlsxText = 32_767;

    // Excel opens at most this many rows of a sheet and drops the rest (the whole bank's report at 500,000 staff has 1.4 million).
    private const int MaxXlsxRows = 1_048_576;

    /// <summary>Data rows an XLSX sheet holds under its header before the table goes on in the next sheet.</summary>
    public int RowsPerSheet { get; init; } = MaxXlsxRows - 1;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        var fileName = fileBaseName + format.FileExtension();
        response.ContentType = format.ContentType();
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (format == ExportFormat.Xlsx)
        {
            await WriteXlsxAsync(response, cancellationToken);
        }
        else
        {
            await WriteCsvAsync(response.Body, cancellationToken);
        }
    }

    private async Task WriteCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in columns)
        {
            csv.WriteField(column.Header);
        }

        await csv.NextRecordAsync();
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var column in columns)
            {
                csv.WriteField(CsvText(column.Value(row)));
            }

            await csv.NextRecordAsync();
            if (++written % 1_000 == 0)
            {
                await csv.FlushAsync();
            }
        }
    }

    private async Task WriteXlsxAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        // SpreadCheetah writes part of the archive synchronously when it closes it, which Kestrel refuses: straight to
        // the response, the download would end truncated with status 200. So the workbook is built in a temporary file
        // (removed when closed), then sent asynchronously with its length known.
        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, bufferSize: 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var spreadsheet = await Spreadsheet.CreateNewAsync(file, cancellationToken: cancellationToken))
        {
            var header = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
            var date = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd") });
            var time = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd hh:mm") });
            var headers = columns.Select(c => c.Header).ToArray();
            var (sheets, onSheet) = (1, 0);
            await spreadsheet.StartWorksheetAsync(WorksheetName(sheetName, sheets), SheetOptions(), cancellationToken);
            await spreadsheet.AddHeaderRowAsync(headers, header, cancellationToken);
            var cells = new Cell[columns.Count];
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (onSheet++ == RowsPerSheet)
                {
                    await spreadsheet.StartWorksheetAsync(WorksheetName(sheetName, ++sheets), SheetOptions(), cancellationToken);
                    await spreadsheet.AddHeaderRowAsync(headers, header, cancellationToken);
                    onSheet = 1;
                }

                for (var i = 0; i < columns.Count; i++)
                {
                    cells[i] = XlsxCell(columns[i].Value(row), date, time);
                }

                await spreadsheet.AddRowAsync(cells, cancellationToken);
            }

            await spreadsheet.FinishAsync(cancellationToken);
        }

        response.ContentLength = file.Length;
        file.Position = 0;
        await file.CopyToAsync(response.Body, cancellationToken);
    }

    /// <summary>The header row stays in view while scrolling; each column is wide enough for its header and a date and time.</summary>
    private WorksheetOptions SheetOptions()
    {
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < columns.Count; i++)
        {
            options.Column(i + 1).Width = Math.Clamp(columns[i].Header.Length + 2, 18, 45);
        }

        return options;
    }

    private static string CsvText(ExportCell cell) => cell.Kind switch
    {
        ExportCellKind.Text => SafeCsvText(cell.Text!),
        ExportCellKind.Number => cell.Number.ToString(CultureInfo.InvariantCulture),
        ExportCellKind.Date => cell.Moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ExportCellKind.BankTime => cell.Moment.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>
    /// A CSV cell starting with = + - @ would run as a formula in Excel: prefix it so it stays text. XLSX needs no
    /// such guard, as its cells are written as strings, never as formulas.
    /// </summary>
    private static string SafeCsvText(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static Cell XlsxCell(ExportCell cell, StyleId date, StyleId time) => cell.Kind switch
    {
        ExportCellKind.Text => new Cell(cell.Text is { Length: > MaxXlsxText } text ? text[..MaxXlsxText] : cell.Text),
        ExportCellKind.Number => new Cell(cell.Number),
        ExportCellKind.Date => new Cell(cell.Moment, date),
        ExportCellKind.BankTime => new Cell(cell.Moment, time),
        _ => new Cell((string?)null),
    };

    /// <summary>
    /// A sheet's name may not hold / \ * ? [ ] : nor be longer than 31 characters: a translated title is made to fit,
    /// with the sheet's number after the first ("Completion (2)").
    /// </summary>
    private static string WorksheetName(string title, int number)
    {
        var suffix = number == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({number})");
        var name = new string(title.Select(c => c is '/' or '\\' or '*' or '?' or '[' or ']' or ':' ? ' ' : c).ToArray());
        name = name[..Math.Min(name.Length, 31 - suffix.Length)].Trim().Trim('\'');
        return name.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"Sheet{number}") : name + suffix;
    }
}
