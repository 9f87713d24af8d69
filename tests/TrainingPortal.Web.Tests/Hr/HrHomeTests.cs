using System.Net;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

public class HrHomeTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("employee@demo.bank", "/")]
    [InlineData("manager@demo.bank", "/branch")]
    [InlineData("hr@demo.bank", "/hr")]
    [InlineData("admin@demo.bank", "/hr")]
    [InlineData("exec@demo.bank", "/dashboard")]
    public async Task Signing_in_from_the_portals_address_lands_each_role_where_its_work_is(string email, string landing)
    {
        var client = new PortalClient(factory);
        var login = await client.FollowAsync(await client.Http.GetAsync("/"));
        var page = await client.ParseAsync(login);

        var signedIn = await client.SubmitAsync(page, "main form[method=post]", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = PortalClient.DemoPassword });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var landed = await client.FollowAsync(signedIn);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(landing, landed.RequestMessage!.RequestUri!.AbsolutePath);
        var home = await client.ParseAsync(landed);
        Assert.Contains(home.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/" && a.TextContent.Trim() == "My learning");
    }

    [Fact]
    public async Task A_page_asked_for_before_signing_in_is_where_signing_in_lands()
    {
        var client = new PortalClient(factory);
        var login = await client.ParseAsync(await client.FollowAsync(await client.Http.GetAsync("/certificates")));

        var signedIn = await client.SubmitAsync(login, "main form[method=post]", new Dictionary<string, string> { ["Input.Email"] = "hr@demo.bank", ["Input.Password"] = PortalClient.DemoPassword });

        Assert.Equal("/certificates", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_hr_home_lists_recent_imports_in_the_readers_language()
    {
        var hr = new PortalClient(factory);
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        await hr.SignInAsync("hr@demo.bank", PortalClient.DemoPassword);
        var id = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Code).Select(b => b.Code).First());
        factory.Clock.Advance(TimeSpan.FromMinutes(1)); // the latest import on the page
        await ImportTests.UploadAsync(hr, $"employee_number,name,email,branch_code,job_title,hire_date\nHH-{id},Home Import,hh.{id.ToLowerInvariant()}@demo.bank,{branch},Teller,2025-02-03\n", fileName: $"home-{id}.csv");

        var home = await hr.GetPageAsync("/hr");

        Assert.EndsWith($" 从 home-{id}.csv 导入了 1 行：新增 1 人，更新 0 人，无变化 0 人，停用 0 人。",
            PortalClient.Text(home.QuerySelector("[data-testid=hr-recent-imports] li span")));
    }

    [Fact]
    public async Task The_hr_home_counts_what_the_report_and_the_accounts_page_list()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        await TestData.CreateLearnerAsync(factory.Services, "Never Invited Person");

        var home = await hr.GetPageAsync("/hr");

        var overdue = home.QuerySelector("[data-testid=hr-overdue]")!;
        var report = await hr.GetPageAsync(overdue.GetAttribute("href")!);
        Assert.Contains("status=Overdue", overdue.GetAttribute("href"));
        Assert.Equal(int.Parse(overdue.QuerySelector(".display-6")!.TextContent), int.Parse(PortalClient.Text(report.QuerySelector("[data-testid=total-overdue]"))));
        var dueSoon = home.QuerySelector("[data-testid=hr-due-soon]")!;
        var chase = await hr.GetPageAsync(dueSoon.GetAttribute("href")!);
        Assert.True(int.Parse(dueSoon.QuerySelector(".display-6")!.TextContent) > 0, "the demo organisation has courses due within the fortnight");
        Assert.Equal(int.Parse(dueSoon.QuerySelector(".display-6")!.TextContent),
            int.Parse(System.Text.RegularExpressions.Regex.Match(PortalClient.Text(chase.QuerySelector("[data-testid=completion-rows] caption")), @"(\d[\d,]*) required course").Groups[1].Value.Replace(",", "")));
        Assert.Equal("0", PortalClient.Text(chase.QuerySelector("[data-testid=total-completed]")));
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)chase.QuerySelector("#f-unfinished")!).IsChecked);
        var awaiting = TestData.Query(factory.Services, db => db.Users.Count(u => u.IsActive && u.PasswordHash == null && u.InvitationExpiresAtUtc == null && !db.UserLogins.Any(l => l.UserId == u.Id)));
        Assert.True(awaiting > 0);
        Assert.StartsWith($"{awaiting} awaiting an invitation", PortalClient.Text(home.QuerySelector("[data-testid=hr-awaiting-invitation]")));
        Assert.NotNull(home.QuerySelector("[data-testid=hr-invite-all]"));
    }
}
