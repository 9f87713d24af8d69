using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Progress;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Reminders;

public sealed record ReminderRecipient(string UserId, string Email, string Name, string? PreferredCulture, bool ReceivesDigest);

/// <summary>One ledger line of a mail: a course (empty for digests), the step and the date it is about.</summary>
/// <param name="At">The instant the date stands for, where there is one and it is still that date: a certificate's
/// expiry, from which the moment its renewal opens follows.</param>
public sealed record ReminderItem(string CourseSlug, int Step, DateOnly ForDate, DateTime? At = null);

/// <summary>One mail to write: to whom, the reminders it carries and, for digests, what they report.</summary>
public sealed record ReminderLetter(string UserId, IReadOnlyList<ReminderItem> Items, DigestReport? Digest = null);

/// <summary>What a ledger row is keyed on besides its kind and step; a query projecting these is inserted as it stands.</summary>
public sealed record LedgerKey(string UserId, string CourseSlug, DateOnly ForDate);

public sealed record PersonCourse(string Name, string EmployeeNumber, string CourseSlug, DateOnly Date);

/// <summary>What a digest reports: the figures of its scope, and the people who are behind or about to lapse.</summary>
/// <param name="Scope">The branch's name, or null for the whole bank.</param>
public sealed record DigestReport(
    string? Scope,
    AdoptionFigures Figures,
    IReadOnlyList<PersonCourse> Overdue,
    int OverdueCount,
    IReadOnlyList<PersonCourse> Expiring,
    int ExpiringCount,
    IReadOnlyList<(string Region, AdoptionFigures Figures)> Regions);

/// <summary>
/// What is due on a day, kind by kind: one query per kind and step, filtered in the database by the dates the step
/// covers, by the training status rules (<see cref="TrainingStatuses"/>) and by the ledger, so only reminders not yet
/// queued come back. Digests add one aggregate query over every branch at once.
/// </summary>
public sealed class ReminderQueries(PortalDbContext db, ReminderSchedule schedule, BankCalendar calendar)
{
    /// <summary>How many people a digest names under each heading; the branch page has the rest.</summary>
    public const int DigestListLength = 20;

    /// <summary>How far ahead a digest looks for certificates about to lapse.</summary>
    public const int DigestExpiryDays = 30;

    private const int ExpiryInsertBatch = 2_000;

    /// <summary>
    /// Records in the ledger every reminder of a kind that is due on <paramref name="today"/> and not yet recorded, one
    /// set-based statement per step (see <see cref="ReminderLedger.InsertAsync"/>); the rows then await their mails.
    /// </summary>
    /// <returns>How many reminders were recorded.</returns>
    public async Task<int> RecordDueAsync(ReminderKind kind, DateOnly today, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var at = new StatusMoment(nowUtc, today);
        switch (kind)
        {
            case ReminderKind.AssignmentNotice:
                return await ReminderLedger.InsertAsync(db, Keys(AssignmentNotices()), kind, 0, today, nowUtc, cancellationToken);
            case ReminderKind.DueReminder:
                return await StepsAsync(schedule.DueSteps, step => DueReminders(step, today, at));
            case ReminderKind.OverdueNotice:
                return await StepsAsync(schedule.OverdueSteps, step => OverdueNotices(step, today, at));
            case ReminderKind.CertificateExpiry:
                var expiring = 0;
                foreach (var step in schedule.ExpirySteps)
                {
                    expiring += await RecordExpiryAsync(step, today, nowUtc, cancellationToken);
                }

                return expiring;
            case ReminderKind.BranchDigest:
                var digestDate = schedule.DigestDate(today);
                var managers = await DigestReadersAsync(Roles.BranchManager, kind, digestDate, cancellationToken);
                return await ReminderLedger.InsertReadersAsync(db, managers.Where(u => u.BranchId != null).Select(u => u.Id),
                    kind, digestDate, today, nowUtc, cancellationToken);
            case ReminderKind.HrSummary:
                var summaryDate = ReminderSchedule.SummaryDate(today);
                var hr = await DigestReadersAsync(Roles.HR, kind, summaryDate, cancellationToken);
                return await ReminderLedger.InsertReadersAsync(db, hr.Select(u => u.Id), kind, summaryDate, today, nowUtc, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        async Task<int> StepsAsync(IReadOnlyList<ReminderStep> steps, Func<ReminderStep, IQueryable<RequiredCourse>> due)
        {
            var recorded = 0;
            foreach (var step in steps)
            {
                recorded += await ReminderLedger.InsertAsync(db, Keys(due(step)), kind, step.DaysBefore, today, nowUtc, cancellationToken);
            }

            return recorded;
        }
    }

    /// <summary>The ledger keys of required courses whose holder is still with the bank and has an address.</summary>
    private IQueryable<LedgerKey> Keys(IQueryable<RequiredCourse> due) =>
        from r in due
        join u in db.Users on r.UserId equals u.Id
        where u.IsActive && u.Email != null
        select new LedgerKey(r.UserId, r.CourseSlug, r.DueOn);

    /// <summary>
    /// The expiry step is recorded with the date the certificate lapses in the bank's calendar, which only .NET knows
    /// (the database holds the instant), so its few rows are read and written rather than inserted in one statement.
    /// </summary>
    private async Task<int> RecordExpiryAsync(ReminderStep step, DateOnly today, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var due = await (from r in ExpiryNotices(step, today, nowUtc)
                         join u in db.Users on r.UserId equals u.Id
                         where u.IsActive && u.Email != null
                         select new { r.UserId, r.CourseSlug, ExpiresAtUtc = r.CertificateExpiresAtUtc!.Value })
            .ToListAsync(cancellationToken);
        foreach (var chunk in due.Chunk(ExpiryInsertBatch))
        {
            db.Reminders.AddRange(chunk.Select(r => new Reminder
            {
                Kind = ReminderKind.CertificateExpiry, UserId = r.UserId, CourseSlug = r.CourseSlug, Step = step.DaysBefore,
                ForDate = calendar.DateOf(r.ExpiresAtUtc), SentOn = today, QueuedAtUtc = nowUtc, AwaitingMail = true,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return due.Count;
    }

    /// <summary>Courses required of someone who has not been told about them since they were last required (a course
    /// dropped by a move and required again later is news again, unless by the very due date they were told of) and
    /// never held a certificate of it (a lapsed certificate is the expiry reminder's business, not news of an
    /// assignment).</summary>
    private IQueryable<RequiredCourse> AssignmentNotices() =>
        db.RequiredCourses.Where(r => r.CertifiedAtUtc == null)
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug && l.Kind == ReminderKind.AssignmentNotice
                && (l.SentOn >= r.AssignedOn || l.ForDate == r.DueOn)));

    /// <summary>Not done, due in the step's days, and neither this step nor a notice of the same due date on or after its
    /// occasion was sent (a notice of a due date since moved earlier told them nothing of this one).</summary>
    private IQueryable<RequiredCourse> DueReminders(ReminderStep step, DateOnly today, StatusMoment at)
    {
        var (from, to) = step.DatesDueOn(today);
        var daysBefore = step.DaysBefore;
        return db.RequiredCourses.Where(r => r.DueOn >= from && r.DueOn <= to)
            .Where(Not(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Completed, at)))
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug
                && ((l.Kind == ReminderKind.DueReminder && l.Step == daysBefore && l.ForDate == r.DueOn)
                    || (l.Kind == ReminderKind.AssignmentNotice && l.ForDate == r.DueOn && l.SentOn >= r.DueOn.AddDays(-daysBefore)))));
    }

    private IQueryable<RequiredCourse> OverdueNotices(ReminderStep step, DateOnly today, StatusMoment at)
    {
        var (from, to) = step.DatesDueOn(today);
        var daysBefore = step.DaysBefore;
        return db.RequiredCourses.Where(r => r.DueOn >= from && r.DueOn <= to)
            .Where(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Overdue, at))
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug
                && ((l.Kind == ReminderKind.OverdueNotice && l.Step == daysBefore && l.ForDate == r.DueOn)
                    || (l.Kind == ReminderKind.AssignmentNotice && l.ForDate == r.DueOn && l.SentOn >= r.DueOn.AddDays(-daysBefore)))));
    }

    /// <summary>
    /// The standing certificate of a required course (a renewal moves the row's expiry on) lapsing within the step's
    /// days. The expiry is an instant, so the step's dates become the instants the bank's days begin.
    /// </summary>
    private IQueryable<RequiredCourse> ExpiryNotices(ReminderStep step, DateOnly today, DateTime nowUtc)
    {
        var (from, to) = step.DatesDueOn(today);
        var fromUtc = calendar.StartOfDayUtc(from);
        // The lapse notice waits for the instant itself: a certificate lapsing this afternoon is still valid this morning.
        var untilUtc = step.DaysBefore == 0 ? nowUtc.AddTicks(1) : calendar.StartOfDayUtc(to.AddDays(1));
        var daysBefore = step.DaysBefore;
        return db.RequiredCourses.Where(r => r.CertificateExpiresAtUtc >= fromUtc && r.CertificateExpiresAtUtc < untilUtc)
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug
                && l.Kind == ReminderKind.CertificateExpiry && l.Step == daysBefore && l.ForDate >= from && l.ForDate <= to));
    }

    /// <summary>Who the letters of a batch go to, by user id; people who left since the scan began are missing.</summary>
    public async Task<IReadOnlyDictionary<string, ReminderRecipient>> RecipientsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id) && u.IsActive && u.Email != null)
            .Select(u => new ReminderRecipient(u.Id, u.Email!, u.DisplayName, u.PreferredCulture, u.ReceivesDigest))
            .ToDictionaryAsync(r => r.UserId, cancellationToken);

    /// <summary>When the people's standing certificates of their required courses expire, by person and course.</summary>
    public async Task<IReadOnlyDictionary<(string UserId, string CourseSlug), DateTime>> ExpiriesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        await db.RequiredCourses.AsNoTracking()
            .Where(r => userIds.Contains(r.UserId) && r.CertificateExpiresAtUtc != null)
            .Select(r => new { r.UserId, r.CourseSlug, Expires = r.CertificateExpiresAtUtc!.Value })
            .ToDictionaryAsync(r => (r.UserId, r.CourseSlug), r => r.Expires, cancellationToken);

    /// <summary>
    /// The people's required courses not done at <paramref name="at"/>, with their due dates: a notice, due or overdue
    /// reminder is mailed only while its course is one of these by the date it is about. Rows recorded by a scan that
    /// died before mailing them can be a day old or more, and the course done or moved since.
    /// </summary>
    public async Task<IReadOnlySet<(string UserId, string CourseSlug, DateOnly DueOn)>> OpenCoursesAsync(IReadOnlyCollection<string> userIds, StatusMoment at,
        CancellationToken cancellationToken)
    {
        var open = await db.RequiredCourses.AsNoTracking()
            .Where(r => userIds.Contains(r.UserId))
            .Where(Not(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Completed, at)))
            .Select(r => new { r.UserId, r.CourseSlug, r.DueOn })
            .ToListAsync(cancellationToken);
        return open.Select(r => (r.UserId, r.CourseSlug, r.DueOn)).ToHashSet();
    }

    /// <summary>Holders of the role who take the digest and have not had this one. The role's id is looked up first so
    /// the database reads the role's members through their index, not every account.</summary>
    private async Task<IQueryable<PortalUser>> DigestReadersAsync(string role, ReminderKind kind, DateOnly forDate, CancellationToken cancellationToken)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        return from ur in db.UserRoles
               where ur.RoleId == roleId
               join u in db.Users on ur.UserId equals u.Id
               where u.IsActive && u.ReceivesDigest && u.Email != null
                     && !db.Reminders.Any(l => l.UserId == u.Id && l.Kind == kind && l.CourseSlug == "" && l.ForDate == forDate)
               select u;
    }

    /// <summary>
    /// What each branch digest awaiting its mail reports, by manager: computed once for all of them, with one aggregate
    /// over every branch and one pass over the overdue and expiring courses.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DigestReport>> BranchDigestReportsAsync(StatusMoment at, CancellationToken cancellationToken)
    {
        var managers = await (from l in db.Reminders
                              where l.AwaitingMail && l.Kind == ReminderKind.BranchDigest
                              join u in db.Users on l.UserId equals u.Id
                              where u.BranchId != null
                              select new { u.Id, BranchId = u.BranchId!.Value, BranchName = u.Branch!.Name })
            .Distinct()
            .ToListAsync(cancellationToken);
        if (managers.Count == 0)
        {
            return new Dictionary<string, DigestReport>();
        }

        var branchIds = managers.Select(m => m.BranchId).ToHashSet();
        // The digest shows no median: the counts without the days each certificate took.
        var partials = await DashboardQuery.CountsByBranchAsync(db, at, new CompletionFilter(BranchId: branchIds.Count == 1 ? branchIds.Single() : null), cancellationToken);
        var overdue = await PeopleByBranchAsync(CompletionQuery.Filtered(db, new CompletionFilter(Status: TrainingStatus.Overdue), at), branchIds, r => r.DueOn, cancellationToken);
        var expiringBefore = calendar.StartOfDayUtc(at.Today.AddDays(DigestExpiryDays + 1));
        var expiring = await PeopleByBranchAsync(
            CompletionQuery.Filtered(db, new CompletionFilter(Status: TrainingStatus.Completed), at).Where(r => r.CertificateExpiresAtUtc < expiringBefore),
            branchIds, r => calendar.DateOf(r.CertificateExpiresAtUtc!.Value), cancellationToken);

        return managers.ToDictionary(m => m.Id, m =>
        {
            var (overdueList, overdueCount) = overdue.GetValueOrDefault(m.BranchId, ([], 0));
            var (expiringList, expiringCount) = expiring.GetValueOrDefault(m.BranchId, ([], 0));
            return new DigestReport(m.BranchName, (partials.GetValueOrDefault(m.BranchId) ?? AdoptionPartial.Empty).Figures(),
                overdueList, overdueCount, expiringList, expiringCount, []);
        });
    }

    /// <summary>The first few people of each branch in the query, and how many there are; read as a stream, so a bank
    /// with many overdue courses does not load them all.</summary>
    private static async Task<Dictionary<int, (IReadOnlyList<PersonCourse> List, int Count)>> PeopleByBranchAsync(
        IQueryable<RequiredCourse> rows, IReadOnlySet<int> branchIds, Func<RequiredCourse, DateOnly> date, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<int, List<PersonCourse>>();
        var counts = new Dictionary<int, int>();
        if (branchIds.Count == 1)
        {
            var only = branchIds.Single();
            rows = rows.Where(r => r.BranchId == only);
        }

        // Several branches are filtered here rather than in SQL: thousands of ids would make thousands of parameters.
        var query = rows.Where(r => r.BranchId != null)
            .OrderBy(r => r.BranchId).ThenBy(r => r.DueOn).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug)
            .Select(r => new RequiredCourse
            {
                BranchId = r.BranchId, DisplayName = r.DisplayName, EmployeeNumber = r.EmployeeNumber, CourseSlug = r.CourseSlug,
                DueOn = r.DueOn, CertificateExpiresAtUtc = r.CertificateExpiresAtUtc,
            });
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var branch = row.BranchId!.Value;
            if (!branchIds.Contains(branch))
            {
                continue;
            }

            counts[branch] = counts.GetValueOrDefault(branch) + 1;
            var list = lists.TryGetValue(branch, out var existing) ? existing : lists[branch] = [];
            if (list.Count < DigestListLength)
            {
                list.Add(new PersonCourse(row.DisplayName, row.EmployeeNumber, row.CourseSlug, date(row)));
            }
        }

        return counts.ToDictionary(c => c.Key, c => ((IReadOnlyList<PersonCourse>)lists[c.Key], c.Value));
    }

    /// <summary>The bank-wide report HR's monthly summary carries: the bank and its top-level regions, each with everything below it, as the dashboard opens.</summary>
    public async Task<DigestReport> HrSummaryReportAsync(StatusMoment at, CancellationToken cancellationToken)
    {
        // The summary shows no median: the counts without the days each certificate took.
        var partials = await DashboardQuery.CountsByBranchAsync(db, at, new CompletionFilter(), cancellationToken);
        var tree = await RegionTrees.LoadAsync(db, cancellationToken);
        var regionOf = await db.Branches.Select(b => new { b.Id, b.RegionId }).ToDictionaryAsync(b => b.Id, b => b.RegionId, cancellationToken);
        var regions = tree.RollUp(null, partials.Where(p => regionOf.ContainsKey(p.Key)), p => regionOf[p.Key])
            .Where(line => line.Items.Count > 0)
            .Select(line => (line.Region.Name, AdoptionPartial.Merge(line.Items.Select(p => p.Value)).Figures()))
            .ToList();
        return new DigestReport(null, AdoptionPartial.Merge(partials.Values).Figures(), [], 0, [], 0, regions);
    }

    private static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);
}
