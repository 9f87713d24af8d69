using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.Dashboard;

/// <summary>The demo bank read ten branches a page, as a bank of 10,000 branches is read fifty (up to 200) a page.</summary>
public sealed class TenBranchesAPageFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Dashboard:BranchPageSize", "10");
    }
}

public class LargeBankDashboardTests(TenBranchesAPageFactory factory) : IClassFixture<TenBranchesAPageFactory>
{
    private sealed record Shown(string Code, string Name, double? Completion);

    [Fact]
    public async Task The_branch_table_is_read_a_page_at_a_time_and_the_pages_hold_every_branch_once()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var codes = TestData.Query(factory.Services, db => db.Branches.Select(b => b.Code).ToList());

        var first = await exec.GetPageAsync("/dashboard");
        var second = await exec.GetPageAsync("/dashboard?p=2");
        var beyond = await exec.GetPageAsync("/dashboard?p=99");

        Assert.Equal(10, Rows(first).Count);
        Assert.Equal(codes.Count - 10, Rows(second).Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), Rows(first).Concat(Rows(second)).Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.Equal(Rows(second).Select(r => r.Code), Rows(beyond).Select(r => r.Code)); // past the end: the last page
        Assert.Equal($"Branches 1–10 of {codes.Count}", PortalClient.Text(first.QuerySelector("[data-testid=branches-shown]")));
        Assert.Contains("p=2", first.QuerySelector("[data-testid=branch-pages] a")!.GetAttribute("href"));
        var cultureRows = first.QuerySelectorAll("[data-testid=culture-branches] tbody tr").Select(tr => tr.GetAttribute("data-branch")).ToList();
        var cultureSecond = (await exec.GetPageAsync("/dashboard?cp=2")).QuerySelectorAll("[data-testid=culture-branches] tbody tr").Select(tr => tr.GetAttribute("data-branch"));
        Assert.Equal(10, cultureRows.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), cultureRows.Concat(cultureSecond).Order(StringComparer.Ordinal));
        var export = await exec.Http.GetStringAsync("/dashboard?format=csv");
        Assert.All(codes, code => Assert.Contains("," + code + ",", export)); // the export is the whole table, not a page
    }

    [Fact]
    public async Task A_branch_is_found_by_its_code_or_part_of_its_name_in_any_case()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(2).Select(b => new { b.Code, b.Name }).First());
        var word = branch.Name.Split(' ')[0];

        var byCode = Rows(await exec.GetPageAsync("/dashboard?q=" + branch.Code.ToLowerInvariant()));
        var byName = Rows(await exec.GetPageAsync("/dashboard?q=" + Uri.EscapeDataString(word.ToUpperInvariant())));
        var none = await exec.GetPageAsync("/dashboard?q=no-such-branch");

        Assert.Equal([branch.Code], byCode.Select(r => r.Code));
        Assert.Contains(byName, r => r.Code == branch.Code);
        Assert.All(byName, r => Assert.Contains(word, r.Name, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Rows(none));
        Assert.Equal("No branch matches.", PortalClient.Text(none.QuerySelector("[data-testid=branches-shown]")));
    }

    [Fact]
    public async Task The_ten_highest_and_lowest_completion_are_the_ends_of_the_whole_table()
    {
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var all = Rows(await exec.GetPageAsync("/dashboard")).Concat(Rows(await exec.GetPageAsync("/dashboard?p=2"))).Where(r => r.Completion is not null).ToList();

        var page = await exec.GetPageAsync("/dashboard");

        var best = all.OrderByDescending(r => r.Completion).ThenBy(r => r.Name, StringComparer.Ordinal).Take(10).Select(r => r.Code).ToList();
        var worst = all.Where(r => !best.Contains(r.Code)).OrderBy(r => r.Completion).ThenBy(r => r.Name, StringComparer.Ordinal).Take(10).Select(r => r.Code);
        Assert.Equal(best, page.QuerySelectorAll("[data-testid=best] tbody tr").Select(tr => tr.GetAttribute("data-branch")));
        Assert.Equal(worst, page.QuerySelectorAll("[data-testid=worst] tbody tr").Select(tr => tr.GetAttribute("data-branch")));
    }

    [Fact]
    public async Task Past_a_page_of_branches_the_report_takes_a_branch_code_instead_of_a_list()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");
        var branches = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => new { b.Id, b.Code, b.Name, b.RegionId }).ToList());
        var other = branches[3];
        var region = TestData.Query(factory.Services, db => db.Regions.OrderBy(r => r.Id).Select(r => r.Id).First());
        string Assigned(IHtmlDocument page) => PortalClient.Text(page.QuerySelector("[data-testid=total-assigned]"));

        var whole = await hr.GetPageAsync("/reports/completion");
        var byCode = await hr.GetPageAsync("/reports/completion?branchcode=" + other.Code.ToLowerInvariant());
        var byId = await hr.GetPageAsync($"/reports/completion?branch={other.Id}");
        var unknown = await hr.GetPageAsync("/reports/completion?branchcode=NO-SUCH");
        var oneRegion = await hr.GetPageAsync($"/reports/completion?region={region}");
        var ownBranch = await manager.GetPageAsync("/branch?branchcode=" + other.Code);

        Assert.NotNull(whole.QuerySelector("input#f-branchcode"));
        Assert.Null(whole.QuerySelector("select#f-branch"));
        Assert.Equal(Assigned(byId), Assigned(byCode));
        Assert.All(byCode.QuerySelectorAll("[data-testid=completion-rows] tbody tr"), tr => Assert.Equal(other.Name, PortalClient.Text(tr.QuerySelectorAll("td")[2])));
        Assert.Contains("branchcode=", byCode.QuerySelector("[data-testid=completion-rows] thead a")!.GetAttribute("href"));
        Assert.Equal("0", Assigned(unknown));
        Assert.Contains("NO-SUCH", PortalClient.Text(unknown.QuerySelector("[data-testid=unknown-branch-code]")));
        Assert.Equal(branches.Where(b => b.RegionId == region).Select(b => b.Id.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            oneRegion.QuerySelectorAll("select#f-branch option[value]:not([value=''])").Select(o => o.GetAttribute("value")!).Order(StringComparer.Ordinal));
        Assert.All(ownBranch.QuerySelectorAll("[data-testid=completion-rows] tbody tr"), tr => Assert.Equal(branches[0].Name, PortalClient.Text(tr.QuerySelectorAll("td")[2])));

        var noSuchRegion = TestData.Query(factory.Services, db => db.Regions.Max(r => r.Id)) + 1;
        var noSuchBranch = branches.Max(b => b.Id) + 1;
        foreach (var link in new[] { $"?region={noSuchRegion}", $"?branch={noSuchBranch}", $"?branch={noSuchBranch}&format=csv", $"?region={noSuchRegion}&format=xlsx" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await hr.Http.GetAsync("/reports/completion" + link)).StatusCode);
        }
    }

    private static List<Shown> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=branches] tbody tr").Select(tr => new Shown(
            tr.GetAttribute("data-branch")!,
            PortalClient.Text(tr.QuerySelector("th a")),
            tr.QuerySelector("[data-completion]")!.GetAttribute("data-completion") is { Length: > 0 } value ? double.Parse(value, CultureInfo.InvariantCulture) : null)).ToList();
}

/// <summary>Regions that nest: two of the demo's regions put under a new one, as areas under a region.</summary>
public class NestedRegionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private (int Parent, int[] Children) Nest()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (db.Regions.FirstOrDefault(r => r.Code == "GBA") is { } existing)
        {
            return (existing.Id, db.Regions.Where(r => r.ParentId == existing.Id).Select(r => r.Id).ToArray());
        }

        var children = db.Regions.Where(r => r.ParentId == null).OrderBy(r => r.Id).Take(2).ToList();
        var parent = new Region { Code = "GBA", Name = "Greater Bay" };
        db.Regions.Add(parent);
        db.SaveChanges();
        children.ForEach(c => c.ParentId = parent.Id);
        db.SaveChanges();
        return (parent.Id, children.Select(c => c.Id).ToArray());
    }

    [Fact]
    public async Task A_parent_regions_figures_are_its_childrens_added_up_on_the_dashboard_and_in_the_report()
    {
        var (parent, children) = Nest();
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        int Figure(IHtmlDocument report, string id) => int.Parse(PortalClient.Text(report.QuerySelector($"[data-testid={id}]")), CultureInfo.InvariantCulture);
        var parentReport = await hr.GetPageAsync($"/reports/completion?region={parent}");
        var childReports = new List<IHtmlDocument>();
        foreach (var child in children)
        {
            childReports.Add(await hr.GetPageAsync($"/reports/completion?region={child}"));
        }

        foreach (var figure in new[] { "total-assigned", "total-completed", "total-overdue" })
        {
            Assert.Equal(childReports.Sum(r => Figure(r, figure)), Figure(parentReport, figure));
        }

        Assert.True(Figure(parentReport, "total-assigned") > 0);
        var dashboard = await exec.GetPageAsync($"/dashboard?region={parent}");
        Assert.Equal($"{Figure(parentReport, "total-completed")} of {Figure(parentReport, "total-assigned")}",
            PortalClient.Text(dashboard.QuerySelector("[data-testid=figures] [data-figure=completion]")!.NextElementSibling));
        var childNames = TestData.Query(factory.Services, db => db.Regions.Where(r => children.Contains(r.Id)).OrderBy(r => r.Name).Select(r => r.Name).ToList());
        Assert.Equal(childNames, dashboard.QuerySelectorAll("[data-testid=regions] tbody th").Select(th => PortalClient.Text(th)));
        var branchesBelow = TestData.Query(factory.Services, db => db.Branches.Count(b => children.Contains(b.RegionId)));
        Assert.Equal($"Branches 1–{branchesBelow} of {branchesBelow}", PortalClient.Text(dashboard.QuerySelector("[data-testid=branches-shown]")));

        // The median merges the days of every region below, on the parent's own board and as a line of the bank's.
        var at = factory.Services.GetRequiredService<BankCalendar>().MomentAt(factory.Clock.GetUtcNow().UtcDateTime);
        var days = TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.RegionId != null && children.Contains(r.RegionId.Value) && r.DaysToComplete != null)
            .Select(r => new { r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, Days = r.DaysToComplete!.Value }).ToList())
            .Where(r => TrainingStatuses.Of(r.DueOn, r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, at) == TrainingStatus.Completed)
            .GroupBy(r => r.Days).ToDictionary(g => g.Key, g => g.Count());
        var median = Adoption.Median(days)!.Value.ToString("0.#", CultureInfo.InvariantCulture);
        Assert.Equal(median, PortalClient.Text(dashboard.QuerySelector("[data-testid=figures] [data-figure=median]")));
        var bankLine = (await exec.GetPageAsync("/dashboard")).QuerySelectorAll("[data-testid=regions] tbody tr").Single(tr => PortalClient.Text(tr.QuerySelector("th")) == "Greater Bay");
        Assert.Equal(median, PortalClient.Text(bankLine.QuerySelectorAll("td")[5]));
    }

    [Fact]
    public async Task The_whole_bank_lists_top_level_regions_and_a_child_shows_the_path_down_to_it()
    {
        var (parent, children) = Nest();
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");
        var topLevel = TestData.Query(factory.Services, db => db.Regions.Where(r => r.ParentId == null).OrderBy(r => r.Name).Select(r => r.Name).ToList());

        var bank = await exec.GetPageAsync("/dashboard");
        var child = await exec.GetPageAsync($"/dashboard?region={children[0]}");

        Assert.Equal(topLevel, bank.QuerySelectorAll("[data-testid=regions] tbody th").Select(th => PortalClient.Text(th)));
        Assert.Contains("Greater Bay", topLevel);
        Assert.Null(bank.QuerySelector("[data-testid=region-path]"));
        var path = child.QuerySelectorAll("[data-testid=region-path] li").Select(li => PortalClient.Text(li)).ToList();
        Assert.Equal(["Whole bank", "Greater Bay", TestData.Query(factory.Services, db => db.Regions.Single(r => r.Id == children[0]).Name)], path);
        Assert.Contains($"region={parent}", child.QuerySelectorAll("[data-testid=region-path] a").Last().GetAttribute("href"));
        Assert.Equal(HttpStatusCode.NotFound, (await exec.Http.GetAsync("/dashboard?region=999999")).StatusCode);
    }

    [Fact]
    public async Task An_assignment_to_a_parent_region_covers_the_staff_of_every_region_below_it()
    {
        var (parent, children) = Nest();
        var staffBelow = TestData.Query(factory.Services, db => db.Users.Count(u => u.IsActive && u.Branch != null && children.Contains(u.Branch.RegionId)));

        var covered = await UseCase.RunAsync(factory.Services, (CreateAssignment u) => u.PreviewAsync(
            new NewAssignment("customers-at-the-centre", AssignmentTarget.Region, parent, null, null, null, DueRule.FixedDate, new DateOnly(2027, 3, 31), null, null),
            Actors.Hr(factory.Services), CancellationToken.None));

        Assert.True(covered.Succeeded);
        Assert.Equal(staffBelow, covered.Value);
        Assert.True(staffBelow > 0);
    }
}
