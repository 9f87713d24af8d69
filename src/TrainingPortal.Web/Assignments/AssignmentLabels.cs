using System.Globalization;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Assignments;

/// <summary>
/// How an assignment's audience and due rule read: for people, in their language; for the audit trail, in English,
/// because an audit entry is written once and kept as recorded data.
/// </summary>
public static class AssignmentLabels
{
    /// <param name="name">The region's or branch's name, or the job title.</param>
    public static string Target(IStringLocalizer text, AssignmentTarget target, string? name, int? employees) => target switch
    {
        AssignmentTarget.AllStaff => text["Assignments.Audience.AllStaff"],
        AssignmentTarget.Region => text["Assignments.Audience.Region", name ?? ""],
        AssignmentTarget.Branch => text["Assignments.Audience.Branch", name ?? ""],
        AssignmentTarget.JobTitle => text["Assignments.Audience.JobTitle", name ?? ""],
        _ => text["Assignments.Audience.Employees", employees ?? 0],
    };

    public static string Due(IStringLocalizer text, DateDisplay dates, DueRule rule, DateOnly? date, int? days) => rule switch
    {
        DueRule.FixedDate => text["Assignments.DueBy", date is { } d ? dates.Date(d) : ""],
        DueRule.DaysAfterAssignment => text["Assignments.DueDaysAfterAssignment", days ?? 0],
        _ => text["Assignments.DueDaysAfterHire", days ?? 0],
    };

    /// <summary>The refusal for a due rule that cannot be saved, in the reader's language.</summary>
    public static string Problem(IStringLocalizer text, DueProblem problem) => problem switch
    {
        DueProblem.RuleUnknown => text["Refusal.Due.RuleUnknown"],
        DueProblem.DateBeforeToday => text["Refusal.Due.DateBeforeToday"],
        DueProblem.DateTooFar => text["Refusal.Due.DateTooFar", DueRules.MaxDays],
        DueProblem.DaysMissing => text["Refusal.Due.DaysMissing"],
        DueProblem.DaysEndBeforeToday => text["Refusal.Due.DaysEndBeforeToday"],
        DueProblem.JoinerDaysOutOfRange => text["Refusal.Due.DaysOutOfRange", text["Hr.Assignments.Field.JoinerDays"].Value, 1, DueRules.MaxDays],
        _ => text["Refusal.Due.DaysOutOfRange", text["Hr.Assignments.Field.DueDays"].Value, 1, DueRules.MaxDays],
    };

    /// <summary>The audience in English, for the audit trail.</summary>
    public static string TargetForAudit(AssignmentTarget target, string? name, int? employees) => target switch
    {
        AssignmentTarget.AllStaff => "all staff",
        AssignmentTarget.Region => $"region {name}",
        AssignmentTarget.Branch => $"branch {name}",
        AssignmentTarget.JobTitle => $"job title {name}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{employees} named employee(s)"),
    };

    /// <summary>The due rule in English with an ISO date, for the audit trail.</summary>
    public static string DueForAudit(DueRule rule, DateOnly? date, int? days) => rule switch
    {
        DueRule.FixedDate => string.Create(CultureInfo.InvariantCulture, $"by {date:yyyy-MM-dd}"),
        DueRule.DaysAfterAssignment => string.Create(CultureInfo.InvariantCulture, $"{days} days after assignment"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{days} days after hire date"),
    };
}
