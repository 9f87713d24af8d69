using TrainingPortal.Core.Calendar;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Organisation;
using TrainingPortal.Core.Progress;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Assignments;

/// <summary>
/// Keeps RequiredCourses in step with assignments, staff records and progress, and the summary counts in step with
/// RequiredCourses (<see cref="CompletionTallies"/>): it is the only writer of either, and of the late starts
/// (<see cref="LateStart"/>) it notes on the way. Rebuilding is for changes to who must take what (an assignment, an
/// import, a move of branch); progress updates single rows.
/// </summary>
public sealed class RequiredCourseSync(PortalDbContext db, BankCalendar calendar, CompletionTallies tallies, TimeProvider time)
{
    /// <summary>More people than this are rebuilt with the summary counts' gate held alone (see <see cref="SummaryCounts.EnterAsync"/>).</summary>
    public const int ChunkSize = 500;
    private const int InsertBatchSize = 5_000;

    public int PeoplePerPage { get; init; } = 20_000;

    /// <summary>
    /// Loading a generated bank writes the rows past EF's command pipeline (<see cref="TableWriter"/>), several times
    /// faster on SQLite; the use cases keep every write in it, where logging and interceptors see it.
    /// </summary>
    public bool BulkLoad { get; init; }

    /// <summary>
    /// Recomputes the required courses of the given staff, or of everyone when <paramref name="userIds"/> is null, after
    /// their records changed: each person's old rows (and their former record, where the caller gives it) say what they
    /// were last worked out from, so an assignment that covers someone now and did not then is one they came under late
    /// (<see cref="AssignmentRule.CoversLate"/>).
    /// </summary>
    public Task RebuildAsync(IReadOnlyCollection<string>? userIds, CancellationToken cancellationToken) =>
        RebuildAsync(userIds, null, cancellationToken);

    /// <param name="formerRecords">The branch and job title that people active before this change had until it, for those
    /// it moved or gave a new title: someone with no required courses until now (at head office, or under a job title
    /// nothing covered) has no rows to say where they were, and would otherwise count as a newcomer.</param>
    public async Task RebuildAsync(IReadOnlyCollection<string>? userIds, IReadOnlyDictionary<string, BranchAndTitle>? formerRecords, CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: userIds is null || userIds.Count > ChunkSize, cancellationToken);
        var rules = await AssignmentCoverage.RulesAsync(db, cancellationToken);
        var regions = await RegionTrees.LoadAsync(db, cancellationToken);
        var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        var former = await FormerRecords.LoadAsync(db, formerRecords, regions, cancellationToken);
        if (userIds is null)
        {
            await ForEachPageAsync(null, async people =>
            {
                var rows = people.Of(db.RequiredCourses);
                var before = await BeforeAsync(rows, regions, cancellationToken);
                await rows.ExecuteDeleteAsync(cancellationToken);
                await RebuildPeopleAsync(rules, people, before, former, regions, today, cancellationToken);
            }, cancellationToken);
            await tallies.RebuildAsync(cancellationToken);
            return;
        }

        foreach (var chunk in userIds.Distinct().Chunk(ChunkSize))
        {
            var rows = db.RequiredCourses.Where(r => chunk.Contains(r.UserId));
            await LockAsync(rows, cancellationToken);
            var changes = new TallyChanges();
            await tallies.CountAsync(rows, changes, -1, countPeople: true, cancellationToken);
            var before = await BeforeAsync(rows, regions, cancellationToken);
            await rows.ExecuteDeleteAsync(cancellationToken);
            await RebuildPeopleAsync(rules, new People(chunk, null, null), before, former, regions, today, cancellationToken);
            await tallies.CountAsync(rows, changes, +1, countPeople: true, cancellationToken);
            await tallies.ApplyAsync(changes, cancellationToken);
        }
    }

    /// <summary>After an assignment of one course changes: only that course's rows can change, for anyone; no one has moved.</summary>
    public async Task RebuildCourseAsync(string courseSlug, CancellationToken cancellationToken)
    {
        await SummaryCounts.EnterAsync(db, alone: true, cancellationToken);
        var rules = (await AssignmentCoverage.RulesAsync(db, cancellationToken)).Where(r => r.CourseSlug == courseSlug).ToList();
        await db.RequiredCourses.Where(r => r.CourseSlug == courseSlug).ExecuteDeleteAsync(cancellationToken);
        if (rules.Count > 0)
        {
            var regions = await RegionTrees.LoadAsync(db, cancellationToken);
            var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
            await ForEachPageAsync(courseSlug, people => RebuildPeopleAsync(rules, people, null, FormerRecords.None, regions, today, cancellationToken), cancellationToken);
        }

        await tallies.RebuildCourseAsync(courseSlug, cancellationToken);
    }

    public Task MarkStartedAsync(string userId, string courseSlug, DateTime atUtc, CancellationToken cancellationToken) =>
        ChangeRowAsync(userId, courseSlug, r => r.StartedAtUtc == null,
            row => row.ExecuteUpdateAsync(set => set.SetProperty(r => r.StartedAtUtc, atUtc), cancellationToken), cancellationToken);

    /// <summary>After a certificate is issued or revoked: the row follows the latest certificate still standing.</summary>
    public async Task RefreshCertificateAsync(string userId, string courseSlug, CancellationToken cancellationToken)
    {
        var assignedOn = await db.RequiredCourses
            .Where(r => r.UserId == userId && r.CourseSlug == courseSlug)
            .Select(r => (DateOnly?)r.AssignedOn)
            .SingleOrDefaultAsync(cancellationToken);
        if (assignedOn is null)
        {
            return; // the course is not required of this person
        }

        // Read under the row's lock (ChangeRowAsync takes it first): a certificate issued or revoked by another writer
        // at the same moment has committed before this reads, or its own refresh waits for this one to commit.
        await ChangeRowAsync(userId, courseSlug, r => true, async row =>
        {
            var (latest, certifiedQuarters) = Certified(await db.Certificates
                .Where(c => c.UserId == userId && c.CourseSlug == courseSlug)
                .Select(c => new CertificateDates(c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc))
                .ToListAsync(cancellationToken), assignedOn.Value);
            var days = DaysToComplete(assignedOn.Value, latest?.IssuedAtUtc);
            DateOnly? certifiedOn = latest == null ? null : calendar.DateOf(latest.IssuedAtUtc);
            return await row.ExecuteUpdateAsync(set => set
                .SetProperty(r => r.CertifiedAtUtc, latest == null ? null : latest.IssuedAtUtc)
                .SetProperty(r => r.CertificateExpiresAtUtc, latest == null ? null : latest.ExpiresAtUtc)
                .SetProperty(r => r.CertifiedOn, certifiedOn)
                .SetProperty(r => r.DaysToComplete, days)
                .SetProperty(r => r.CertifiedQuarters, certifiedQuarters), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Works every row's certified quarters out again from the certificates, a page of people at a time, for
    /// <c>rebuild-aggregates</c> after certificates were corrected past the portal; the counts are recounted after it.
    /// </summary>
    public async Task RefreshCertifiedQuartersAsync(CancellationToken cancellationToken)
    {
        string? after = null;
        while (await db.Users.Where(u => after == null || string.Compare(u.Id, after) > 0).OrderBy(u => u.Id).Select(u => u.Id).Take(PeoplePerPage).ToListAsync(cancellationToken) is { Count: > 0 } page)
        {
            var (first, last) = (page[0], page[^1]);
            var histories = await HistoriesAsync(db.Certificates.Where(c => string.Compare(c.UserId, first) >= 0 && string.Compare(c.UserId, last) <= 0), cancellationToken);
            var rows = await db.RequiredCourses.Where(r => string.Compare(r.UserId, first) >= 0 && string.Compare(r.UserId, last) <= 0)
                .Select(r => new { r.Id, r.UserId, r.CourseSlug, r.CertifiedQuarters })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var quarters = QuartersOf(histories[(row.UserId, row.CourseSlug)]);
                if (quarters != row.CertifiedQuarters)
                {
                    await db.RequiredCourses.Where(r => r.Id == row.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.CertifiedQuarters, quarters), cancellationToken);
                }
            }

            after = last;
        }
    }

    private sealed record CertificateDates(DateTime IssuedAtUtc, DateTime? ExpiresAtUtc, DateTime? RevokedAtUtc);

    /// <summary>
    /// What a required course keeps of a person's certificates for it: the latest one not revoked, unless it had lapsed
    /// before the course was assigned, and the quarters at whose end one was valid. A certificate long lapsed is no head
    /// start: counted, it would show the person as "expired" rather than due and then overdue, out of the assignment's
    /// notice, its overdue reminders and every overdue count.
    /// </summary>
    private (CertificateDates? Latest, string? Quarters) Certified(IEnumerable<CertificateDates> history, DateOnly assignedOn)
    {
        var list = history as IReadOnlyCollection<CertificateDates> ?? history.ToList();
        var latest = list.Where(c => c.RevokedAtUtc == null).MaxBy(c => c.IssuedAtUtc);
        return (latest is not null && LapsedBefore(latest.ExpiresAtUtc, assignedOn) ? null : latest, QuartersOf(list));
    }

    private bool LapsedBefore(DateTime? expiresAtUtc, DateOnly assignedOn) => expiresAtUtc < calendar.StartOfDayUtc(assignedOn);

    /// <summary>
    /// Works out again the rows that still count a certificate which had lapsed before their course was assigned: rows
    /// written before that rule, on the start that brings the migration marking it.
    /// </summary>
    public async Task RefreshLapsedBeforeAssignmentAsync(CancellationToken cancellationToken)
    {
        var certified = await db.RequiredCourses.Where(r => r.CertificateExpiresAtUtc != null)
            .Select(r => new { r.UserId, r.AssignedOn, r.CertificateExpiresAtUtc })
            .ToListAsync(cancellationToken);
        var people = certified.Where(r => LapsedBefore(r.CertificateExpiresAtUtc, r.AssignedOn)).Select(r => r.UserId).Distinct().ToList();
        if (people.Count > 0)
        {
            await RebuildAsync(people, cancellationToken);
        }
    }

    private string? QuartersOf(IEnumerable<CertificateDates> history) =>
        CertifiedQuarters.Format(CertifiedQuarters.Of(history.Select(c => (c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc)), calendar));

    /// <summary>Every certificate of the people <paramref name="certificates"/> is narrowed to, per person and course.</summary>
    private static async Task<ILookup<(string UserId, string CourseSlug), CertificateDates>> HistoriesAsync(IQueryable<Certificate> certificates, CancellationToken cancellationToken) =>
        (await certificates.AsNoTracking()
            .Select(c => new { c.UserId, c.CourseSlug, Dates = new CertificateDates(c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc) })
            .ToListAsync(cancellationToken))
        .ToLookup(c => (c.UserId, c.CourseSlug), c => c.Dates);

    public Task RecordScoreAsync(string userId, string courseSlug, int scorePercent, CancellationToken cancellationToken) =>
        ChangeRowAsync(userId, courseSlug, r => r.BestScorePercent == null || r.BestScorePercent < scorePercent,
            row => row.ExecuteUpdateAsync(set => set.SetProperty(r => r.BestScorePercent, scorePercent), cancellationToken), cancellationToken);

    /// <summary>
    /// Changes one person's row of one course, when it meets <paramref name="when"/>, and moves its contribution to the
    /// summary counts from what it was to what it has become.
    /// </summary>
    private async Task ChangeRowAsync(string userId, string courseSlug, Expression<Func<RequiredCourse, bool>> when,
        Func<IQueryable<RequiredCourse>, Task<int>> change, CancellationToken cancellationToken)
    {
        // The person's account row first, as every change to the person takes it before rebuilding their rows (a move,
        // a new title, an import write it first): the rebuild and this change then wait for each other. Otherwise this
        // could wait on a row the rebuild deletes, find it gone once the rebuild commits, and change nothing, while the
        // rebuild never saw this change's certificate: a renewal lost. Taken before the counts' gate, in the same order.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsActive, u => u.IsActive), cancellationToken);
        await SummaryCounts.EnterAsync(db, alone: false, cancellationToken);
        var row = db.RequiredCourses.Where(r => r.UserId == userId && r.CourseSlug == courseSlug);
        if (await LockAsync(row.Where(when), cancellationToken) == 0)
        {
            return; // not required of this person, or nothing to change
        }

        var changes = new TallyChanges();
        await tallies.CountAsync(row, changes, -1, countPeople: false, cancellationToken);
        await change(row.Where(when));
        await tallies.CountAsync(row, changes, +1, countPeople: false, cancellationToken);
        await tallies.ApplyAsync(changes, cancellationToken);
    }

    /// <summary>
    /// Takes the write lock on the rows (an update that changes nothing), so that what is counted before a change is what
    /// the change replaces, even when another instance changes the same rows at the same moment.
    /// </summary>
    private static Task<int> LockAsync(IQueryable<RequiredCourse> rows, CancellationToken cancellationToken) =>
        rows.ExecuteUpdateAsync(set => set.SetProperty(r => r.DueOn, r => r.DueOn), cancellationToken);

    private int? DaysToComplete(DateOnly assignedOn, DateTime? certifiedAtUtc) =>
        certifiedAtUtc is { } at ? Math.Max(0, calendar.DateOf(at).DayNumber - assignedOn.DayNumber) : null;

    /// <summary>Whose rows a rebuild writes: the people named, or a page of people by key; every course, or one.</summary>
    private sealed record People(string[]? UserIds, (string First, string Last)? Keys, string? OnlyCourse)
    {
        public IQueryable<PortalUser> Of(IQueryable<PortalUser> users) => this switch
        {
            { UserIds: { } ids } => users.Where(u => ids.Contains(u.Id)),
            { Keys: var (first, last) } => users.Where(u => string.Compare(u.Id, first) >= 0 && string.Compare(u.Id, last) <= 0),
            _ => users,
        };

        public IQueryable<T> OfPeople<T>(IQueryable<T> rows) where T : class, IPersonRow => this switch
        {
            { UserIds: { } ids } => rows.Where(r => ids.Contains(r.UserId)),
            { Keys: var (first, last) } => rows.Where(r => string.Compare(r.UserId, first) >= 0 && string.Compare(r.UserId, last) <= 0),
            _ => rows,
        };

        public IQueryable<T> Of<T>(IQueryable<T> rows) where T : class, IPersonCourse =>
            OnlyCourse is { } course ? OfPeople(rows).Where(r => r.CourseSlug == course) : OfPeople(rows);
    }

    /// <summary>Everyone a page of people at a time, by key, so that what is held in memory does not grow with the bank.</summary>
    private async Task ForEachPageAsync(string? onlyCourse, Func<People, Task> rebuild, CancellationToken cancellationToken)
    {
        string? after = null;
        while (await db.Users.Where(u => after == null || string.Compare(u.Id, after) > 0).OrderBy(u => u.Id).Select(u => u.Id).Take(PeoplePerPage).ToListAsync(cancellationToken) is { Count: > 0 } page)
        {
            await rebuild(new People(null, (page[0], page[^1]), onlyCourse));
            after = page[^1];
        }
    }

    /// <summary>What each person's rows were last worked out from (the branch, region and job title copied onto each row), and each course's dates.</summary>
    private static async Task<Dictionary<string, WorkedOutFrom>> BeforeAsync(IQueryable<RequiredCourse> rows, RegionTree regions, CancellationToken cancellationToken) =>
        (await rows.Select(r => new { r.UserId, r.CourseSlug, r.AssignedOn, r.DueOn, r.BranchId, r.RegionId, r.JobTitle }).ToListAsync(cancellationToken))
            .GroupBy(r => r.UserId)
            .ToDictionary(g => g.Key, g => new WorkedOutFrom(
                g.DistinctBy(r => (r.BranchId, r.RegionId, r.JobTitle)).Select(r => new EmployeeFacts(r.UserId, r.BranchId, regions.SelfAndAncestors(r.RegionId), r.JobTitle, HireDate: default)).ToList(),
                g.ToDictionary(r => r.CourseSlug, r => new HeldCourse(r.AssignedOn, r.DueOn))));

    /// <param name="before">What each person's rows were last worked out from, or null when no one's record changed.</param>
    /// <param name="former">What the people who moved or changed title had until then, where the caller knows it. Someone
    /// with neither rows nor a former record (new, or enabled again) cannot be told apart from a newcomer, so comes under
    /// nothing late and has each assignment's own due date.</param>
    private async Task RebuildPeopleAsync(List<AssignmentRule> rules, People people, Dictionary<string, WorkedOutFrom>? before,
        FormerRecords former, RegionTree regions, DateOnly today, CancellationToken cancellationToken)
    {
        var staff = people.Of(db.Users.AsNoTracking().Where(u => u.IsActive));
        var started = people.Of(db.LessonCompletions.AsNoTracking());
        var certificates = people.Of(db.Certificates.AsNoTracking());
        var attempts = people.Of(db.QuizAttempts.AsNoTracking());
        var ruleIds = rules.Select(r => r.Id).ToList();
        var lateStarts = people.OfPeople(db.LateStarts).Where(s => ruleIds.Contains(s.AssignmentId));
        var records = await staff
            .Select(u => new { u.Id, u.BranchId, RegionId = u.Branch == null ? (int?)null : u.Branch.RegionId, u.JobTitle, u.HireDate, u.EmployeeNumber, u.DisplayName, BranchName = u.Branch == null ? HeadOffice.Name : u.Branch.Name })
            .ToListAsync(cancellationToken);
        var firstLesson = (await started
                .GroupBy(l => new { l.UserId, l.CourseSlug })
                .Select(g => new { g.Key.UserId, g.Key.CourseSlug, First = g.Min(l => l.CompletedAtUtc) })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => (x.UserId, x.CourseSlug), x => x.First);
        var bestScores = (await attempts
                .Where(a => a.ScorePercent != null)
                .GroupBy(a => new { a.UserId, a.CourseSlug })
                .Select(g => new { g.Key.UserId, g.Key.CourseSlug, Best = g.Max(a => a.ScorePercent) })
                .ToListAsync(cancellationToken))
            .ToDictionary(x => (x.UserId, x.CourseSlug), x => x.Best);
        var histories = await HistoriesAsync(certificates, cancellationToken);
        var startedLate = (await lateStarts.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(l => l.UserId);

        var batch = new List<RequiredCourse>(InsertBatchSize);
        var keptStarts = new List<LateStart>();
        foreach (var person in records)
        {
            var employee = new EmployeeFacts(person.Id, person.BranchId, regions.SelfAndAncestors(person.RegionId), person.JobTitle, person.HireDate);
            var standing = startedLate[person.Id].ToDictionary(l => l.AssignmentId,
                l => new LateCover(l.CoveredSince, l is { HeldAssignedOn: { } assignedOn, HeldDueOn: { } dueOn } ? new HeldCourse(assignedOn, dueOn) : null));
            var workedOutFrom = WorkedOutFrom.With(before?.GetValueOrDefault(person.Id), former.FactsOf(person.Id));
            var coveredLate = RequiredCourses.LateCoversAfter(employee, rules, standing, workedOutFrom, today);
            employee = employee with { CoveredLate = coveredLate };
            keptStarts.AddRange(coveredLate.Select(c => new LateStart
            {
                UserId = person.Id, AssignmentId = c.Key, CoveredSince = c.Value.Since, HeldAssignedOn = c.Value.Held?.AssignedOn, HeldDueOn = c.Value.Held?.DueOn,
            }));
            foreach (var line in RequiredCourses.For(employee, rules))
            {
                var (certificate, certifiedQuarters) = Certified(histories[(employee.UserId, line.CourseSlug)], line.AssignedOn);
                batch.Add(new RequiredCourse
                {
                    UserId = employee.UserId,
                    CourseSlug = line.CourseSlug,
                    EmployeeNumber = person.EmployeeNumber,
                    DisplayName = person.DisplayName,
                    JobTitle = person.JobTitle,
                    BranchName = person.BranchName,
                    BranchId = employee.BranchId,
                    RegionId = person.RegionId,
                    AssignedOn = line.AssignedOn,
                    DueOn = line.DueOn,
                    StartedAtUtc = firstLesson.TryGetValue((employee.UserId, line.CourseSlug), out var first) ? first : null,
                    CertifiedAtUtc = certificate?.IssuedAtUtc,
                    CertificateExpiresAtUtc = certificate?.ExpiresAtUtc,
                    CertifiedOn = certificate is null ? null : calendar.DateOf(certificate.IssuedAtUtc),
                    DaysToComplete = DaysToComplete(line.AssignedOn, certificate?.IssuedAtUtc),
                    BestScorePercent = bestScores.GetValueOrDefault((employee.UserId, line.CourseSlug)),
                    JoinedAfterAssignment = line.Joiner,
                    CertifiedQuarters = certifiedQuarters,
                });
                if (batch.Count == InsertBatchSize)
                {
                    await InsertAsync(batch, cancellationToken);
                }
            }
        }

        await InsertAsync(batch, cancellationToken);
        // Few people have late starts, so theirs are written again whole.
        await lateStarts.ExecuteDeleteAsync(cancellationToken);
        if (keptStarts.Count > 0)
        {
            db.LateStarts.AddRange(keptStarts);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private async Task InsertAsync(List<RequiredCourse> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (BulkLoad)
        {
            await TableWriter.InsertAsync(db, batch, cancellationToken);
        }
        else
        {
            db.RequiredCourses.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        batch.Clear();
    }
}

/// <summary>The parts of a person's record that decide which assignments cover them (besides who they are).</summary>
public sealed record BranchAndTitle(int? BranchId, string JobTitle);

/// <summary>Former records of the people a change moved or retitled, each made into facts only when its person is rebuilt.</summary>
internal sealed class FormerRecords(IReadOnlyDictionary<string, BranchAndTitle> records, IReadOnlyDictionary<int, int> regionOfBranch, RegionTree regions)
{
    public static readonly FormerRecords None = new(new Dictionary<string, BranchAndTitle>(), new Dictionary<int, int>(), new RegionTree([]));

    public static async Task<FormerRecords> LoadAsync(PortalDbContext db, IReadOnlyDictionary<string, BranchAndTitle>? records, RegionTree regions, CancellationToken cancellationToken)
    {
        if (records is null || records.Count == 0)
        {
            return None;
        }

        var branchIds = records.Values.Select(r => r.BranchId).OfType<int>().Distinct().ToList();
        var regionOfBranch = await db.Branches.Where(b => branchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.RegionId, cancellationToken);
        return new FormerRecords(records, regionOfBranch, regions);
    }

    public EmployeeFacts? FactsOf(string userId) => records.TryGetValue(userId, out var record)
        ? new EmployeeFacts(userId, record.BranchId, regions.SelfAndAncestors(record.BranchId is { } branch ? regionOfBranch[branch] : null), record.JobTitle, HireDate: default)
        : null;
}
