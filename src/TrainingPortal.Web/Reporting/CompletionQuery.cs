using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Reporting;

public sealed record CompletionFilter(
    int? RegionId = null,
    int? BranchId = null,
    string? CourseSlug = null,
    TrainingStatus? Status = null,
    DateOnly? DueFrom = null,
    DateOnly? DueTo = null);

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
/// so every screen counts the same way. Status is computed in SQL (mirroring TrainingStatuses.Of).
/// </summary>
public static class CompletionQuery
{
    public static IQueryable<CompletionRow> Rows(PortalDbContext db, CompletionFilter filter, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        var required = db.RequiredCourses.AsNoTracking();
        if (filter.RegionId is { } regionId)
        {
            required = required.Where(r => r.RegionId == regionId);
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

        var rows =
            from r in required
            join u in db.Users on r.UserId equals u.Id
            select new CompletionRow
            {
                UserId = r.UserId,
                EmployeeNumber = u.EmployeeNumber,
                DisplayName = u.DisplayName,
                JobTitle = u.JobTitle,
                BranchId = r.BranchId,
                RegionId = r.RegionId,
                BranchName = u.Branch == null ? "Head office" : u.Branch.Name,
                CourseSlug = r.CourseSlug,
                AssignedOn = r.AssignedOn,
                DueOn = r.DueOn,
                StartedAtUtc = r.StartedAtUtc,
                CertifiedAtUtc = r.CertifiedAtUtc,
                CertificateExpiresAtUtc = r.CertificateExpiresAtUtc,
                Status = r.CertifiedAtUtc != null && (r.CertificateExpiresAtUtc == null || r.CertificateExpiresAtUtc > nowUtc) ? TrainingStatus.Completed
                    : r.CertifiedAtUtc != null ? TrainingStatus.CertificateExpired
                    : r.DueOn < today ? TrainingStatus.Overdue
                    : r.StartedAtUtc != null ? TrainingStatus.InProgress
                    : TrainingStatus.NotStarted,
            };
        return filter.Status is { } status ? rows.Where(r => r.Status == status) : rows;
    }

    public static async Task<CompletionTotals> TotalsAsync(IQueryable<CompletionRow> rows, CancellationToken cancellationToken)
    {
        var totals = await rows
            .GroupBy(_ => 1)
            .Select(g => new CompletionTotals(
                g.Count(),
                g.Count(r => r.Status == TrainingStatus.Completed),
                g.Count(r => r.Status == TrainingStatus.Overdue),
                g.Count(r => r.Status == TrainingStatus.InProgress),
                g.Count(r => r.Status == TrainingStatus.NotStarted),
                g.Count(r => r.Status == TrainingStatus.CertificateExpired)))
            .SingleOrDefaultAsync(cancellationToken);
        return totals ?? CompletionTotals.Empty;
    }

    public static IQueryable<CompletionRow> Sort(IQueryable<CompletionRow> rows, string? sort, bool descending) => (sort, descending) switch
    {
        ("number", false) => rows.OrderBy(r => r.EmployeeNumber).ThenBy(r => r.CourseSlug),
        ("number", true) => rows.OrderByDescending(r => r.EmployeeNumber).ThenBy(r => r.CourseSlug),
        ("branch", false) => rows.OrderBy(r => r.BranchName).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug),
        ("branch", true) => rows.OrderByDescending(r => r.BranchName).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug),
        ("course", false) => rows.OrderBy(r => r.CourseSlug).ThenBy(r => r.DisplayName),
        ("course", true) => rows.OrderByDescending(r => r.CourseSlug).ThenBy(r => r.DisplayName),
        ("due", false) => rows.OrderBy(r => r.DueOn).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug),
        ("due", true) => rows.OrderByDescending(r => r.DueOn).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug),
        ("status", false) => rows.OrderBy(r => r.Status).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug),
        ("status", true) => rows.OrderByDescending(r => r.Status).ThenBy(r => r.DisplayName).ThenBy(r => r.CourseSlug),
        (_, true) => rows.OrderByDescending(r => r.DisplayName).ThenBy(r => r.EmployeeNumber).ThenBy(r => r.CourseSlug),
        _ => rows.OrderBy(r => r.DisplayName).ThenBy(r => r.EmployeeNumber).ThenBy(r => r.CourseSlug),
    };
}
