using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Progress;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Reminders;

public sealed record ReminderRecipient(string UserId, string Email, string Name, string? PreferredCulture);

/// <summary>One ledger line of a mail: a course (empty for digests), the step and the date it is about.</summary>
public sealed record ReminderItem(string CourseSlug, int Step, DateOnly ForDate);

/// <summary>One mail to write: to whom, the reminders it carries and, for digests, what they report.</summary>
public sealed record ReminderLetter(string UserId, IReadOnlyList<ReminderItem> Items, DigestReport? Digest = null);

public sealed record PersonCourse(string Name, string EmployeeNumber, string UserId, string CourseSlug, DateOnly Date);

/// <summary>What a digest reports: the figures of its scope, and the people who are behind or about to lapse.</summary>
/// <param name="Scope">The branch's name, or null for the whole bank.</param>
public sealed record DigestReport(
    string? Scope,
    string? BranchCode,
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

    // Only keys and dates: a day with many reminders due holds little per reminder until its batch is written.
    private sealed record Row(string UserId, string CourseSlug, DateOnly DueOn, DateTime? ExpiresAtUtc);

    public async Task<IReadOnlyList<ReminderLetter>> DueAsync(ReminderKind kind, DateOnly today, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var at = new StatusMoment(nowUtc, today);
        return kind switch
        {
            ReminderKind.AssignmentNotice => Letters(await RowsAsync(AssignmentNotices(at), cancellationToken), r => new ReminderItem(r.CourseSlug, 0, r.DueOn)),
            ReminderKind.DueReminder => await StepsAsync(schedule.DueSteps, step => DueReminders(step, today, at), r => r.DueOn, cancellationToken),
            ReminderKind.OverdueNotice => await StepsAsync(schedule.OverdueSteps, step => OverdueNotices(step, today, at), r => r.DueOn, cancellationToken),
            ReminderKind.CertificateExpiry => await StepsAsync(schedule.ExpirySteps, step => ExpiryNotices(step, today), r => calendar.DateOf(r.ExpiresAtUtc!.Value), cancellationToken),
            ReminderKind.BranchDigest => await BranchDigestsAsync(schedule.DigestDate(today), at, cancellationToken),
            ReminderKind.HrSummary => await HrSummariesAsync(ReminderSchedule.SummaryDate(today), at, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Courses required of someone who has never been told about them, unless already done.</summary>
    private IQueryable<RequiredCourse> AssignmentNotices(StatusMoment at) =>
        db.RequiredCourses.Where(Not(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Completed, at)))
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug && l.Kind == ReminderKind.AssignmentNotice));

    /// <summary>Not done, due in the step's days, and neither this step nor a notice on or after its occasion was sent.</summary>
    private IQueryable<RequiredCourse> DueReminders(ReminderStep step, DateOnly today, StatusMoment at)
    {
        var (from, to) = step.DatesDueOn(today);
        var daysBefore = step.DaysBefore;
        return db.RequiredCourses.Where(r => r.DueOn >= from && r.DueOn <= to)
            .Where(Not(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Completed, at)))
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug
                && ((l.Kind == ReminderKind.DueReminder && l.Step == daysBefore && l.ForDate == r.DueOn)
                    || (l.Kind == ReminderKind.AssignmentNotice && l.SentOn >= r.DueOn.AddDays(-daysBefore)))));
    }

    private IQueryable<RequiredCourse> OverdueNotices(ReminderStep step, DateOnly today, StatusMoment at)
    {
        var (from, to) = step.DatesDueOn(today);
        var daysBefore = step.DaysBefore;
        return db.RequiredCourses.Where(r => r.DueOn >= from && r.DueOn <= to)
            .Where(TrainingStatuses.Is<RequiredCourse>(TrainingStatus.Overdue, at))
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug
                && ((l.Kind == ReminderKind.OverdueNotice && l.Step == daysBefore && l.ForDate == r.DueOn)
                    || (l.Kind == ReminderKind.AssignmentNotice && l.SentOn >= r.DueOn.AddDays(-daysBefore)))));
    }

    /// <summary>
    /// The standing certificate of a required course (a renewal moves the row's expiry on) lapsing within the step's
    /// days. The expiry is an instant, so the step's dates become the instants the bank's days begin.
    /// </summary>
    private IQueryable<RequiredCourse> ExpiryNotices(ReminderStep step, DateOnly today)
    {
        var (from, to) = step.DatesDueOn(today);
        var fromUtc = calendar.StartOfDayUtc(from);
        var untilUtc = calendar.StartOfDayUtc(to.AddDays(1));
        var daysBefore = step.DaysBefore;
        return db.RequiredCourses.Where(r => r.CertificateExpiresAtUtc >= fromUtc && r.CertificateExpiresAtUtc < untilUtc)
            .Where(r => !db.Reminders.Any(l => l.UserId == r.UserId && l.CourseSlug == r.CourseSlug
                && l.Kind == ReminderKind.CertificateExpiry && l.Step == daysBefore && l.ForDate >= from && l.ForDate <= to));
    }

    private async Task<IReadOnlyList<ReminderLetter>> StepsAsync(IReadOnlyList<ReminderStep> steps, Func<ReminderStep, IQueryable<RequiredCourse>> due,
        Func<Row, DateOnly> aboutDate, CancellationToken cancellationToken)
    {
        var found = new List<(Row Row, ReminderItem Item)>();
        foreach (var step in steps)
        {
            foreach (var row in await RowsAsync(due(step), cancellationToken))
            {
                found.Add((row, new ReminderItem(row.CourseSlug, step.DaysBefore, aboutDate(row))));
            }
        }

        return found.GroupBy(f => f.Row.UserId)
            .Select(g => new ReminderLetter(g.Key, g.Select(f => f.Item).OrderBy(i => i.ForDate).ThenBy(i => i.CourseSlug).ToList()))
            .ToList();
    }

    private static IReadOnlyList<ReminderLetter> Letters(IReadOnlyList<Row> rows, Func<Row, ReminderItem> item) =>
        rows.GroupBy(r => r.UserId)
            .Select(g => new ReminderLetter(g.Key, g.Select(item).OrderBy(i => i.ForDate).ThenBy(i => i.CourseSlug).ToList()))
            .ToList();

    /// <summary>Who the letters of a batch go to, by user id; people who left since the scan began are missing.</summary>
    public async Task<IReadOnlyDictionary<string, ReminderRecipient>> RecipientsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id) && u.IsActive && u.Email != null)
            .Select(u => new ReminderRecipient(u.Id, u.Email!, u.DisplayName, u.PreferredCulture))
            .ToDictionaryAsync(r => r.UserId, cancellationToken);

    private async Task<IReadOnlyList<Row>> RowsAsync(IQueryable<RequiredCourse> due, CancellationToken cancellationToken) =>
        await (from r in due.AsNoTracking()
               join u in db.Users on r.UserId equals u.Id
               where u.IsActive && u.Email != null
               select new Row(r.UserId, r.CourseSlug, r.DueOn, r.CertificateExpiresAtUtc))
            .ToListAsync(cancellationToken);

    private IQueryable<PortalUser> DigestReaders(string role, ReminderKind kind, DateOnly forDate) =>
        db.Users.Where(u => u.IsActive && u.ReceivesDigest && u.Email != null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role))
            && !db.Reminders.Any(l => l.UserId == u.Id && l.Kind == kind && l.CourseSlug == "" && l.ForDate == forDate));

    private async Task<IReadOnlyList<ReminderLetter>> BranchDigestsAsync(DateOnly digestDate, StatusMoment at, CancellationToken cancellationToken)
    {
        var managers = await DigestReaders(Roles.BranchManager, ReminderKind.BranchDigest, digestDate)
            .Where(u => u.BranchId != null)
            .Select(u => new { u.Id, BranchId = u.BranchId!.Value, BranchName = u.Branch!.Name, BranchCode = u.Branch.Code })
            .ToListAsync(cancellationToken);
        if (managers.Count == 0)
        {
            return [];
        }

        var branchIds = managers.Select(m => m.BranchId).Distinct().ToList();
        var partials = await DashboardQuery.PartialsByBranchAsync(db, at, regionId: null, branchId: branchIds.Count == 1 ? branchIds[0] : null, courseSlug: null, cancellationToken);
        var overdue = await PeopleByBranchAsync(CompletionQuery.Filtered(db, new CompletionFilter(Status: TrainingStatus.Overdue), at), branchIds, r => r.DueOn, cancellationToken);
        var expiringBefore = calendar.StartOfDayUtc(at.Today.AddDays(DigestExpiryDays + 1));
        var expiring = await PeopleByBranchAsync(
            CompletionQuery.Filtered(db, new CompletionFilter(Status: TrainingStatus.Completed), at).Where(r => r.CertificateExpiresAtUtc < expiringBefore),
            branchIds, r => calendar.DateOf(r.CertificateExpiresAtUtc!.Value), cancellationToken);

        return managers.Select(m =>
        {
            var (overdueList, overdueCount) = overdue.GetValueOrDefault(m.BranchId, ([], 0));
            var (expiringList, expiringCount) = expiring.GetValueOrDefault(m.BranchId, ([], 0));
            var report = new DigestReport(m.BranchName, m.BranchCode, (partials.GetValueOrDefault(m.BranchId) ?? AdoptionPartial.Empty).Figures(),
                overdueList, overdueCount, expiringList, expiringCount, []);
            return new ReminderLetter(m.Id, [new ReminderItem("", 0, digestDate)], report);
        }).ToList();
    }

    /// <summary>The first few people of each branch in the query, and how many there are; read as a stream, so a bank
    /// with many overdue courses does not load them all.</summary>
    private static async Task<Dictionary<int, (IReadOnlyList<PersonCourse> List, int Count)>> PeopleByBranchAsync(
        IQueryable<RequiredCourse> rows, IReadOnlyCollection<int> branchIds, Func<RequiredCourse, DateOnly> date, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<int, List<PersonCourse>>();
        var counts = new Dictionary<int, int>();
        var wanted = branchIds.Select(id => (int?)id).ToList();
        var query = rows.Where(r => wanted.Contains(r.BranchId))
            .OrderBy(r => r.BranchId).ThenBy(r => r.DueOn).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug)
            .Select(r => new RequiredCourse
            {
                BranchId = r.BranchId, DisplayName = r.DisplayName, EmployeeNumber = r.EmployeeNumber, UserId = r.UserId, CourseSlug = r.CourseSlug,
                DueOn = r.DueOn, CertificateExpiresAtUtc = r.CertificateExpiresAtUtc,
            });
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var branch = row.BranchId!.Value;
            counts[branch] = counts.GetValueOrDefault(branch) + 1;
            var list = lists.TryGetValue(branch, out var existing) ? existing : lists[branch] = [];
            if (list.Count < DigestListLength)
            {
                list.Add(new PersonCourse(row.DisplayName, row.EmployeeNumber, row.UserId, row.CourseSlug, date(row)));
            }
        }

        return counts.ToDictionary(c => c.Key, c => ((IReadOnlyList<PersonCourse>)lists[c.Key], c.Value));
    }

    private async Task<IReadOnlyList<ReminderLetter>> HrSummariesAsync(DateOnly summaryDate, StatusMoment at, CancellationToken cancellationToken)
    {
        var readers = await DigestReaders(Roles.HR, ReminderKind.HrSummary, summaryDate)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        if (readers.Count == 0)
        {
            return [];
        }

        var partials = await DashboardQuery.PartialsByBranchAsync(db, at, regionId: null, branchId: null, courseSlug: null, cancellationToken);
        var regionOf = await db.Branches.Select(b => new { b.Id, Region = b.Region.Name }).ToDictionaryAsync(b => b.Id, b => b.Region, cancellationToken);
        var regions = partials.Where(p => regionOf.ContainsKey(p.Key))
            .GroupBy(p => regionOf[p.Key])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, AdoptionPartial.Merge(g.Select(p => p.Value)).Figures()))
            .ToList();
        var report = new DigestReport(null, null, AdoptionPartial.Merge(partials.Values).Figures(), [], 0, [], 0, regions);
        return readers.Select(id => new ReminderLetter(id, [new ReminderItem("", 0, summaryDate)], report)).ToList();
    }

    private static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);
}
