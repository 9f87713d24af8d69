using System.Globalization;
using System.Net;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Web.Tests.Localization;

namespace TrainingPortal.Web.Tests.Reporting;

/// <summary>HR in a bank works in Excel: the report, the branch view and the audit trail download as XLSX beside CSV.</summary>
public class ExportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string CheckedAction = "test.export-checked";
    private const int CheckedEntries = 60; // more than one page of the audit list
    private const string FormulaSummary = "=HYPERLINK(\"http://example.invalid\")";

    private BankCalendar Calendar => factory.Services.GetRequiredService<BankCalendar>();

    [Fact]
    public async Task The_completion_report_in_excel_holds_every_row_with_headers_in_the_readers_language_chinese_names_and_real_dates()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var page = await hr.GetPageAsync("/reports/completion");

        var response = await hr.Http.GetAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.LongLength, response.Content.Headers.ContentLength);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition!.FileNameStar!);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var sheet = XlsxSheet.Read(bytes);
        var chinese = ResourceFilesTests.Strings("zh-Hans");
        Assert.Equal(chinese["Report.Title"], sheet.Name);
        Assert.Equal(chinese["Report.Csv.EmployeeNumber"], sheet.Header[0].Text);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, chinese["Report.Csv.StartedAt"], Calendar.Zone.Id), sheet.Header[8].Text);

        var expected = await AllReportRowsAsync();
        Assert.Equal(int.Parse(PortalClient.Text(page.QuerySelector("[data-testid=total-assigned]")), CultureInfo.InvariantCulture), sheet.DataRows.Count);
        Assert.Equal(expected.Count, sheet.DataRows.Count);
        var names = sheet.DataRows.Select(r => r[1].Text).ToList();
        Assert.Contains("Li Na 李娜", names);
        Assert.Equal(expected.Select(r => r.DisplayName).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));

        Assert.All(sheet.DataRows, r => Assert.Equal("yyyy-mm-dd", r[6].NumberFormat));
        Assert.Equal(expected.Select(r => r.DueOn).Order(), sheet.DataRows.Select(r => DateOnly.FromDateTime(r[6].Moment)).Order());
        var started = sheet.DataRows.Select(r => r[8]).Where(c => c.Text.Length > 0).ToList();
        Assert.All(started, c => Assert.Equal("yyyy-mm-dd hh:mm", c.NumberFormat));
        AssertSameTimes(expected.Where(r => r.StartedAtUtc is not null).Select(r => Calendar.LocalTime(r.StartedAtUtc!.Value)), started.Select(c => c.Moment));
    }

    [Fact]
    public async Task A_branch_manager_gets_only_their_branch_in_excel_even_when_the_query_string_names_another()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var ownBranch = TestData.Query(factory.Services, db => db.Users.Where(u => u.Email == "manager@demo.bank").Select(u => u.Branch!.Name).Single());
        var otherBranchId = TestData.Query(factory.Services, db => db.Branches.Where(b => b.Name != ownBranch).Select(b => b.Id).First());
        var page = await manager.GetPageAsync("/branch");

        var own = XlsxSheet.Read(await manager.Http.GetByteArrayAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!));
        var tampered = XlsxSheet.Read(await manager.Http.GetByteArrayAsync($"/branch?branch={otherBranchId}&format=xlsx"));

        var total = int.Parse(PortalClient.Text(page.QuerySelector("[data-testid=total-assigned]")), CultureInfo.InvariantCulture);
        Assert.True(total > 0);
        Assert.Equal(total, own.DataRows.Count);
        Assert.Equal(total, tampered.DataRows.Count);
        Assert.All(own.DataRows.Concat(tampered.DataRows), r => Assert.Equal(ownBranch, r[3].Text));
    }

    [Fact]
    public async Task The_audit_trail_exports_every_filtered_entry_not_just_the_page_in_csv_and_in_excel()
    {
        var entries = await AddAuditEntriesAsync();
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync($"/hr/audit?action={CheckedAction}");
        Assert.True(page.QuerySelectorAll("[data-testid=audit-rows] tbody tr").Length < CheckedEntries);

        var csvResponse = await hr.Http.GetAsync(page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!);
        var xlsxResponse = await hr.Http.GetAsync(page.QuerySelector("[data-testid=export-xlsx]")!.GetAttribute("href")!);

        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(XlsxType, xlsxResponse.Content.Headers.ContentType?.MediaType);
        var english = ResourceFilesTests.Strings("");
        var timeHeader = string.Format(CultureInfo.InvariantCulture, english["Hr.Audit.Export.When"], Calendar.Zone.Id);
        var expectedIds = entries.Select(e => e.TargetId).Order(StringComparer.Ordinal).ToList();
        var newest = entries.MaxBy(e => e.AtUtc)!;

        var csv = await ReadCsvAsync(csvResponse);
        Assert.Equal(timeHeader, csv[0][0]);
        Assert.Equal(expectedIds, csv.Skip(1).Select(r => r[4]).Order(StringComparer.Ordinal));
        Assert.All(csv.Skip(1), r => Assert.Equal((CheckedAction, "王芳 Audit Check"), (r[2], r[1])));
        Assert.Equal(Calendar.LocalTime(newest.AtUtc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), csv[1][0]);
        Assert.Contains("'" + FormulaSummary, csv.Select(r => r[5]));

        var xlsx = XlsxSheet.Read(await xlsxResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(timeHeader, xlsx.Header[0].Text);
        Assert.Equal(expectedIds, xlsx.DataRows.Select(r => r[4].Text).Order(StringComparer.Ordinal));
        Assert.All(xlsx.DataRows, r => Assert.Equal((CheckedAction, "王芳 Audit Check"), (r[2].Text, r[1].Text)));
        Assert.All(xlsx.DataRows, r => Assert.Equal("yyyy-mm-dd hh:mm", r[0].NumberFormat));
        AssertSameTimes([Calendar.LocalTime(newest.AtUtc)], [xlsx.DataRows[0][0].Moment]);
        Assert.Contains(FormulaSummary, xlsx.DataRows.Select(r => r[5].Text));
    }

    private async Task<List<CompletionRow>> AllReportRowsAsync()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await CompletionQuery.Rows(db, new CompletionFilter(), Calendar.MomentAt(factory.Clock.GetUtcNow().UtcDateTime)).ToListAsync();
    }

    /// <summary>More entries of one action than a page shows, beside a few of another action that the filter must leave out.</summary>
    private async Task<List<AuditEntry>> AddAuditEntriesAsync()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var entries = Enumerable.Range(0, CheckedEntries).Select(i => new AuditEntry
        {
            AtUtc = now.AddMinutes(-i), ActorName = "王芳 Audit Check", Action = CheckedAction, TargetType = "Employee",
            TargetId = $"T{i:000}", Summary = i == 7 ? FormulaSummary : $"Checked {i}",
        }).ToList();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.AuditEntries.AddRange(entries);
        db.AuditEntries.AddRange(Enumerable.Range(0, 3).Select(i => new AuditEntry
        {
            AtUtc = now.AddMinutes(-i), ActorName = "王芳 Audit Check", Action = "test.export-other", TargetType = "Employee", TargetId = $"X{i}", Summary = "Other",
        }));
        await db.SaveChangesAsync();
        return entries;
    }

    private static async Task<List<string[]>> ReadCsvAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var reader = new CsvReader(new StringReader(text.TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        }

        return rows;
    }

    /// <summary>Excel keeps a time as a fraction of a day, so it comes back to within a millisecond, not to the tick.</summary>
    private static void AssertSameTimes(IEnumerable<DateTime> expected, IEnumerable<DateTime> actual)
    {
        var want = expected.Order().ToList();
        var got = actual.Order().ToList();
        Assert.Equal(want.Count, got.Count);
        Assert.All(want.Zip(got), pair => Assert.True((pair.First - pair.Second).Duration() < TimeSpan.FromSeconds(1), $"{pair.First:O} exported as {pair.Second:O}"));
    }
}
