using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Progress;
using System.Net;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Dashboard;

public class DashboardTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("")]
    [InlineData("?course=customers-at-the-centre")]
    [InlineData("?region={region}")]
    [InlineData("?region={region}&course=customer-communication")]
    public async Task The_dashboard_totals_equal_the_completion_reports_for_the_same_filters(string query)
    {
        var region = TestData.Query(factory.Services, db => db.Regions.OrderBy(r => r.Id).Select(r => r.Id).First());
        query = query.Replace("{region}", region.ToString());
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var dashboard = await exec.GetPageAsync("/dashboard" + query);
        var report = await hr.GetPageAsync("/reports/completion" + query);

        var figures = dashboard.QuerySelector("[data-testid=figures]")!;
        var completion = figures.QuerySelector("[data-figure=completion]")!;
        Assert.Equal(PortalClient.Text(report.QuerySelector("[data-testid=total-percent]")), PortalClient.Text(completion));
        Assert.Equal(PortalClient.Text(report.QuerySelector("[data-testid=total-overdue]")), PortalClient.Text(figures.QuerySelector("[data-figure=overdue]")));
        Assert.Equal(
            $"{PortalClient.Text(report.QuerySelector("[data-testid=total-completed]"))} of {PortalClient.Text(report.QuerySelector("[data-testid=total-assigned]"))}",
            PortalClient.Text(completion.NextElementSibling));
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("zh-CN")]
    [InlineData("zh-HK")]
    public async Task Every_figure_on_the_dashboard_and_a_branch_page_is_explained_on_that_page(string language)
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        exec.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).First());

        foreach (var path in new[] { "/dashboard", $"/dashboard/branches/{branch}" })
        {
            var page = await exec.GetPageAsync(path);
            var explained = page.QuerySelectorAll("[data-testid=figures-explained] dt[data-explains]")
                .ToDictionary(dt => dt.GetAttribute("data-explains")!, dt => PortalClient.Text(dt.NextElementSibling));
            var shown = page.QuerySelectorAll("[data-testid=figures] [data-figure]").Select(f => f.GetAttribute("data-figure")!).ToList();
            Assert.Equal(7, shown.Count);
            Assert.All(shown, figure => Assert.False(string.IsNullOrWhiteSpace(explained.GetValueOrDefault(figure)), $"{path} ({language}): '{figure}' is not explained"));
            Assert.False(string.IsNullOrWhiteSpace(explained.GetValueOrDefault("trend")), $"{path} ({language}): the trend is not explained");
            // Chinese writes the percent sign against the number, as the quiz score does; English as its resource says.
            Assert.Matches(language.StartsWith("zh", StringComparison.Ordinal) ? @"^\d+\.\d%$" : @"^\d+\.\d %$", PortalClient.Text(page.QuerySelector("[data-testid=figures] [data-figure=completion]")));
        }
    }

    [Fact]
    public async Task The_median_days_shown_for_the_bank_each_region_and_each_branch_are_those_of_their_standing_certificates()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var at = factory.Services.GetRequiredService<BankCalendar>().MomentAt(factory.Clock.GetUtcNow().UtcDateTime);
        var rows = TestData.Query(factory.Services, db => db.RequiredCourses
            .Select(r => new { r.BranchId, r.RegionId, r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, r.DaysToComplete })
            .ToList());
        var standing = rows.Where(r => r.DaysToComplete is not null
            && TrainingStatuses.Of(r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, at) == TrainingStatus.Completed).ToList();
        string Median<T>(IEnumerable<T> group, Func<T, int> days) =>
            Adoption.Median(group.GroupBy(days).ToDictionary(g => g.Key, g => g.Count()))?.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) ?? "–";
        var regionNames = TestData.Query(factory.Services, db => db.Regions.ToDictionary(r => r.Id, r => r.Name));
        var branchCodes = TestData.Query(factory.Services, db => db.Branches.ToDictionary(b => b.Id, b => b.Code));

        var page = await exec.GetPageAsync("/dashboard");

        Assert.True(standing.Select(r => r.DaysToComplete).Distinct().Count() > 5, "the demo bank's certificates took many different numbers of days");
        Assert.Equal(Median(standing, r => r.DaysToComplete!.Value), PortalClient.Text(page.QuerySelector("[data-testid=figures] [data-figure=median]")));
        var regionCells = page.QuerySelectorAll("[data-testid=regions] tbody tr")
            .ToDictionary(tr => PortalClient.Text(tr.QuerySelector("th")), tr => PortalClient.Text(tr.QuerySelectorAll("td")[5]));
        Assert.Equal(regionNames.Count, regionCells.Count);
        Assert.All(regionNames, region => Assert.Equal(Median(standing.Where(r => r.RegionId == region.Key), r => r.DaysToComplete!.Value), regionCells[region.Value]));
        var branchCells = page.QuerySelectorAll("[data-testid=branches] tbody tr")
            .ToDictionary(tr => tr.GetAttribute("data-branch")!, tr => PortalClient.Text(tr.QuerySelectorAll("td")[6]));
        Assert.Equal(branchCodes.Count, branchCells.Count);
        Assert.All(branchCodes, branch => Assert.Equal(Median(standing.Where(r => r.BranchId == branch.Key), r => r.DaysToComplete!.Value), branchCells[branch.Value]));

        // Sorting by the median reads every branch's, not only a page's.
        var sorted = (await exec.GetPageAsync("/dashboard?sort=median")).QuerySelectorAll("[data-testid=branches] tbody tr")
            .Select(tr => (Code: tr.GetAttribute("data-branch")!, Median: PortalClient.Text(tr.QuerySelectorAll("td")[6]))).ToList();
        Assert.Equal(branchCells.OrderBy(c => c.Key).ToList(), sorted.ToDictionary(c => c.Code, c => c.Median).OrderBy(c => c.Key).ToList());
        var values = sorted.Select(c => c.Median).TakeWhile(m => m != "–").Select(m => double.Parse(m, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Order(), values);
        Assert.All(sorted.Skip(values.Count), c => Assert.Equal("–", c.Median));
    }

    [Fact]
    public async Task The_region_chart_is_an_accessible_svg_with_one_bar_per_region()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var regions = TestData.Query(factory.Services, db => db.Regions.Count());

        var page = await exec.GetPageAsync("/dashboard");

        var svg = page.QuerySelector("svg#chart-regions")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("Completion of required training by region", PortalClient.Text(svg.QuerySelector("title")));
        Assert.Contains("Northern Region:", svg.QuerySelector("desc")!.TextContent);
        Assert.Equal(regions, svg.QuerySelectorAll("rect.bar").Length);
        Assert.Equal(2, svg.QuerySelectorAll("text.axis-label").Length);
        Assert.Equal(12, page.QuerySelectorAll("svg#chart-trend circle").Length);
    }

    [Fact]
    public async Task Branches_below_the_threshold_are_marked_and_sorting_by_completion_orders_the_table()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");

        var page = await exec.GetPageAsync("/dashboard?sort=completion");

        var values = page.QuerySelectorAll("[data-testid=branches] tbody tr td[data-completion]")
            .Select(td => td.GetAttribute("data-completion")).Where(v => v != "").Select(v => double.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Count >= 12);
        Assert.Equal(values.Order(), values);
        Assert.Contains(values, v => v < 60);
        Assert.Contains(values, v => v >= 60);
        Assert.All(page.QuerySelectorAll("[data-testid=branches] tbody tr.attention td[data-completion]"),
            td => Assert.True(double.Parse(td.GetAttribute("data-completion")!, System.Globalization.CultureInfo.InvariantCulture) < 60));
    }

    [Fact]
    public async Task The_branch_table_exports_as_shown_in_csv_and_in_excel()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var page = await exec.GetPageAsync("/dashboard?sort=completion");
        var shown = page.QuerySelectorAll("[data-testid=branches] tbody tr").Select(r => r.GetAttribute("data-branch")!).ToList();

        var xlsx = Reporting.XlsxSheet.Read(await exec.Http.GetByteArrayAsync(page.QuerySelector("[data-testid=branches-xlsx]")!.GetAttribute("href")!));
        var csv = await exec.Http.GetStringAsync(page.QuerySelector("[data-testid=branches-csv]")!.GetAttribute("href")!);

        Assert.Equal(shown, xlsx.DataRows.Select(r => r[1].Text).ToList());
        Assert.Equal("Branch code", xlsx.Header[1].Text);
        var first = page.QuerySelector("[data-testid=branches] tbody tr td[data-completion]")!.GetAttribute("data-completion");
        Assert.Equal(double.Parse(first!, System.Globalization.CultureInfo.InvariantCulture), double.Parse(xlsx.DataRows[0][7].Text, System.Globalization.CultureInfo.InvariantCulture), 1);
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(shown.Count + 1, lines.Length);
        Assert.StartsWith("Region,Branch code,Branch", lines[0]);
    }

    [Fact]
    public async Task The_attention_threshold_is_a_setting()
    {
        using var strict = factory.WithWebHostBuilder(b => b.UseSetting("Dashboard:AttentionBelowPercent", "100"));
        using var lenient = factory.WithWebHostBuilder(b => b.UseSetting("Dashboard:AttentionBelowPercent", "0"));

        var all = await (await PortalClient.SignedInAsync(strict, "exec@demo.bank")).GetPageAsync("/dashboard");
        var none = await (await PortalClient.SignedInAsync(lenient, "exec@demo.bank")).GetPageAsync("/dashboard");

        var below100 = all.QuerySelectorAll("[data-testid=branches] tbody td[data-completion]").Count(td => td.GetAttribute("data-completion") is { Length: > 0 } v && double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) < 100);
        Assert.True(below100 > 0);
        Assert.Equal(below100, all.QuerySelectorAll("[data-testid=branches] tbody tr.attention").Length);
        Assert.Empty(none.QuerySelectorAll("[data-testid=branches] tbody tr.attention"));
        Assert.StartsWith("Branches below 100 % completion are marked", PortalClient.Text(all.QuerySelector("#branches-heading + p")));
    }

    [Fact]
    public async Task The_current_week_stays_out_of_the_trend_and_is_shown_so_far_beside_it()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime.AddHours(8)); // the bank's calendar is UTC+8
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var soFar = TestData.Query(factory.Services, db => db.RequiredCourses.Count(r => r.CertifiedOn >= monday && r.CertifiedOn <= today));

        var page = await exec.GetPageAsync("/dashboard");

        var labels = page.QuerySelectorAll("svg#chart-trend circle title").Select(t => t.TextContent).ToList();
        Assert.Equal(12, labels.Count);
        Assert.DoesNotContain(labels, l => l.StartsWith($"{monday.Day} {monday:MMM}", StringComparison.Ordinal));
        Assert.Contains($": {soFar} completed.", PortalClient.Text(page.QuerySelector("[data-testid=this-week]")));
        Assert.Equal("end", page.QuerySelectorAll("svg#chart-trend text:not(.axis-label)").Last().GetAttribute("text-anchor"));
    }

    [Fact]
    public async Task A_branch_manager_sees_their_own_branch_page_but_gets_403_on_another()
    {
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var codes = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).Take(2).ToList());

        var own = await manager.Http.GetAsync($"/dashboard/branches/{codes[0]}");
        var other = await manager.Http.GetAsync($"/dashboard/branches/{codes[1]}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Http.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task An_employee_gets_403_on_the_dashboard_and_on_branch_pages()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var code = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).First());

        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Http.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Http.GetAsync($"/dashboard/branches/{code}")).StatusCode);
    }

    [Fact]
    public async Task A_branch_page_lists_overdue_staff_by_name_for_executives()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var overdue = TestData.Query(factory.Services, db => db.RequiredCourses
            .Where(r => r.CertifiedAtUtc == null && r.DueOn < DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime) && r.BranchId != null)
            .Select(r => new { r.DisplayName, Code = db.Branches.Where(b => b.Id == r.BranchId).Select(b => b.Code).First() })
            .First());

        var page = await exec.GetPageAsync($"/dashboard/branches/{overdue.Code}");

        Assert.Contains(overdue.DisplayName, page.QuerySelector("[data-testid=overdue]")!.TextContent);
        var listed = page.QuerySelectorAll("[data-testid=overdue] tbody tr").Length;
        Assert.Equal($"Overdue courses ({listed})", PortalClient.Text(page.QuerySelector("#overdue-heading"))); // fewer than the 500 listed at most
        Assert.Null(page.QuerySelector("[data-testid=overdue-first]"));
        Assert.Equal(factory.Services.GetRequiredService<CourseCatalog>().Courses.Count, page.QuerySelectorAll("[data-testid=branch-courses] tbody tr").Length);
    }

    [Fact]
    public async Task An_unknown_course_is_not_found_and_a_course_spelt_in_capitals_is_that_course()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");

        Assert.Equal(HttpStatusCode.NotFound, (await exec.Http.GetAsync("/dashboard?course=no-such-course")).StatusCode);
        var lower = await exec.GetPageAsync("/dashboard?course=customers-at-the-centre");
        var upper = await exec.GetPageAsync("/dashboard?course=CUSTOMERS-AT-THE-CENTRE");
        Assert.Equal(PortalClient.Text(lower.QuerySelector("[data-testid=branches]")), PortalClient.Text(upper.QuerySelector("[data-testid=branches]")));
        Assert.Equal("customers-at-the-centre", upper.QuerySelector("select[name=course] option[selected]")!.GetAttribute("value"));

        // The report for these filters, and the report typed in capitals, are that course's too.
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var link = (await hr.GetPageAsync("/dashboard?course=CUSTOMERS-AT-THE-CENTRE")).QuerySelector("main form a[href^='/reports/completion']")!.GetAttribute("href")!;
        Assert.Contains("course=customers-at-the-centre", link, StringComparison.Ordinal);
        var lowerReport = await hr.GetPageAsync("/reports/completion?course=customers-at-the-centre");
        var upperReport = await hr.GetPageAsync("/reports/completion?course=CUSTOMERS-AT-THE-CENTRE");
        Assert.NotEqual("0", PortalClient.Text(lowerReport.QuerySelector("[data-testid=total-assigned]")));
        Assert.Equal(PortalClient.Text(lowerReport.QuerySelector("[data-testid=totals]")), PortalClient.Text(upperReport.QuerySelector("[data-testid=totals]")));
    }

    [Fact]
    public async Task With_fewer_than_twenty_ranked_branches_none_is_listed_at_both_ends()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");

        var page = await exec.GetPageAsync("/dashboard");

        var best = page.QuerySelectorAll("[data-testid=best] tbody tr").Select(tr => tr.GetAttribute("data-branch")).ToList();
        var worst = page.QuerySelectorAll("[data-testid=worst] tbody tr").Select(tr => tr.GetAttribute("data-branch")).ToList();
        var branches = TestData.Query(factory.Services, db => db.Branches.Count());
        Assert.True(branches < 20, $"the demo has {branches} branches");
        Assert.Equal(10, best.Count);
        Assert.NotEmpty(worst);
        Assert.Empty(best.Intersect(worst));
    }
}
