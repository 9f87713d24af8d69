using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using Xl = DocumentFormat.OpenXml.Spreadsheet;

namespace TrainingPortal.Web.Tests.Reporting;

/// <summary>A cell as Excel reads it: its text (a number as stored) and, when it is styled, its number format.</summary>
public sealed record XlsxCell(string Text, string? NumberFormat)
{
    /// <summary>The date or time a number cell holds, read as Excel does (days since 1899-12-30).</summary>
    public DateTime Moment => DateTime.FromOADate(double.Parse(Text, CultureInfo.InvariantCulture));
}

/// <summary>A worksheet of an XLSX file, read back whole with the Open XML SDK.</summary>
public sealed class XlsxSheet
{
    private XlsxSheet(string name, IReadOnlyList<IReadOnlyList<XlsxCell>> rows) => (Name, Rows) = (name, rows);

    public string Name { get; }
    public IReadOnlyList<IReadOnlyList<XlsxCell>> Rows { get; }
    public IReadOnlyList<XlsxCell> Header => Rows[0];
    public IReadOnlyList<IReadOnlyList<XlsxCell>> DataRows => Rows.Skip(1).ToList();

    public static XlsxSheet Read(byte[] bytes) => ReadAll(bytes)[0];

    /// <summary>Every worksheet, in the workbook's order.</summary>
    public static IReadOnlyList<XlsxSheet> ReadAll(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var customFormats = new Dictionary<uint, string>();
        foreach (var format in stylesheet?.NumberingFormats?.Elements<Xl.NumberingFormat>() ?? [])
        {
            customFormats[format.NumberFormatId!.Value] = format.FormatCode!.Value!;
        }

        var cellFormats = stylesheet?.CellFormats?.Elements<Xl.CellFormat>().ToList() ?? new List<Xl.CellFormat>();
        string? NumberFormat(Xl.Cell cell)
        {
            if (cell.StyleIndex?.Value is not { } style)
            {
                return null;
            }

            var id = cellFormats[(int)style].NumberFormatId?.Value ?? 0u;
            return customFormats.TryGetValue(id, out var code) ? code : id == 0 ? null : $"built-in {id}";
        }

        return workbook.Workbook!.Sheets!.Elements<Xl.Sheet>().Select(sheet =>
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var rows = part.Worksheet!.Descendants<Xl.Row>()
                .Select(row => (IReadOnlyList<XlsxCell>)row.Elements<Xl.Cell>()
                    .Select(cell => new XlsxCell(cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "", NumberFormat(cell)))
                    .ToList())
                .ToList();
            return new XlsxSheet(sheet.Name!.Value!, rows);
        }).ToList();
    }
}
