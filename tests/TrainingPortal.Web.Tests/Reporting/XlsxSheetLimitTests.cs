using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Tests.Reporting;

/// <summary>Excel opens at most 1,048,576 rows of a sheet and drops the rest: a longer export goes on in further sheets.</summary>
public class XlsxSheetLimitTests
{
    [Fact]
    public async Task A_table_longer_than_a_sheet_goes_on_in_further_sheets_each_under_the_header()
    {
        var result = new TableExportResult<int>(ExportFormat.Xlsx, "numbers", "Completion of required courses",
            [new("Number", n => n), new("Row", n => $"第{n}行")], Enumerable.Range(1, 7).ToAsyncEnumerable()) { RowsPerSheet = 3 };
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;

        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        var sheets = XlsxSheet.ReadAll(body.ToArray());
        // Names stay within Excel's 31 characters with the number added.
        Assert.Equal(["Completion of required courses", "Completion of required cour (2)", "Completion of required cour (3)"], sheets.Select(s => s.Name));
        Assert.All(sheets, sheet => Assert.Equal(["Number", "Row"], sheet.Header.Select(c => c.Text)));
        Assert.Equal([["1", "2", "3"], ["4", "5", "6"], ["7"]], sheets.Select(s => s.DataRows.Select(r => r[0].Text).ToArray()));
        Assert.Equal("第7行", sheets[2].DataRows[0][1].Text);
    }

    [Fact]
    public async Task A_table_that_fills_its_sheet_exactly_starts_no_empty_one()
    {
        var result = new TableExportResult<int>(ExportFormat.Xlsx, "numbers", "Audit",
            [new("Number", n => n)], Enumerable.Range(1, 6).ToAsyncEnumerable()) { RowsPerSheet = 3 };
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;

        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        Assert.Equal([3, 3], XlsxSheet.ReadAll(body.ToArray()).Select(s => s.DataRows.Count));
    }
}
