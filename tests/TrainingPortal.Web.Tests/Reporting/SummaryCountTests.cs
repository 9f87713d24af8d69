using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;
using KeptCounts = TrainingPortal.Web.Tests.UseCases.SummaryCounts;

namespace TrainingPortal.Web.Tests.Reporting;

/// <summary>
/// The figures read from the summary counts against the per-row definition (<see cref="TrainingStatuses"/>), on every
/// required course of the demo bank with its dates drawn at random around each boundary a status turns on (the bank's
/// midnight, the UTC midnight the counts group expiries by, the instant itself), judged at moments on those boundaries.
/// </summary>
public class SummaryCountTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private sealed record Row(string UserId, int? BranchId, int? RegionId, string CourseSlug, TrainingDates Dates, DateOnly? CertifiedOn, int? Days, int? Score);

    [Fact]
    public async Task Summary_counts_give_the_per_row_figures_at_every_boundary_after_a_recount()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var calendar = factory.Services.GetRequiredService<BankCalendar>();
        var utcMidnight = now.Date.AddDays(1);
        var bankMidnight = calendar.StartOfDayUtc(calendar.DateOf(now).AddDays(1));
        DateTime[] instants = [now, utcMidnight, utcMidnight.AddTicks(-1), bankMidnight, bankMidnight.AddTicks(-1), bankMidnight.AddTicks(1), utcMidnight.AddHours(1)];
        var random = new Random(2027);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var row in await db.RequiredCourses.ToListAsync())
            {
                Scramble(row, random, instants, calendar);
            }

            await db.SaveChangesAsync();
        }

        // Read back as stored: PostgreSQL keeps microseconds, so a tick before midnight is stored as midnight.
        var rows = TestData.Query(factory.Services, db => db.RequiredCourses.AsNoTracking().ToList()).Select(row => new Row(row.UserId, row.BranchId, row.RegionId, row.CourseSlug,
            new TrainingDates(row.DueOn, row.StartedAtUtc, row.CertifiedAtUtc, row.CertificateExpiresAtUtc), row.CertifiedOn, row.DaysToComplete, row.BestScorePercent)).ToList();

        Assert.True(rows.Count > 200, $"the demo bank has {rows.Count} required courses");
        Assert.Equal(0, await CompletionTallies.RunRebuildCommandAsync(factory.Services, CancellationToken.None));

        await using var read = factory.Services.CreateAsyncScope();
        var reader = read.ServiceProvider.GetRequiredService<PortalDbContext>();
        var tree = await RegionTrees.LoadAsync(reader, CancellationToken.None);
        var region = await reader.Regions.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var branch = rows.First(r => r.BranchId is { } id && id != r.RegionId).BranchId; // counts keyed by the wrong one cannot pass
        CompletionFilter[] filters =
        [
            new(), new(CourseSlug: rows[0].CourseSlug), new(RegionId: region), new(RegionId: region, CourseSlug: rows[^1].CourseSlug), new(BranchId: branch),
            new(RegionId: TallyKey.HeadOffice), // no region: head office, counted under the same key, is in none
        ];

        var mostCoursesLapsedToday = 0;
        foreach (var instant in instants.SelectMany(i => new[] { i, i.AddSeconds(-1), i.AddSeconds(1) }))
        {
            var at = calendar.MomentAt(instant);
            foreach (var filter in filters.Select(f => f.WithRegionScope(tree)))
            {
                var chosen = rows.Where(r => (filter.RegionScope is null || r.RegionId is { } id && filter.RegionScope.Contains(id))
                                             && (filter.BranchId is null || r.BranchId == filter.BranchId)
                                             && (filter.CourseSlug is null || r.CourseSlug == filter.CourseSlug)).ToList();
                var context = $"at {instant:O}, filter {filter}";

                var totals = await CompletionQuery.TotalsAsync(reader, filter, at, CancellationToken.None);
                Assert.True(Counted(chosen, at) == totals, $"{context}: rows {Counted(chosen, at)}, summary {totals}");
                foreach (var status in Enum.GetValues<TrainingStatus>())
                {
                    var only = await CompletionQuery.TotalsAsync(reader, filter with { Status = status }, at, CancellationToken.None);
                    Assert.True(chosen.Count(r => TrainingStatuses.Of(r.Dates, at) == status) == only.Assigned, $"{context}, {status}");
                }

                var partials = await PartialsByBranchAsync(reader, at, filter);
                foreach (var group in chosen.GroupBy(r => r.BranchId ?? DashboardQuery.HeadOffice))
                {
                    var (expected, actual) = (Figures.Of(group, at), Figures.Of(partials[group.Key]));
                    Assert.True(expected == actual, $"{context}, branch {group.Key}: rows {expected}, summary {actual}");
                }

                if (filter is { BranchId: { } one, RegionId: null, CourseSlug: null })
                {
                    // A branch page reads its figures grouped by course.
                    var page = await DashboardQuery.BranchFiguresAsync(reader, at, one, CancellationToken.None);
                    Assert.Equal(Figures.Of(chosen, at), Figures.Of(page.All));
                    Assert.Equal(partials[one].Staff, page.All.Staff);
                    foreach (var course in chosen.GroupBy(r => r.CourseSlug))
                    {
                        Assert.True(Figures.Of(course, at) == Figures.Of(page.Of(course.Key)), $"{context}, course {course.Key}: rows {Figures.Of(course, at)}, page {Figures.Of(page.Of(course.Key))}");
                    }

                    var dayStart = at.UtcToday.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    var lapsedCourses = chosen.Where(r => TrainingStatuses.Of(r.Dates, at) == TrainingStatus.CertificateExpired && r.Dates.CertificateExpiresAtUtc >= dayStart).Select(r => r.CourseSlug).Distinct().Count();
                    mostCoursesLapsedToday = Math.Max(mostCoursesLapsedToday, lapsedCourses);
                }

                // The dashboard reads the days per region for regions and the bank, and per branch only for a page of branches.
                var standing = chosen.Where(r => TrainingStatuses.Of(r.Dates, at) == TrainingStatus.Completed && r.Days is not null).ToList();
                Assert.Equal(Histograms(standing.Select(r => (r.RegionId ?? DashboardQuery.HeadOffice, r.Days!.Value))),
                    Read(await TallyQuery.DaysByRegionAsync(reader, filter, at, CancellationToken.None)));
                var someBranches = chosen.Select(r => r.BranchId ?? DashboardQuery.HeadOffice).Distinct().Order().Where((_, i) => i % 2 == 0).ToList();
                Assert.Equal(Histograms(standing.Select(r => (r.BranchId ?? DashboardQuery.HeadOffice, r.Days!.Value)).Where(d => someBranches.Contains(d.Item1))),
                    Read(await TallyQuery.DaysByBranchAsync(reader, filter, at, someBranches, CancellationToken.None)));

                var firstDay = calendar.DateOf(now).AddDays(-3);
                var trend = (await TallyQuery.CompletionsSinceAsync(reader, filter, firstDay, CancellationToken.None)).OrderBy(d => d.Day).ToList();
                var expectedTrend = chosen.Where(r => r.CertifiedOn >= firstDay).GroupBy(r => r.CertifiedOn!.Value).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
                Assert.Equal(expectedTrend, trend);
            }
        }

        // Certificates lapsed today are settled per course on a branch page: that is tried only if two courses had some.
        Assert.True(mostCoursesLapsedToday >= 2, $"at most {mostCoursesLapsedToday} course(s) of the branch had certificates lapse today");
    }

    /// <summary>The figures a dashboard shows of some required courses, from their rows or from what the summary counts gave.</summary>
    private sealed record Figures(int Assigned, int People, int Completed, int Overdue, int Expired, long ScoreSum, int ScoreCount, string Days)
    {
        public static Figures Of(IEnumerable<Row> rows, StatusMoment at)
        {
            var all = rows.ToList();
            var completed = all.Where(r => TrainingStatuses.Of(r.Dates, at) == TrainingStatus.Completed).ToList();
            return new(all.Count, all.Select(r => r.UserId).Distinct().Count(), completed.Count,
                all.Count(r => TrainingStatuses.Of(r.Dates, at) == TrainingStatus.Overdue), all.Count(r => TrainingStatuses.Of(r.Dates, at) == TrainingStatus.CertificateExpired),
                all.Sum(r => (long)(r.Score ?? 0)), all.Count(r => r.Score is not null),
                Histogram(completed.Where(r => r.Days is not null).GroupBy(r => r.Days!.Value).Select(g => (g.Key, g.Count()))));
        }

        public static Figures Of(AdoptionPartial p) =>
            new(p.Assigned, p.StaffWithRequired, p.Completed, p.Overdue, p.CertificateExpired, p.BestScoreSum, p.BestScoreCount,
                Histogram(p.DaysToCompleteHistogram.Select(h => (h.Key, h.Value))));

        private static string Histogram(IEnumerable<(int Days, int Count)> days) => string.Join(",", days.OrderBy(d => d.Days).Select(d => $"{d.Days}:{d.Count}"));
    }

    /// <summary>Every branch's figures in the filter with its own histogram, as a page of the dashboard's branches reads them.</summary>
    private static async Task<IReadOnlyDictionary<int, AdoptionPartial>> PartialsByBranchAsync(PortalDbContext db, StatusMoment at, CompletionFilter filter)
    {
        var counts = await DashboardQuery.CountsByBranchAsync(db, at, filter, CancellationToken.None);
        var days = await TallyQuery.DaysByBranchAsync(db, filter, at, null, CancellationToken.None);
        return counts.ToDictionary(c => c.Key, c => c.Value with { DaysToCompleteHistogram = days.GetValueOrDefault(c.Key) ?? [] });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(-1)] // everyone but one: the last page holds one person
    public async Task Rebuilding_everyone_a_few_people_at_a_time_writes_the_rows_and_counts_of_a_rebuild_in_one_go(int peoplePerPage)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var calendar = scope.ServiceProvider.GetRequiredService<BankCalendar>();
        string Snapshot() => JsonSerializer.Serialize(new
        {
            Rows = db.RequiredCourses.OrderBy(r => r.UserId).ThenBy(r => r.CourseSlug).Select(r => new
            {
                r.UserId, r.CourseSlug, r.EmployeeNumber, r.DisplayName, r.JobTitle, r.BranchName, r.BranchId, r.RegionId, r.AssignedOn, r.DueOn,
                r.StartedAtUtc, r.CertifiedAtUtc, r.CertificateExpiresAtUtc, r.CertifiedOn, r.DaysToComplete, r.BestScorePercent, r.JoinedAfterAssignment,
            }).ToList(),
            Statuses = db.CompletionTallies.AsNoTracking().OrderBy(t => t.BranchId).ThenBy(t => t.CourseSlug).ThenBy(t => t.DueOn).ThenBy(t => t.ExpiresOn).ThenBy(t => t.Certified).ThenBy(t => t.Started).ToList(),
            Certifications = db.CertificationTallies.AsNoTracking().OrderBy(t => t.BranchId).ThenBy(t => t.CourseSlug).ThenBy(t => t.CertifiedOn).ThenBy(t => t.ExpiresOn).ThenBy(t => t.DaysToComplete).ToList(),
            RegionStatuses = db.RegionCompletionTallies.AsNoTracking().OrderBy(t => t.RegionId).ThenBy(t => t.CourseSlug).ThenBy(t => t.DueOn).ThenBy(t => t.ExpiresOn).ThenBy(t => t.Certified).ThenBy(t => t.Started).ToList(),
            RegionDays = db.RegionDaysTallies.AsNoTracking().OrderBy(t => t.RegionId).ThenBy(t => t.CourseSlug).ThenBy(t => t.ExpiresOn).ThenBy(t => t.DaysToComplete).ToList(),
            RegionCertifiedOn = db.RegionCertifiedOnTallies.AsNoTracking().OrderBy(t => t.RegionId).ThenBy(t => t.CourseSlug).ThenBy(t => t.CertifiedOn).ToList(),
            People = db.BranchStaffTallies.AsNoTracking().OrderBy(t => t.BranchId).ToList(),
        });

        await using var transaction = await db.Database.BeginTransactionAsync();
        await new RequiredCourseSync(db, calendar, new CompletionTallies(db), factory.Clock) { PeoplePerPage = int.MaxValue }.RebuildAsync(null, CancellationToken.None);
        var inOneGo = Snapshot();
        var people = await db.Users.CountAsync();
        await new RequiredCourseSync(db, calendar, new CompletionTallies(db), factory.Clock) { PeoplePerPage = peoplePerPage > 0 ? peoplePerPage : people + peoplePerPage }.RebuildAsync(null, CancellationToken.None);
        var byPages = Snapshot();
        await transaction.RollbackAsync();

        Assert.True(people > 20 * 7, $"{people} people");
        Assert.Contains("\"Rows\":[{", inOneGo, StringComparison.Ordinal);
        Assert.Equal(inOneGo, byPages);
    }

    [Fact]
    public async Task Upgrading_a_database_gives_the_counts_that_the_writes_have_kept()
    {
        // RegionDaysCounts, RegionStatusCounts and RegionCertifiedOnCounts add the days, the statuses and the certification
        // days per region up from the counts per branch; BranchBehaviourCounts adds each branch's counts per course and
        // behaviour together.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        async Task<List<string>> RegionDaysAsync() => (await db.RegionDaysTallies.AsNoTracking().ToListAsync()).Select(KeptCounts.Describe).Order(StringComparer.Ordinal).ToList();
        async Task<List<string>> RegionStatusesAsync() => (await db.RegionCompletionTallies.AsNoTracking().ToListAsync()).Select(KeptCounts.Describe)
            .Order(StringComparer.Ordinal).ToList();
        async Task<List<string>> RegionCertifiedOnAsync() => (await db.RegionCertifiedOnTallies.AsNoTracking().ToListAsync()).Select(KeptCounts.Describe)
            .Order(StringComparer.Ordinal).ToList();
        async Task<List<string>> BehavioursAsync() => (await db.BranchBehaviourTallies.AsNoTracking().ToListAsync()).Select(KeptCounts.Describe).Order(StringComparer.Ordinal).ToList();
        var regionDays = await RegionDaysAsync();
        var behaviours = await BehavioursAsync();
        var regionStatuses = await RegionStatusesAsync();
        var regionCertifiedOn = await RegionCertifiedOnAsync();
        Assert.True(regionCertifiedOn.Count > 10, $"{regionCertifiedOn.Count} counts of certification days kept");
        Assert.True(regionStatuses.Count > 10, $"{regionStatuses.Count} status counts per region kept");
        var branchBehaviours = await db.BranchBehaviourTallies.AsNoTracking().ToListAsync();
        Assert.True(regionDays.Count > 10, $"{regionDays.Count} counts of days kept");
        Assert.True(behaviours.Count > 3, $"{behaviours.Count} branches' behaviour counts kept");

        var migrations = db.Database.GetMigrations().ToList();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_RegionDaysCounts", StringComparison.Ordinal)) - 1]);
        // Head office's certificates count under 0; certificates whose days are not known are in no median.
        var lastBranch = await db.Branches.AsNoTracking().OrderByDescending(b => b.Id).FirstAsync();
        const string course = "upgrade-check";
        DateOnly expires = new(2027, 1, 5);
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "CertificationTallies" ("BranchId", "CourseSlug", "CertifiedOn", "ExpiresOn", "DaysToComplete", "Count") VALUES (0, {0}, {1}, {2}, 3, 2), ({3}, {0}, {1}, {2}, 3, 1), ({3}, {0}, {1}, {2}, -1, 4)""",
            course, expires.AddYears(-1), expires, lastBranch.Id);
        regionDays = [.. regionDays, $"region 0 {course} expires {expires}, took 3 days: 2", $"region {lastBranch.RegionId} {course} expires {expires}, took 3 days: 1"];
        regionDays.Sort(StringComparer.Ordinal);
        // Certificates whose days are not known count in the trend all the same.
        regionCertifiedOn = [.. regionCertifiedOn, $"region 0 {course} certified on {expires.AddYears(-1)}: 2", $"region {lastBranch.RegionId} {course} certified on {expires.AddYears(-1)}: 5"];
        regionCertifiedOn.Sort(StringComparer.Ordinal);
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "CompletionTallies" ("BranchId", "CourseSlug", "Certified", "DueOn", "Started", "ExpiresOn", "Count", "ScoreSum", "ScoreCount") VALUES (0, {0}, FALSE, {1}, TRUE, {2}, 2, 150, 2), ({3}, {0}, FALSE, {1}, TRUE, {2}, 1, 0, 0)""",
            course, expires, TallyKey.Never, lastBranch.Id);
        regionStatuses = [.. regionStatuses, $"region 0 {course} certified=False due={expires} started=True expires={TallyKey.Never}: 2 150 2",
            $"region {lastBranch.RegionId} {course} certified=False due={expires} started=True expires={TallyKey.Never}: 1 0 0"];
        regionStatuses.Sort(StringComparer.Ordinal);
        foreach (var branch in branchBehaviours) // as the earlier release kept them: per course and behaviour
        {
            var observed = branch.Observed / 2;
            var established = Math.Min(branch.Established, observed);
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "BehaviourTallies" ("BranchId", "CourseSlug", "BehaviourId", "Observed", "Established") VALUES ({0}, 'a-course', 'one', {1}, {2}), ({0}, 'a-course', 'two', {3}, {4})""",
                branch.BranchId, observed, established, branch.Observed - observed, branch.Established - established);
        }

        await DatabaseSetup.MigrateAsync(factory.Services); // as a start does: the later counts' tables are filled too

        var upgraded = await RegionDaysAsync();
        var upgradedStatuses = await RegionStatusesAsync();
        var upgradedCertifiedOn = await RegionCertifiedOnAsync();
        await db.CertificationTallies.Where(t => t.CourseSlug == course).ExecuteDeleteAsync();
        await db.RegionDaysTallies.Where(t => t.CourseSlug == course).ExecuteDeleteAsync();
        await db.RegionCertifiedOnTallies.Where(t => t.CourseSlug == course).ExecuteDeleteAsync();
        await db.CompletionTallies.Where(t => t.CourseSlug == course).ExecuteDeleteAsync();
        await db.RegionCompletionTallies.Where(t => t.CourseSlug == course).ExecuteDeleteAsync();
        Assert.Equal(regionDays, upgraded);
        Assert.Equal(regionStatuses, upgradedStatuses);
        Assert.Equal(regionCertifiedOn, upgradedCertifiedOn);
        Assert.Equal(behaviours, await BehavioursAsync());
    }

    [Fact]
    public async Task A_database_from_before_the_active_staff_counts_has_its_active_accounts_counted_when_a_start_migrates_it()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_ActiveStaffCounts", StringComparison.Ordinal)) - 1]);

        await DatabaseSetup.MigrateAsync(factory.Services);

        var kept = (await db.ActiveStaffTallies.AsNoTracking().ToListAsync()).OrderBy(t => t.BranchId).Select(t => (t.BranchId, t.Active)).ToList();
        var accounts = (await db.Users.Where(u => u.IsActive).Select(u => u.BranchId).ToListAsync())
            .GroupBy(b => b ?? TallyKey.HeadOffice).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
        Assert.True(kept.Count > 3, $"{kept.Count} branches counted");
        Assert.Equal(accounts, kept);
    }

    [Fact]
    public async Task A_database_from_before_the_people_counts_has_its_observed_people_counted_when_a_start_migrates_it()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        async Task<List<string>> PeopleAsync() => (await db.BehaviourPeopleTallies.AsNoTracking().ToListAsync()).Select(KeptCounts.Describe).Order(StringComparer.Ordinal).ToList();
        var kept = await PeopleAsync();
        Assert.True(kept.Count > 3, $"{kept.Count} people counts kept");
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_BehaviourPeopleCounts", StringComparison.Ordinal)) - 1]);

        await DatabaseSetup.MigrateAsync(factory.Services);

        Assert.Equal(kept, await PeopleAsync());
    }

    [Fact]
    public async Task A_required_course_counting_a_certificate_lapsed_before_its_assignment_is_worked_out_again_when_a_start_migrates()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var calendar = scope.ServiceProvider.GetRequiredService<BankCalendar>();
        var row = await db.RequiredCourses.AsNoTracking()
            .Where(r => r.CertifiedAtUtc != null && db.Certificates.Any(c => c.UserId == r.UserId && c.CourseSlug == r.CourseSlug && c.RevokedAtUtc == null))
            .OrderBy(r => r.Id).FirstAsync();
        var certificate = await db.Certificates.Where(c => c.UserId == row.UserId && c.CourseSlug == row.CourseSlug && c.RevokedAtUtc == null)
            .OrderByDescending(c => c.IssuedAtUtc).FirstAsync();
        var expires = calendar.StartOfDayUtc(row.AssignedOn).AddDays(-1);
        var issued = expires.AddYears(-1);
        // The row as the rule before this one wrote it: the lapsed certificate counted, and the counts counted from it.
        await db.Certificates.Where(c => c.UserId == row.UserId && c.CourseSlug == row.CourseSlug && c.Id != certificate.Id).ExecuteDeleteAsync();
        await db.Certificates.Where(c => c.Id == certificate.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.IssuedAtUtc, issued).SetProperty(c => c.ExpiresAtUtc, expires));
        await db.RequiredCourses.Where(r => r.Id == row.Id).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.CertifiedAtUtc, issued).SetProperty(r => r.CertificateExpiresAtUtc, expires)
            .SetProperty(r => r.CertifiedOn, calendar.DateOf(issued)).SetProperty(r => r.DaysToComplete, 0));
        await scope.ServiceProvider.GetRequiredService<CompletionTallies>().RebuildAsync(CancellationToken.None);
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_LapsedCertificatesGiveNoHeadStart", StringComparison.Ordinal)) - 1]);

        await DatabaseSetup.MigrateAsync(factory.Services);

        var after = await db.RequiredCourses.AsNoTracking().SingleAsync(r => r.UserId == row.UserId && r.CourseSlug == row.CourseSlug);
        Assert.Equal((null, null), (after.CertifiedAtUtc, after.CertificateExpiresAtUtc));
        await KeptCounts.AssertMatchRowsAsync(factory.Services);
    }

    [Fact]
    public async Task A_certification_count_brought_to_zero_is_removed_even_when_no_status_count_changes()
    {
        // Revoking the newer of two standing certificates: the status stays "completed", one certification day goes.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var tallies = new CompletionTallies(db);
        var key = new CertificationKey(await db.Branches.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync(), "zero-count-course", new DateOnly(2026, 6, 1), TallyKey.Never, 4);
        var added = new TallyChanges();
        added.Add(key, 1);
        await tallies.ApplyAsync(added, CancellationToken.None);
        Assert.Equal(1, await db.CertificationTallies.CountAsync(t => t.CourseSlug == key.CourseSlug));

        var removed = new TallyChanges();
        removed.Add(key, -1);
        await tallies.ApplyAsync(removed, CancellationToken.None);
        Assert.Equal(0, await db.CertificationTallies.CountAsync(t => t.CourseSlug == key.CourseSlug));
    }

    /// <summary>Days taken per key, as "key=days:count,…" in order: what the rows give.</summary>
    private static string Histograms(IEnumerable<(int Key, int Days)> days) => string.Join(" ", days.GroupBy(d => d.Key).OrderBy(g => g.Key)
        .Select(g => $"{g.Key}=" + string.Join(",", g.GroupBy(d => d.Days).OrderBy(d => d.Key).Select(d => $"{d.Key}:{d.Count()}"))));

    /// <summary>The same text from histograms the counts gave; a key left with no days must not be there at all.</summary>
    private static string Read(Dictionary<int, Dictionary<int, int>> histograms) => string.Join(" ", histograms.OrderBy(h => h.Key)
        .Select(h => $"{h.Key}=" + string.Join(",", h.Value.OrderBy(d => d.Key).Select(d => $"{d.Key}:{d.Value}"))));

    private static CompletionTotals Counted(IReadOnlyCollection<Row> rows, StatusMoment at)
    {
        int Count(TrainingStatus status) => rows.Count(r => TrainingStatuses.Of(r.Dates, at) == status);
        return new CompletionTotals(rows.Count, Count(TrainingStatus.Completed), Count(TrainingStatus.Overdue), Count(TrainingStatus.InProgress),
            Count(TrainingStatus.NotStarted), Count(TrainingStatus.CertificateExpired));
    }

    /// <summary>Dates drawn from a day either side of the instants, so that every row sits on or next to a boundary.</summary>
    private static void Scramble(RequiredCourse row, Random random, DateTime[] instants, BankCalendar calendar)
    {
        DateTime Near() => instants[random.Next(instants.Length)].AddTicks(random.Next(5) switch
        {
            0 => 0,
            1 => -1,
            2 => 1,
            3 => -TimeSpan.TicksPerSecond,
            _ => (long)((random.NextDouble() * 2 - 1) * TimeSpan.TicksPerDay),
        });

        var today = calendar.DateOf(instants[0]);
        row.DueOn = today.AddDays(random.Next(-2, 3));
        row.StartedAtUtc = random.Next(2) == 0 ? null : instants[0].AddDays(-random.Next(1, 40));
        var certified = random.Next(3) > 0;
        row.CertifiedAtUtc = certified ? instants[0].AddDays(-random.Next(0, 400)).AddMinutes(-random.Next(0, 1440)) : null;
        row.CertifiedOn = certified ? calendar.DateOf(row.CertifiedAtUtc!.Value) : null;
        row.CertificateExpiresAtUtc = certified && random.Next(3) > 0 ? Near() : null;
        row.DaysToComplete = certified ? random.Next(0, 6) : null;
        row.BestScorePercent = random.Next(4) == 0 ? null : random.Next(0, 101);
        if (random.Next(20) == 0)
        {
            row.BranchId = null; // head office
            row.RegionId = null;
        }
    }
}
