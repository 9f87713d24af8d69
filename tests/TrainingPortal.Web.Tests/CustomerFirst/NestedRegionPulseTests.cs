using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>
/// The pulse where regions nest and a region holds branches beside an area of its own: every figure shown is a shown
/// group's part, so no two figures on the boards leave a group too small to show.
/// </summary>
public class NestedRegionPulseTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task A_region_with_an_area_of_one_response_does_not_show_its_own_branch_beside_itself()
    {
        // Region R holds branch B1 (six answers) and the area A, whose one branch has one answer; another region has five.
        var branches = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => new { b.Id, b.Code, b.RegionId }).ToList());
        var b1 = branches[0];
        var other = branches.First(b => b.RegionId != b1.RegionId);
        int areaId;
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var area = new Region { Code = "AREA-T", Name = "Test area", ParentId = b1.RegionId };
            db.Regions.Add(area);
            db.Branches.Add(new Branch { Code = "BRAREA", Name = "Area branch", City = "Suzhou", Region = area });
            await db.SaveChangesAsync();
            areaId = area.Id;
        }

        var areaBranchIndex = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).ToList()).IndexOf("BRAREA");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var opened = await hr.SubmitAsync(await hr.GetPageAsync("/hr/pulse"), "[data-testid=open-pulse]", new Dictionary<string, string> { ["Input.Title"] = "Nested pulse" });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        foreach (var (branchIndex, count) in new[] { (branches.IndexOf(b1), 6), (areaBranchIndex, 1), (branches.IndexOf(other), 5) })
        {
            for (var i = 0; i < count; i++)
            {
                var learner = await TestData.CreateLearnerAsync(Services, branchIndex: branchIndex);
                var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
                var page = await client.GetPageAsync("/pulse");
                var statements = page.QuerySelectorAll("[data-testid=pulse-form] fieldset[data-statement]").Select(f => f.GetAttribute("data-statement")!).ToList();
                var answered = await client.SubmitAsync(page, "[data-testid=pulse-form]", statements.ToDictionary(id => $"Scores[{id}]", _ => "4"));
                Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
            }
        }

        factory.Clock.Advance(TimeSpan.FromDays(15));
        var exec = await PortalClient.SignedInAsync(factory, "exec@demo.bank");

        // The region's own view covers its area: seven responses, shown, with its statement means.
        var regionView = await exec.GetPageAsync($"/dashboard?region={b1.RegionId}");
        Assert.Equal("75.0", PortalClient.Text(regionView.QuerySelector("[data-testid=culture-scope] [data-component=Pulse]")));
        Assert.NotNull(regionView.QuerySelector("[data-testid=pulse-statements]"));
        // Its branch of six beside it would give away the area's one answer by subtraction.
        Assert.Equal("Not enough responses", PortalClient.Text(regionView.QuerySelector($"[data-testid=culture-branches] tr[data-branch='{b1.Code}'] td[data-component=Pulse]")));
        Assert.Null((await exec.GetPageAsync($"/dashboard/branches/{b1.Code}")).QuerySelector("[data-testid=pulse-statements]"));
        // The area is a line of the region's table, too small to show.
        Assert.Equal("Not enough responses", PortalClient.Text(regionView.QuerySelector($"[data-testid=culture-regions] tr[data-region-id='{areaId}'] td[data-component=Pulse]")));

        // On the bank's board the region's line is the same figure as its own view: everything below it.
        var bank = await exec.GetPageAsync("/dashboard");
        Assert.Equal("75.0", PortalClient.Text(bank.QuerySelector($"[data-testid=culture-regions] tr[data-region-id='{b1.RegionId}'] td[data-component=Pulse]")));
        Assert.Null(bank.QuerySelector($"[data-testid=culture-regions] tr[data-region-id='{areaId}']"));
    }
}
