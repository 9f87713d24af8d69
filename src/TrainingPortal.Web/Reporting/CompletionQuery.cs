using LinqKit;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Organisation;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Reporting;

/// <param name="RegionId">A region: it and every region below it (see <see cref="RegionScope"/>).</param>
/// <param name="UnfinishedOnly">Only the courses still to be done (<see cref="TrainingStatuses.Unfinished"/>).</param>
public sealed record CompletionFilter(
    int? RegionId = null,
    int? BranchId = null,
    string? CourseSlug = null,
    TrainingStatus? Status = null,
    DateOnly? DueFrom = null,
    DateOnly? DueTo = null,
    bool JoinersOnly = false,
    string? Person = null,
    bool UnfinishedOnly = false)
{
    /// <summary>The regions <see cref="RegionId"/> stands for, itself included; set by <see cref="WithRegionScopeAsync"/>.</summary>
    public IReadOnlySet<int>? RegionScope { get; init; }

    /// <summary>The filter with its region widened to the regions below it, read from the database when a region is chosen.</summary>
    public async Task<CompletionFilter> WithRegionScopeAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        RegionId is not null && RegionScope is null ? WithRegionScope(await RegionTrees.LoadAsync(db, cancellationToken)) : this;

    /// <summary>The same, from regions already read.</summary>
    public CompletionFilter WithRegionScope(RegionTree regions) =>
        RegionId is { } regionId ? this with { RegionScope = regions.WithDescendants(regionId) } : this;

    internal int[]? Regions => RegionId is null ? null
        : RegionScope?.Order().ToArray() ?? throw new InvalidOperationException("A region filter needs its scope: call WithRegionScopeAsync first.");
}

/// <summary>One required course of one employee, with its status worked out by the database.</summary>
public sealed class CompletionRow
{
    public string UserId { get; init; } = "";
    public string EmployeeNumber { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string JobTitle { get; init; } = "";
    public int? BranchId { get; init; }
    public int? RegionId { get; init; }
    public string BranchName { get; init; } = "";
    public string CourseSlug { get; init; } = "";
    public DateOnly AssignedOn { get; init; }
    public DateOnly DueOn { get; init; }
    public DateTime? StartedAtUtc { get; init; }
    public bool JoinedAfterAssignment { get; init; }
    public DateTime? CertifiedAtUtc { get; init; }
    public DateTime? CertificateExpiresAtUtc { get; init; }
    public TrainingStatus Status { get; init; }
}

public sealed record CompletionTotals(int Assigned, int Completed, int Overdue, int InProgress, int NotStarted, int CertificateExpired)
{
    public static readonly CompletionTotals Empty = new(0, 0, 0, 0, 0, 0);

    public double CompletionPercent => Assigned == 0 ? 0 : Math.Round(100.0 * Completed / Assigned, 1);
}

/// <summary>
/// The one query layer behind the completion report, its CSV export, the branch view and the dashboard,
/// so every screen counts the same way. Statuses come from the one definition in <see cref="TrainingStatuses"/>.
/// </summary>
public static class CompletionQuery
{
    /// <summary>The required courses that match the filter, status included, still as rows of one table.</summary>
    public static IQueryable<RequiredCourse> Filtered(PortalDbContext db, CompletionFilter filter, StatusMoment at)
    {
        var required = db.RequiredCourses.AsNoTracking();
        if (filter.Regions is { } regions)
        {
            required = required.Where(r => r.RegionId != null && regions.Contains(r.RegionId.Value));
        }

        if (filter.BranchId is { } branchId)
        {
            required = required.Where(r => r.BranchId == branchId);
        }

        if (!string.IsNullOrEmpty(filter.CourseSlug))
        {
            required = required.Where(r => r.CourseSlug == filter.CourseSlug);
        }

        if (filter.DueFrom is { } from)
        {
            required = required.Where(r => r.DueOn >= from);
        }

        if (filter.DueTo is { } to)
        {
            required = required.Where(r => r.DueOn <= to);
        }

        if (filter.JoinersOnly)
        {
            required = required.Where(r => r.JoinedAfterAssignment);
        }

        if (PersonPatterns(filter) is var (name, number))
        {
            required = required.Where(r => EF.Functions.Like(r.DisplayName, name, LikePattern.Escape) || EF.Functions.Like(r.EmployeeNumber, number, LikePattern.Escape));
        }

        if (filter.UnfinishedOnly)
        {
            required = required.Where(TrainingStatuses.IsAny<RequiredCourse>(TrainingStatuses.Unfinished, at));
        }

        return filter.Status is { } status ? required.Where(TrainingStatuses.Is<RequiredCourse>(status, at)) : required;
    }

    public static IQueryable<CompletionRow> Rows(PortalDbContext db, CompletionFilter filter, StatusMoment at)
    {
        var statusAt = TrainingStatuses.StatusAt<RequiredCourse>(at);
        return Filtered(db, filter, at).AsExpandable().Select(r => new CompletionRow
        {
            UserId = r.UserId,
            EmployeeNumber = r.EmployeeNumber,
            DisplayName = r.DisplayName,
            JobTitle = r.JobTitle,
            BranchId = r.BranchId,
            RegionId = r.RegionId,
            BranchName = r.BranchName,
            CourseSlug = r.CourseSlug,
            AssignedOn = r.AssignedOn,
            DueOn = r.DueOn,
            StartedAtUtc = r.StartedAtUtc,
            JoinedAfterAssignment = r.JoinedAfterAssignment,
            CertifiedAtUtc = r.CertifiedAtUtc,
            CertificateExpiresAtUtc = r.CertificateExpiresAtUtc,
            Status = statusAt.Invoke(r),
        });
    }

    /// <summary>
    /// Totals from the summary counts when the filter chooses only a region, branch, course or status; otherwise in one
    /// pass over the rows. Written as SQL because EF can only express several aggregates
    /// through a GROUP BY on a constant, which costs SQLite a temporary sort: twice the time on 137,000 rows.
    /// The status conditions are not written here: <see cref="StatusSql"/> writes them from the status definitions.
    /// </summary>
    public static async Task<CompletionTotals> TotalsAsync(PortalDbContext db, CompletionFilter filter, StatusMoment at, CancellationToken cancellationToken)
    {
        if (TallyQuery.Answers(filter))
        {
            return await TallyQuery.TotalsAsync(db, filter, at, cancellationToken);
        }

        var parameters = new List<object> { at.NowUtc, at.Today };
        var statusSql = new StatusSql(db, nowParameter: "{0}", todayParameter: "{1}");
        var where = new List<string>();
        void Add(string condition, object value)
        {
            parameters.Add(value);
            where.Add(condition.Replace("@", "{" + (parameters.Count - 1) + "}", StringComparison.Ordinal));
        }

        if (filter.Regions is { } regions)
        {
            var first = parameters.Count;
            parameters.AddRange(regions.Cast<object>());
            where.Add($"\"RegionId\" IN ({string.Join(", ", Enumerable.Range(first, regions.Length).Select(i => "{" + i + "}"))})");
        }

        if (filter.BranchId is { } branchId)
        {
            Add("\"BranchId\" = @", branchId);
        }

        if (!string.IsNullOrEmpty(filter.CourseSlug))
        {
            Add("\"CourseSlug\" = @", filter.CourseSlug);
        }

        if (filter.DueFrom is { } from)
        {
            Add("\"DueOn\" >= @", from);
        }

        if (filter.DueTo is { } to)
        {
            Add("\"DueOn\" <= @", to);
        }

        if (filter.JoinersOnly)
        {
            Add("\"JoinedAfterAssignment\" = @", true);
        }

        if (PersonPatterns(filter) is var (name, number))
        {
            parameters.Add(name);
            parameters.Add(number);
            where.Add($"(\"DisplayName\" LIKE {{{parameters.Count - 2}}} ESCAPE '{LikePattern.Escape}' OR \"EmployeeNumber\" LIKE {{{parameters.Count - 1}}} ESCAPE '{LikePattern.Escape}')");
        }

        if (filter.Status is { } status)
        {
            where.Add(statusSql.Condition(status));
        }

        if (filter.UnfinishedOnly)
        {
            where.Add($"({string.Join(" OR ", TrainingStatuses.Unfinished.Select(statusSql.Condition))})");
        }

        var sql = $"""
            SELECT COUNT(*) AS "Assigned",
                   COUNT(CASE WHEN {statusSql.Condition(TrainingStatus.Completed)} THEN 1 END) AS "Completed",
                   COUNT(CASE WHEN {statusSql.Condition(TrainingStatus.CertificateExpired)} THEN 1 END) AS "Expired",
                   COUNT(CASE WHEN {statusSql.Condition(TrainingStatus.Overdue)} THEN 1 END) AS "Overdue",
                   COUNT(CASE WHEN {statusSql.Condition(TrainingStatus.InProgress)} THEN 1 END) AS "InProgress"
            FROM "RequiredCourses"
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            """;
        var totals = (await db.Database.SqlQueryRaw<TotalsRow>(sql, parameters.ToArray()).ToListAsync(cancellationToken)).Single();
        return new CompletionTotals(totals.Assigned, totals.Completed, totals.Overdue, totals.InProgress,
            totals.Assigned - totals.Completed - totals.Expired - totals.Overdue - totals.InProgress, totals.Expired);
    }

    /// <summary>
    /// A name as written (Chinese included) or an employee number however it was typed, matched anywhere in the
    /// field with LIKE, so the rows and the totals find exactly the same people on every provider.
    /// </summary>
    private static (string Name, string Number)? PersonPatterns(CompletionFilter filter) =>
        string.IsNullOrWhiteSpace(filter.Person) ? null
        : (LikePattern.Containing(filter.Person.Trim()), LikePattern.Containing(TrainingPortal.Core.Staff.EmployeeNumbers.Normalise(filter.Person)));

    private sealed record TotalsRow(int Assigned, int Completed, int Expired, int Overdue, int InProgress);

    public static IQueryable<CompletionRow> Sort(IQueryable<CompletionRow> rows, string? sort, bool descending) =>
        ReportOrder.For(sort, descending).Apply(rows);
}
