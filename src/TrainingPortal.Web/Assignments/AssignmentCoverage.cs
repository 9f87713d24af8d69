using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Assignments;

/// <summary>Who the assignments cover, by the rules in Core applied to the active staff as the database holds them.</summary>
public static class AssignmentCoverage
{
    public static Task<List<AssignmentRule>> RulesAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        RulesAsync(db.Assignments, cancellationToken);

    public static async Task<AssignmentRule> RuleAsync(PortalDbContext db, long assignmentId, CancellationToken cancellationToken) =>
        (await RulesAsync(db.Assignments.Where(a => a.Id == assignmentId), cancellationToken)).Single();

    private static async Task<List<AssignmentRule>> RulesAsync(IQueryable<Assignment> query, CancellationToken cancellationToken)
    {
        var assignments = await query.AsNoTracking()
            .Select(a => new
            {
                a.Id, a.CourseSlug, a.Target, a.TargetRegionId, a.TargetBranchId, a.TargetJobTitle, a.DueRule, a.DueDate, a.DueDays, a.AssignedOn,
                a.JoinerDays, Ended = a.EndedOn != null, Employees = a.Employees.Select(e => e.UserId).ToList(),
            })
            .ToListAsync(cancellationToken);
        return assignments.Select(a => new AssignmentRule(a.Id, a.CourseSlug, a.Target, a.TargetRegionId, a.TargetBranchId, a.TargetJobTitle,
            a.Employees.ToHashSet(), a.DueRule, a.DueDate, a.DueDays, a.AssignedOn, a.JoinerDays, a.Ended)).ToList();
    }

    public static async Task<List<EmployeeFacts>> ActiveStaffAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var regions = await RegionTrees.LoadAsync(db, cancellationToken);
        return (await db.Users.AsNoTracking().Where(u => u.IsActive)
                .Select(u => new { u.Id, u.BranchId, RegionId = u.Branch == null ? (int?)null : u.Branch.RegionId, u.JobTitle, u.HireDate })
                .ToListAsync(cancellationToken))
            .Select(u => new EmployeeFacts(u.Id, u.BranchId, regions.SelfAndAncestors(u.RegionId), u.JobTitle, u.HireDate))
            .ToList();
    }

    public static int Count(AssignmentRule rule, IEnumerable<EmployeeFacts> staff) => staff.Count(rule.Covers);
}
