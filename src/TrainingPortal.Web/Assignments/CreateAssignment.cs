using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Assignments;

public sealed record NewAssignment(
    string CourseSlug,
    AssignmentTarget Target,
    int? RegionId,
    int? BranchId,
    string? JobTitle,
    string? EmployeeNumbers,
    DueRule DueRule,
    DateOnly? DueDate,
    int? DueDays);

public sealed record CreatedAssignment(long Id, string CourseTitle, string TargetLabel);

/// <summary>HR requires a course of a group of staff: the assignment, its audit entry and everyone's required courses change together.</summary>
public sealed class CreateAssignment(PortalDbContext db, CourseCatalog catalog, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time)
{
    private static readonly char[] NumberSeparators = [',', '\n', '\r', ' ', ';', '\t'];

    public async Task<Outcome<CreatedAssignment>> ExecuteAsync(NewAssignment input, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.ManagesTraining)
        {
            return Outcome<CreatedAssignment>.Refused("", Actor.NotPermitted);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var refusals = new List<Refusal>();
        var course = catalog.Find(input.CourseSlug);
        if (course is null)
        {
            refusals.Add(new("CourseSlug", "Choose a course from the list."));
        }

        var target = await DescribeTargetAsync(input, refusals, cancellationToken);
        if (DueRules.Problem(input.DueRule, input.DueDate, input.DueDays, today) is { } problem)
        {
            refusals.Add(new(problem.Field, problem.Message));
        }

        if (refusals.Count > 0)
        {
            return Outcome<CreatedAssignment>.Refused(refusals);
        }

        var assignment = new Assignment
        {
            CourseSlug = course!.Slug,
            Target = input.Target,
            TargetRegionId = input.Target == AssignmentTarget.Region ? input.RegionId : null,
            TargetBranchId = input.Target == AssignmentTarget.Branch ? input.BranchId : null,
            TargetJobTitle = input.Target == AssignmentTarget.JobTitle ? input.JobTitle!.Trim() : null,
            DueRule = input.DueRule,
            DueDate = input.DueRule == DueRule.FixedDate ? input.DueDate : null,
            DueDays = input.DueRule == DueRule.FixedDate ? null : input.DueDays,
            AssignedOn = today,
            CreatedAtUtc = now,
            CreatedByUserId = actor.UserId,
            Employees = target.EmployeeIds.Select(id => new AssignmentEmployee { UserId = id }).ToList(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Assignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
        var due = DueRules.Describe(assignment.DueRule, assignment.DueDate, assignment.DueDays);
        audit.Record(actor, AuditActions.AssignmentCreated, "Assignment", assignment.Id.ToString(CultureInfo.InvariantCulture),
            $"Assigned '{course.Title}' to {target.Label}, due {due}",
            after: new
            {
                assignment.CourseSlug, Target = assignment.Target.ToString(), assignment.TargetRegionId, assignment.TargetBranchId, assignment.TargetJobTitle,
                Employees = target.EmployeeIds.Count, DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays,
            });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await requiredCourses.RebuildCourseAsync(assignment.CourseSlug, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<CreatedAssignment>.Done(new CreatedAssignment(assignment.Id, course.Title, target.Label));
    }

    private sealed record TargetDescription(string Label, IReadOnlyList<string> EmployeeIds);

    private async Task<TargetDescription> DescribeTargetAsync(NewAssignment input, List<Refusal> refusals, CancellationToken cancellationToken)
    {
        switch (input.Target)
        {
            case AssignmentTarget.AllStaff:
                return new(AssignmentLabels.Target(input.Target, null, null), []);
            case AssignmentTarget.Region:
                var region = await db.Regions.Where(r => r.Id == input.RegionId).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken);
                if (region is null)
                {
                    refusals.Add(new("RegionId", "Choose a region."));
                }

                return new(AssignmentLabels.Target(input.Target, region, null), []);
            case AssignmentTarget.Branch:
                var branch = await db.Branches.Where(b => b.Id == input.BranchId).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken);
                if (branch is null)
                {
                    refusals.Add(new("BranchId", "Choose a branch."));
                }

                return new(AssignmentLabels.Target(input.Target, branch, null), []);
            case AssignmentTarget.JobTitle:
                if (string.IsNullOrWhiteSpace(input.JobTitle))
                {
                    refusals.Add(new("JobTitle", "Choose a job title."));
                }

                return new(AssignmentLabels.Target(input.Target, input.JobTitle?.Trim(), null), []);
            case AssignmentTarget.Employees:
                var numbers = (input.EmployeeNumbers ?? "").Split(NumberSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(EmployeeNumbers.Normalise).Distinct().ToList();
                var found = await db.Users.Where(u => numbers.Contains(u.EmployeeNumber)).Select(u => new { u.Id, u.EmployeeNumber }).ToListAsync(cancellationToken);
                var unknown = numbers.Except(found.Select(f => f.EmployeeNumber), StringComparer.OrdinalIgnoreCase).ToList();
                if (numbers.Count == 0)
                {
                    refusals.Add(new("EmployeeNumbers", "List at least one employee number."));
                }
                else if (unknown.Count > 0)
                {
                    refusals.Add(new("EmployeeNumbers", $"Unknown employee number(s): {string.Join(", ", unknown.Take(20))}"));
                }

                return new(AssignmentLabels.Target(input.Target, null, found.Count), found.Select(f => f.Id).ToList());
            default:
                refusals.Add(new("Target", "Choose who must take the course."));
                return new("", []);
        }
    }
}

public static class AssignmentLabels
{
    /// <param name="name">The region's or branch's name, or the job title.</param>
    public static string Target(AssignmentTarget target, string? name, int? employees) => target switch
    {
        AssignmentTarget.AllStaff => "all staff",
        AssignmentTarget.Region => $"region {name}",
        AssignmentTarget.Branch => $"branch {name}",
        AssignmentTarget.JobTitle => $"job title {name}",
        _ => $"{employees} named employee(s)",
    };
}
