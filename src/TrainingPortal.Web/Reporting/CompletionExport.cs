using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Reporting;

/// <summary>
/// The columns of the completion report's exports. The header row and the statuses are in the reader's language;
/// instants are the bank's wall-clock time, with the zone named in the column's header.
/// </summary>
public static class CompletionExport
{
    public static IReadOnlyList<ExportColumn<CompletionRow>> Columns(IStringLocalizer text, BankCalendar calendar, CourseCatalog catalog)
    {
        var zone = calendar.Zone.Id;
        var headOffice = text["HeadOffice"].Value;
        return
        [
            new(text["Report.Csv.EmployeeNumber"], row => row.EmployeeNumber),
            new(text["Report.Csv.Name"], row => row.DisplayName),
            new(text["Report.Csv.JobTitle"], row => row.JobTitle),
            new(text["Report.Csv.Branch"], row => row.BranchId is null ? headOffice : row.BranchName),
            new(text["Report.Csv.Course"], row => catalog.Find(row.CourseSlug)?.Title ?? row.CourseSlug),
            new(text["Report.Csv.AssignedOn"], row => row.AssignedOn),
            new(text["Report.Csv.DueOn"], row => row.DueOn),
            new(text["Report.Csv.Status"], row => text.Name(row.Status)),
            new(text["Report.Csv.StartedAt", zone], row => ExportCell.BankTime(calendar, row.StartedAtUtc)),
            new(text["Report.Csv.CertifiedAt", zone], row => ExportCell.BankTime(calendar, row.CertifiedAtUtc)),
            new(text["Report.Csv.CertificateExpiresAt", zone], row => ExportCell.BankTime(calendar, row.CertificateExpiresAtUtc)),
        ];
    }
}
