using TrainingPortal.Core.Calendar;
using System.Net;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

public class ReportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_csv_export_starts_with_a_bom_and_holds_exactly_the_filtered_rows_of_the_page()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var branchId = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Id).First());
        var url = $"/reports/completion?branch={branchId}&course=customers-at-the-centre&sort=number";

        var page = await hr.GetPageAsync(url);
        var exportLink = page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!;
        var response = await hr.Http.GetAsync(exportLink);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        using var csv = new CsvReader(new StreamReader(new MemoryStream(bytes), Encoding.UTF8), System.Globalization.CultureInfo.InvariantCulture);
        var records = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        var pageRows = page.QuerySelectorAll("[data-testid=completion-rows] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(int.Parse(PortalClient.Text(page.QuerySelector("[data-testid=total-assigned]"))), records.Count);
        Assert.True(records.Count > 0);
        Assert.Equal(pageRows.Select(r => r[1]), records.Take(pageRows.Count).Select(r => (string)r["Employee number"]));
        Assert.Equal(pageRows.Select(r => r[5]), records.Take(pageRows.Count).Select(r => (string)r["Status"]));
        Assert.All(records, r => Assert.Equal("Putting customers at the centre", r["Course"]));
    }

    [Fact]
    public async Task Totals_count_completed_and_overdue_rows_as_the_status_filter_does()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var all = await hr.GetPageAsync("/reports/completion");
        var overdue = await hr.GetPageAsync("/reports/completion?status=Overdue");
        var completed = await hr.GetPageAsync("/reports/completion?status=Completed");

        Assert.Equal(PortalClient.Text(all.QuerySelector("[data-testid=total-overdue]")), PortalClient.Text(overdue.QuerySelector("[data-testid=total-assigned]")));
        Assert.Equal(PortalClient.Text(all.QuerySelector("[data-testid=total-completed]")), PortalClient.Text(completed.QuerySelector("[data-testid=total-assigned]")));
        Assert.All(overdue.QuerySelectorAll("[data-testid=completion-rows] tbody tr"), tr => Assert.Equal("Overdue", tr.QuerySelectorAll("td")[5].TextContent.Trim()));
    }

    [Fact]
    public async Task Totals_rows_and_the_core_status_rule_agree_for_every_status()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var at = scope.ServiceProvider.GetRequiredService<BankCalendar>().MomentAt(factory.Clock.GetUtcNow().UtcDateTime);

        var rows = await CompletionQuery.Rows(db, new CompletionFilter(), at).ToListAsync();
        var totals = await CompletionQuery.TotalsAsync(db, new CompletionFilter(), at, CancellationToken.None);

        Assert.All(rows, r => Assert.Equal(TrainingStatuses.Of(r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, at), r.Status));
        Assert.Equal(rows.Count, totals.Assigned);
        var expected = new Dictionary<TrainingStatus, int>
        {
            [TrainingStatus.Completed] = totals.Completed, [TrainingStatus.Overdue] = totals.Overdue, [TrainingStatus.InProgress] = totals.InProgress,
            [TrainingStatus.NotStarted] = totals.NotStarted, [TrainingStatus.CertificateExpired] = totals.CertificateExpired,
        };
        foreach (var (status, count) in expected)
        {
            Assert.True(count > 0, $"the demo data should hold some {status} rows");
            Assert.Equal(rows.Count(r => r.Status == status), count);
            Assert.Equal(count, await CompletionQuery.Rows(db, new CompletionFilter(Status: status), at).CountAsync());
            Assert.Equal(count, (await CompletionQuery.TotalsAsync(db, new CompletionFilter(Status: status), at, CancellationToken.None)).Assigned);
        }
    }

    [Theory]
    [InlineData("name", false)]
    [InlineData("name", true)]
    [InlineData("branch", false)]
    [InlineData("due", true)]
    [InlineData("status", false)]
    public async Task Following_next_reads_every_row_once_in_order_and_previous_goes_back_a_page(string sort, bool descending)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var at = factory.Services.GetRequiredService<TrainingPortal.Core.Calendar.BankCalendar>().MomentAt(factory.Clock.GetUtcNow().UtcDateTime);
        var expected = TestData.Query(factory.Services, db => CompletionQuery.Sort(CompletionQuery.Rows(db, new CompletionFilter(), at), sort, descending)
            .Select(r => r.EmployeeNumber + "/" + r.CourseSlug).ToList());
        List<string> Rows(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("[data-testid=completion-rows] tbody tr").Select(tr => tr.GetAttribute("data-row")!).ToList();

        var pages = new List<List<string>>();
        var page = await hr.GetPageAsync($"/reports/completion?sort={sort}&desc={(descending ? "true" : "false")}");
        while (pages.Count <= expected.Count / 50 + 1)
        {
            pages.Add(Rows(page));
            if (page.QuerySelector("a[rel=next]") is not { } next)
            {
                break;
            }

            Assert.Contains("after=", next.GetAttribute("href"));
            page = await hr.GetPageAsync(next.GetAttribute("href")!);
        }

        Assert.True(pages.Count > 3);
        Assert.Equal($"Page {pages.Count} of {pages.Count}", PortalClient.Text(page.QuerySelector("[data-testid=completion-rows] caption")).Split(" · ")[0]);
        Assert.Equal(expected, pages.SelectMany(p => p));
        var back = await hr.GetPageAsync(page.QuerySelector("a[rel=prev]")!.GetAttribute("href")!);
        Assert.Equal(pages[^2], Rows(back));
        var tampered = await hr.GetPageAsync($"/reports/completion?sort={sort}&desc={(descending ? "true" : "false")}&p=2&after=not-a-cursor");
        Assert.Equal(expected.Skip(50).Take(50), Rows(tampered)); // an unreadable cursor falls back to the page number
    }

    [Fact]
    public async Task Not_yet_completed_only_lists_and_counts_the_courses_still_to_be_done()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var at = factory.Services.GetRequiredService<TrainingPortal.Core.Calendar.BankCalendar>().MomentAt(factory.Clock.GetUtcNow().UtcDateTime);
        var expected = TestData.Query(factory.Services, db => CompletionQuery.Rows(db, new CompletionFilter(), at)
            .Count(r => r.Status == TrainingStatus.NotStarted || r.Status == TrainingStatus.InProgress || r.Status == TrainingStatus.Overdue));
        int Total(AngleSharp.Html.Dom.IHtmlDocument page, string what) => int.Parse(PortalClient.Text(page.QuerySelector($"[data-testid=total-{what}]")), System.Globalization.NumberStyles.AllowThousands);

        var page = await hr.GetPageAsync("/reports/completion?unfinished=true");
        var overdue = await hr.GetPageAsync("/reports/completion?unfinished=true&status=Overdue");

        Assert.True(expected > 0);
        Assert.Equal(expected, Total(page, "assigned"));
        Assert.Equal(0, Total(page, "completed"));
        Assert.Equal(Total(await hr.GetPageAsync("/reports/completion?status=Overdue"), "overdue"), Total(overdue, "assigned"));
        Assert.Contains("unfinished=true", page.QuerySelector("a[rel=next]")?.GetAttribute("href") ?? "unfinished=true");
    }

    [Fact]
    public async Task A_branch_manager_sees_only_their_branch_even_when_the_query_string_names_another()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var branches = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => new { b.Id, b.Name }).Take(2).ToList());

        var own = await manager.GetPageAsync("/branch");
        var tampered = await manager.GetPageAsync($"/branch?branch={branches[1].Id}&region=2");
        var csv = await manager.Http.GetStringAsync($"/branch?branch={branches[1].Id}&format=csv");

        Assert.All(own.QuerySelectorAll("[data-testid=completion-rows] tbody tr"), tr => Assert.Equal(branches[0].Name, tr.QuerySelectorAll("td")[2].TextContent.Trim()));
        Assert.All(tampered.QuerySelectorAll("[data-testid=completion-rows] tbody tr"), tr => Assert.Equal(branches[0].Name, tr.QuerySelectorAll("td")[2].TextContent.Trim()));
        Assert.DoesNotContain(branches[1].Name, csv);
        Assert.Contains(branches[0].Name, csv);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Http.GetAsync($"/reports/completion?branch={branches[1].Id}")).StatusCode);
    }

    [Fact]
    public async Task An_employee_gets_403_on_every_hr_page()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var someone = TestData.Query(factory.Services, db => db.Users.First().Id);

        foreach (var url in new[] { "/hr/assignments", "/hr/import", "/hr/audit", "/reports/completion", "/reports/completion?format=csv", $"/hr/employees/{someone}", "/admin/users", "/admin/users/new", "/branch" })
        {
            Assert.True((await employee.Http.GetAsync(url)).StatusCode == HttpStatusCode.Forbidden, url);
        }
    }

    [Fact]
    public async Task Due_dates_turn_overdue_as_the_clock_moves()
    {
        using var local = new PortalFactory();
        var hr = await PortalClient.SignedInAsync(local, "hr@demo.bank");
        var learner = await TestData.CreateLearnerAsync(local.Services, "Clock Watcher");
        var page = await hr.GetPageAsync("/hr/assignments");
        await hr.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.CourseSlug"] = "customer-communication", ["Input.Target"] = "Employees", ["Input.EmployeeNumbers"] = learner.EmployeeNumber,
            ["Input.DueRule"] = "DaysAfterAssignment", ["Input.DueDays"] = "10",
        });
        string StatusOf(AngleSharp.Html.Dom.IHtmlDocument report) =>
            report.QuerySelectorAll("[data-testid=completion-rows] tbody tr").Single(tr => tr.TextContent.Contains("Clock Watcher")).QuerySelectorAll("td")[5].TextContent.Trim();

        var before = await hr.GetPageAsync($"/reports/completion?course=customer-communication&status=NotStarted");
        local.Clock.Advance(TimeSpan.FromDays(11));
        hr = await PortalClient.SignedInAsync(local, "hr@demo.bank");
        var after = await hr.GetPageAsync($"/reports/completion?course=customer-communication&status=Overdue");

        Assert.Equal("Not started", StatusOf(before));
        Assert.Equal("Overdue", StatusOf(after));
    }

    [Fact]
    public async Task A_branch_given_both_by_id_and_by_code_is_the_ids_on_the_screen_and_in_the_export_link()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var branches = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => new { b.Id, b.Code }).Take(2).ToList());

        var page = await hr.GetPageAsync($"/reports/completion?branch={branches[0].Id}&branchcode={branches[1].Code}");

        var export = page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!;
        Assert.Contains($"branch={branches[0].Id}", export, StringComparison.Ordinal);
        Assert.DoesNotContain("branchcode", export, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("50%", "%50\\%%")]
    [InlineData("a_b", "%a\\_b%")]
    [InlineData("[AB]", "%\\[AB]%")]
    [InlineData("c:\\x", "%c:\\\\x%")]
    public void A_search_term_is_matched_literally_whatever_it_holds(string term, string pattern) =>
        Assert.Equal(pattern, LikePattern.Containing(term));
}
