using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>The summary counts (required courses and their adoption, observed behaviours, pulse responses, active staff) as the use cases kept them, against the same counts recounted from the rows.</summary>
public static class SummaryCounts
{
    public static async Task AssertMatchRowsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var kept = await ReadAsync(db);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await new CompletionTallies(db).RebuildAsync(CancellationToken.None);
        await new BehaviourTallies(db).RebuildAsync(CancellationToken.None);
        await new PulseTallies(db).RebuildAsync(CancellationToken.None);
        await new ActiveStaffTallies(db).RebuildAsync(CancellationToken.None);
        var recounted = await ReadAsync(db);
        await transaction.RollbackAsync(); // what the use cases kept stays, for the next test to build on
        Assert.Equal(recounted, kept);
    }

    public static string Describe(RegionCompletionTally t) =>
        $"region {t.RegionId} {t.CourseSlug} certified={t.Certified} due={t.DueOn} started={t.Started} expires={t.ExpiresOn}: {t.Count} {t.ScoreSum} {t.ScoreCount}";

    public static string Describe(RegionDaysTally t) => $"region {t.RegionId} {t.CourseSlug} expires {t.ExpiresOn}, took {t.DaysToComplete} days: {t.Count}";

    public static string Describe(RegionCertifiedOnTally t) => $"region {t.RegionId} {t.CourseSlug} certified on {t.CertifiedOn}: {t.Count}";

    public static string Describe(BranchBehaviourTally t) => $"branch {t.BranchId} today: {t.Established} of {t.Observed}";

    public static string Describe(BehaviourPeopleTally t) => $"branch {t.BranchId}: {t.People} people first observed in the quarter from {t.FirstQuarter}";

    private static async Task<List<string>> ReadAsync(PortalDbContext db)
    {
        var tallies = (await db.CompletionTallies.AsNoTracking().ToListAsync())
            .Select(t => $"{t.BranchId} {t.CourseSlug} certified={t.Certified} due={t.DueOn} started={t.Started} expires={t.ExpiresOn}: {t.Count} {t.ScoreSum} {t.ScoreCount}");
        var regionTallies = (await db.RegionCompletionTallies.AsNoTracking().ToListAsync()).Select(Describe);
        var certifications = (await db.CertificationTallies.AsNoTracking().ToListAsync())
            .Select(t => $"{t.BranchId} {t.CourseSlug} certified on {t.CertifiedOn}, expires {t.ExpiresOn}, took {t.DaysToComplete} days: {t.Count}");
        var regionDays = (await db.RegionDaysTallies.AsNoTracking().ToListAsync()).Select(Describe);
        var regionCertifiedOn = (await db.RegionCertifiedOnTallies.AsNoTracking().ToListAsync()).Select(Describe);
        var staff = (await db.BranchStaffTallies.AsNoTracking().ToListAsync()).Select(s => $"branch {s.BranchId}: {s.StaffWithRequired} people");
        var active = (await db.ActiveStaffTallies.AsNoTracking().ToListAsync()).Select(s => $"branch {s.BranchId}: {s.Active} active");
        var behaviours = (await db.BranchBehaviourTallies.AsNoTracking().ToListAsync()).Select(Describe);
        var people = (await db.BehaviourPeopleTallies.AsNoTracking().ToListAsync()).Select(Describe);
        var quarters = (await db.BehaviourQuarterTallies.AsNoTracking().ToListAsync())
            .Select(t => $"region {t.RegionId} {t.CourseSlug}/{t.BehaviourId} observed {t.ObservedQuarter}, superseded {t.SupersededQuarter}: {t.Established} of {t.Observed}");
        var pulse = (await db.PulseTallies.AsNoTracking().ToListAsync())
            .Select(t => $"period {t.PeriodId} branch {t.BranchId}: {t.Responses} responses, sums {t.Sum1} {t.Sum2} {t.Sum3} {t.Sum4} {t.Sum5} {t.Sum6} {t.Sum7} {t.Sum8}, " +
                         $"answered {t.Answered1} {t.Answered2} {t.Answered3} {t.Answered4} {t.Answered5} {t.Answered6} {t.Answered7} {t.Answered8}");
        var adoption = (await db.AdoptionTallies.AsNoTracking().ToListAsync())
            .Select(t => $"region {t.RegionId} {t.CourseSlug} quarters {t.FromQuarter}..{t.ToQuarter}: {t.Valid} valid of {t.Assigned}");
        return [.. tallies.Concat(regionTallies).Concat(certifications).Concat(regionDays).Concat(regionCertifiedOn).Concat(staff).Concat(active).Concat(adoption).Concat(behaviours).Concat(people).Concat(quarters).Concat(pulse).Order(StringComparer.Ordinal)];
    }
}

/// <summary>Use-case tests check after each test that the summary counts the use cases kept equal a recount.</summary>
public abstract class UseCaseTestBase(UseCaseFactory factory) : IAsyncLifetime
{
    protected UseCaseFactory Factory { get; } = factory;

    protected IServiceProvider Services => Factory.Services;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => SummaryCounts.AssertMatchRowsAsync(Factory.Services);
}
