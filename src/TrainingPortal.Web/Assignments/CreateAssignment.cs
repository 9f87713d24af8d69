using TrainingPortal.Core.Calendar;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using Microsoft.Extensions.Localization;

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
    int? DueDays,
    int? JoinerDays = null);

public sealed record CreatedAssignment(long Id, string CourseTitle, string TargetLabel, int Covers);

/// <summary>HR requires a course of a group of staff: the assignment, its audit entry and everyone's required courses change together.</summary>
public sealed class CreateAssignment(PortalDbContext db, CourseCatalog catalog, ContentLibrary content, RequiredCourseSync requiredCourses, AuditLog audit, TimeProvider time, BankCalendar calendar,
    IStringLocalizer<Shared> text)
{
    private static readonly char[] NumberSeparators = [',', '\n', '\r', ' ', ';', '\t'];

    /// <summary>How many active staff the assignment would cover, checked as saving would check it; nothing is written.</summary>
    public async Task<Outcome<int>> PreviewAsync(NewAssignment input, Actor actor, CancellationToken cancellationToken)
    {
        var (refusals, target, today) = await CheckAsync(input, actor, cancellationToken);
        if (refusals.Count > 0)
        {
            return Outcome<int>.Refused(refusals);
        }

        var rule = new AssignmentRule(0, input.CourseSlug, input.Target, input.RegionId, input.BranchId, input.JobTitle?.Trim(), target.EmployeeIds.ToHashSet(),
            input.DueRule, input.DueDate, input.DueDays, today, input.JoinerDays);
        return Outcome<int>.Done(AssignmentCoverage.Count(rule, await AssignmentCoverage.ActiveStaffAsync(db, cancellationToken)));
    }

    public async Task<Outcome<CreatedAssignment>> ExecuteAsync(NewAssignment input, Actor actor, CancellationToken cancellationToken)
    {
        var (refusals, target, today) = await CheckAsync(input, actor, cancellationToken);
        if (refusals.Count > 0)
        {
            return Outcome<CreatedAssignment>.Refused(refusals);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var course = catalog.Find(input.CourseSlug)!;
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
            JoinerDays = input.JoinerDays,
            AssignedOn = today,
            CreatedAtUtc = now,
            CreatedByUserId = actor.UserId,
            Employees = target.EmployeeIds.Select(id => new AssignmentEmployee { UserId = id }).ToList(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Assignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
        var due = AssignmentLabels.DueForAudit(assignment.DueRule, assignment.DueDate, assignment.DueDays);
        audit.Record(actor, AuditActions.AssignmentCreated, AuditTargets.Assignment, assignment.Id.ToString(CultureInfo.InvariantCulture),
            $"Assigned '{content.Base.Find(course.Slug)!.Title}' to {AssignmentLabels.TargetForAudit(input.Target, target.Name, target.Count)}, due {due}",
            after: new
            {
                assignment.CourseSlug, Target = assignment.Target.ToString(), assignment.TargetRegionId, assignment.TargetBranchId, assignment.TargetJobTitle,
                Employees = target.EmployeeIds.Count, DueRule = assignment.DueRule.ToString(), assignment.DueDate, assignment.DueDays, assignment.JoinerDays,
            });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await requiredCourses.RebuildCourseAsync(assignment.CourseSlug, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var rule = await AssignmentCoverage.RuleAsync(db, assignment.Id, cancellationToken);
        var covers = AssignmentCoverage.Count(rule, await AssignmentCoverage.ActiveStaffAsync(db, cancellationToken));
        return Outcome<CreatedAssignment>.Done(new CreatedAssignment(assignment.Id, course.Title, AssignmentLabels.Target(text, input.Target, target.Name, target.Count), covers));
    }

    private async Task<(List<Refusal> Refusals, TargetDescription Target, DateOnly Today)> CheckAsync(NewAssignment input, Actor actor, CancellationToken cancellationToken)
    {
        var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        var refusals = new List<Refusal>();
        if (!actor.ManagesTraining)
        {
            refusals.Add(new("", text["Refusal.NotPermitted"]));
            return (refusals, new(null, null, []), today);
        }

        if (catalog.Find(input.CourseSlug) is null)
        {
            refusals.Add(new("CourseSlug", text["Refusal.Assignment.CourseNotInList"]));
        }

        var target = await DescribeTargetAsync(input, refusals, cancellationToken);
        if (DueRules.Problem(input.DueRule, input.DueDate, input.DueDays, today, input.JoinerDays) is { } problem)
        {
            refusals.Add(new(problem.Field, AssignmentLabels.Problem(text, problem.Problem)));
        }

        return (refusals, target, today);
    }

    /// <param name="Name">The region's or branch's name, or the job title.</param>
    /// <param name="Count">How many named employees were found.</param>
    private sealed record TargetDescription(string? Name, int? Count, IReadOnlyList<string> EmployeeIds);

    private async Task<TargetDescription> DescribeTargetAsync(NewAssignment input, List<Refusal> refusals, CancellationToken cancellationToken)
    {
        switch (input.Target)
        {
            case AssignmentTarget.AllStaff:
                return new(null, null, []);
            case AssignmentTarget.Region:
                var region = await db.Regions.Where(r => r.Id == input.RegionId).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken);
                if (region is null)
                {
                    refusals.Add(new("RegionId", text["Refusal.Assignment.ChooseRegion"]));
                }

                return new(region, null, []);
            case AssignmentTarget.Branch:
                var branch = await db.Branches.Where(b => b.Id == input.BranchId).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken);
                if (branch is null)
                {
                    refusals.Add(new("BranchId", text["Refusal.Assignment.ChooseBranch"]));
                }

                return new(branch, null, []);
            case AssignmentTarget.JobTitle:
                if (string.IsNullOrWhiteSpace(input.JobTitle))
                {
                    refusals.Add(new("JobTitle", text["Refusal.Assignment.ChooseJobTitle"]));
                }

                return new(input.JobTitle?.Trim(), null, []);
            case AssignmentTarget.Employees:
                var numbers = (input.EmployeeNumbers ?? "").Split(NumberSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(EmployeeNumbers.Normalise).Distinct().ToList();
                var found = await db.Users.Where(u => numbers.Contains(u.EmployeeNumber)).Select(u => new { u.Id, u.EmployeeNumber }).ToListAsync(cancellationToken);
                var unknown = numbers.Except(found.Select(f => f.EmployeeNumber), StringComparer.OrdinalIgnoreCase).ToList();
                if (numbers.Count == 0)
                {
                    refusals.Add(new("EmployeeNumbers", text["Refusal.Assignment.NoEmployeeNumbers"]));
                }
                else if (unknown.Count > 0)
                {
                    refusals.Add(new("EmployeeNumbers", text["Refusal.Assignment.UnknownEmployeeNumbers", string.Join(text["List.Separator"].Value, unknown.Take(20))]));
                }

                return new(null, found.Count, found.Select(f => f.Id).ToList());
            default:
                refusals.Add(new("Target", text["Refusal.Assignment.ChooseTarget"]));
                return new(null, null, []);
        }
    }
}
