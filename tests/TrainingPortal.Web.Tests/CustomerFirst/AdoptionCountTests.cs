using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.CustomerFirst;

/// <summary>
/// The adoption trend's quarter ends read from the counts, against the definition the branch view still runs on the
/// rows (valid certificates among the courses required by then), after the demo bank's assignments were spread over
/// the quarters and its certificates moved onto and around each quarter's end moment: issued, expiring and revoked at
/// it, a tick before and a tick after.
/// </summary>
public class AdoptionCountTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Adoption_at_each_quarter_end_from_the_counts_equals_the_valid_certificates_among_the_required_courses()
    {
        var calendar = factory.Services.GetRequiredService<BankCalendar>();
        var today = calendar.DateOf(factory.Clock.GetUtcNow().UtcDateTime);
        var quarters = Quarters.UpTo(today, 6).SkipLast(1).ToList();
        var random = new Random(2028);
        DateTime Near(DateOnly quarter) => CertifiedQuarters.EndMoment(quarter, calendar).AddTicks(random.Next(3) switch { 0 => 0, 1 => -10, _ => 10 });
        DateTime Instant() => random.Next(3) == 0 ? Near(quarters[random.Next(quarters.Count)]) : Near(quarters[0]).AddDays(random.Next(0, 400)).AddMinutes(random.Next(0, 1440));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var certificates = await db.Certificates.ToListAsync();
            Assert.True(certificates.Count > 50, $"the demo bank has {certificates.Count} certificates");
            foreach (var certificate in certificates)
            {
                certificate.IssuedAtUtc = Instant();
                certificate.ExpiresAtUtc = random.Next(3) == 0 ? null : random.Next(2) == 0 ? Instant() : certificate.IssuedAtUtc.AddYears(1);
                certificate.RevokedAtUtc = random.Next(5) == 0 ? Instant() : null;
            }

            // Assignments made across the quarters, so that each quarter's end has its own courses required by then.
            var assignments = await db.Assignments.OrderBy(a => a.Id).ToListAsync();
            for (var i = 0; i < assignments.Count; i++)
            {
                assignments[i].AssignedOn = Quarters.EndOf(quarters[i % quarters.Count]).AddDays(-random.Next(0, 2));
            }

            await db.SaveChangesAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<RequiredCourseSync>().RebuildAsync(null, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await SummaryCounts.AssertMatchRowsAsync(factory.Services);
        var regions = TestData.Query(factory.Services, db => db.Regions.Select(r => r.Id).ToList());
        var branch = TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.BranchId != null).Select(r => r.BranchId).First());
        await using var read = factory.Services.CreateAsyncScope();
        var query = read.ServiceProvider.GetRequiredService<CustomerFirstQuery>();
        var held = 0;
        foreach (var quarter in quarters)
        {
            foreach (var (region, branchId) in regions.Select(r => ((int?)r, (int?)null)).Append((null, null)).Append((null, branch)))
            {
                var expected = await query.AdoptionAtAsync(CertifiedQuarters.EndMoment(quarter, calendar), Quarters.EndOf(quarter), region, branchId, CancellationToken.None);
                var actual = await query.AdoptionAtQuarterEndAsync(quarter, region, branchId, CancellationToken.None);
                Assert.True(expected == actual, $"quarter {quarter}, region {region}, branch {branchId}: rows {expected}, counts {actual}");
                held += actual is > 0 and < 100 ? 1 : 0;
            }
        }

        Assert.True(held > quarters.Count, "most quarter ends have some but not all courses certified");
    }
}
