using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Reporting;

namespace TrainingPortal.Web.Staff;

public sealed record BranchListLine(string Code, string Name, string Region);

public sealed record JobTitleLine(string Title, int People);

/// <summary>
/// What HR needs beside the import form to fill in a staff file: a template with the canonical headers and an example
/// row, the branch codes, and the job titles in use. All are CSV written by <see cref="TableExportResult{T}"/>, so they
/// carry the byte order mark Excel needs for Chinese and their cells are guarded against formulas.
/// </summary>
public sealed class StaffImportDownloads(PortalDbContext db, BankCalendar calendar, TimeProvider time, IStringLocalizer<Shared> text)
{
    /// <summary>The canonical headers, in the order the form lists them, and one made-up person at a real branch.</summary>
    public async Task<TableExportResult<StaffRow>> TemplateAsync(CancellationToken cancellationToken)
    {
        var branchCode = await db.Branches.OrderBy(b => b.Code).Select(b => b.Code).FirstOrDefaultAsync(cancellationToken) ?? "";
        var jobTitle = (await JobTitleLinesAsync(cancellationToken)).OrderByDescending(l => l.People).Select(l => l.Title).FirstOrDefault() ?? "Teller";
        var example = new StaffRow(2, "E900001", "陈美玲 Chan Mei-ling", "chan.meiling@bank.example", branchCode, jobTitle,
            calendar.DateOf(time.GetUtcNow().UtcDateTime), Roles.Employee, true, PortalLanguages.Traditional);
        var cells = new Dictionary<string, Func<StaffRow, ExportCell>>
        {
            ["employee_number"] = r => r.EmployeeNumber,
            ["name"] = r => r.Name,
            ["email"] = r => r.Email,
            ["branch_code"] = r => r.BranchCode,
            ["job_title"] = r => r.JobTitle,
            ["hire_date"] = r => r.HireDate,
            ["role"] = r => r.Role,
            ["active"] = r => r.Active is false ? "no" : "yes",
            ["language"] = r => r.Language,
        };
        var columns = StaffImportFile.AllColumns.Select(c => new ExportColumn<StaffRow>(c, cells[c])).ToList();
        return new TableExportResult<StaffRow>(ExportFormat.Csv, "staff-template", text["Hr.Import.Downloads.Template"], columns, new[] { example }.ToAsyncEnumerable());
    }

    public async Task<TableExportResult<BranchListLine>> BranchesAsync(CancellationToken cancellationToken)
    {
        var branches = await db.Branches.OrderBy(b => b.Code).Select(b => new BranchListLine(b.Code, b.Name, b.Region.Name)).ToListAsync(cancellationToken);
        IReadOnlyList<ExportColumn<BranchListLine>> columns =
        [
            new(text["Import.Column.BranchCode"], b => b.Code),
            new(text["Common.Branch"], b => b.Name),
            new(text["Common.Region"], b => b.Region),
        ];
        return new TableExportResult<BranchListLine>(ExportFormat.Csv, "branch-codes", text["Hr.Import.Downloads.Branches"], columns, branches.ToAsyncEnumerable());
    }

    public async Task<TableExportResult<JobTitleLine>> JobTitlesAsync(CancellationToken cancellationToken)
    {
        var titles = (await JobTitleLinesAsync(cancellationToken)).OrderBy(l => l.Title, StringComparer.Ordinal).ToList();
        IReadOnlyList<ExportColumn<JobTitleLine>> columns =
        [
            new(text["Common.JobTitle"], l => l.Title),
            new(text["Hr.Import.Downloads.People"], l => l.People),
        ];
        return new TableExportResult<JobTitleLine>(ExportFormat.Csv, "job-titles", text["Hr.Import.Downloads.JobTitles"], columns, titles.ToAsyncEnumerable());
    }

    /// <summary>The job titles active staff hold, with how many hold each.</summary>
    private async Task<List<JobTitleLine>> JobTitleLinesAsync(CancellationToken cancellationToken) =>
        (await db.Users.Where(u => u.IsActive && u.JobTitle != "")
            .GroupBy(u => u.JobTitle)
            .Select(g => new { Title = g.Key, People = g.Count() })
            .ToListAsync(cancellationToken))
        .Select(g => new JobTitleLine(g.Title, g.People))
        .ToList();
}
