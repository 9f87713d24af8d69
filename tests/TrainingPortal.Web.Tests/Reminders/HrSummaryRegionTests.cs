using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reminders;

namespace TrainingPortal.Web.Tests.Reminders;

/// <summary>HR's monthly summary where regions nest: its lines are the top-level regions, each with everything below it.</summary>
public class HrSummaryRegionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private IServiceProvider Services => factory.Services;

    [Fact]
    public async Task Areas_count_in_their_region_and_two_areas_of_one_name_are_not_added_together()
    {
        var topRegions = TestData.Query(Services, db => db.Regions.Where(r => r.ParentId == null).OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToList());
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var (parent, i) in topRegions.Select((p, i) => (p, i)))
            {
                var area = new Region { Code = $"CENTRAL-{i}", Name = "Central", ParentId = parent };
                db.Branches.Add(new Branch { Code = $"BRCEN{i}", Name = $"Central branch {i}", City = "Wuxi", Region = area });
            }

            await db.SaveChangesAsync();
        }

        var codes = TestData.Query(Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Code).ToList());
        await TestData.CreateLearnerAsync(Services, branchIndex: codes.IndexOf("BRCEN0"));
        await TestData.CreateLearnerAsync(Services, branchIndex: codes.IndexOf("BRCEN1"));

        DigestReport report;
        using (var scope = Services.CreateScope())
        {
            var calendar = scope.ServiceProvider.GetRequiredService<BankCalendar>();
            report = await scope.ServiceProvider.GetRequiredService<ReminderQueries>().HrSummaryReportAsync(calendar.MomentAt(factory.Clock.GetUtcNow().UtcDateTime), CancellationToken.None);
        }

        var tree = await RegionTreeAsync();
        Assert.Equal(tree.ChildrenOf(null).Select(r => r.Name).Where(name => report.Regions.Any(l => l.Region == name)), report.Regions.Select(l => l.Region));
        Assert.DoesNotContain(report.Regions, l => l.Region == "Central");
        foreach (var parent in topRegions)
        {
            var within = tree.WithDescendants(parent);
            var staff = TestData.Query(Services, db => db.Users.Count(u => u.IsActive && u.BranchId != null && within.Contains(u.Branch!.RegionId)));
            Assert.Equal(staff, report.Regions.Single(l => l.Region == tree.Find(parent)!.Name).Figures.Staff);
        }
    }

    private async Task<TrainingPortal.Core.Organisation.RegionTree> RegionTreeAsync()
    {
        using var scope = Services.CreateScope();
        return await RegionTrees.LoadAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), CancellationToken.None);
    }
}
