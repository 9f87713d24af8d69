using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Training;

namespace TrainingPortal.Web.Pages.Hr.Import;

// The server accepts up to twice the limit so the page itself can say how big the file was (413 with
// the sizes); anything larger is cut off by the server with a plain 413 before it is read.
[RequestSizeLimit(2 * MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * MaxUploadBytes)]
public class IndexModel(PortalDbContext db, StaffImporter importer, AuditLog audit, ILogger<IndexModel> logger) : PageModel
{
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    public IReadOnlyList<ImportProblem> Problems { get; private set; } = [];
    public ImportSummary? Summary { get; private set; }
    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool deactivateMissing, CancellationToken cancellationToken)
    {
        FileName = file?.FileName;
        if (file is null || file.Length == 0)
        {
            Problems = [new ImportProblem(0, "file", "choose a CSV file to upload")];
            return Page();
        }

        if (file.Length > MaxUploadBytes)
        {
            Problems = [new ImportProblem(0, "file", $"the file is too large: {file.Length / 1024 / 1024.0:0.0} MB, and the limit is {MaxUploadBytes / 1024 / 1024} MB. Split it, or leave out columns the portal does not use")];
            return new PageResult { StatusCode = StatusCodes.Status413PayloadTooLarge };
        }

        if (!Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) || await LooksBinaryAsync(file, cancellationToken))
        {
            Problems = [new ImportProblem(0, "file", $"'{file.FileName}' is not a CSV text file; export the staff list from the HR system as CSV (UTF-8)")];
            return new PageResult { StatusCode = StatusCodes.Status415UnsupportedMediaType };
        }

        var branchCodes = (await db.Branches.Select(b => b.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var owners = await db.Users.Where(u => u.NormalizedEmail != null)
            .Select(u => new { u.Email, u.EmployeeNumber })
            .ToListAsync(cancellationToken);
        var ownerByEmail = owners.GroupBy(o => o.Email!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().EmployeeNumber, StringComparer.OrdinalIgnoreCase);

        await using var stream = file.OpenReadStream();
        var checkedFile = StaffImportFile.Read(stream, branchCodes, ownerByEmail);
        if (!checkedFile.IsValid)
        {
            Problems = checkedFile.Problems;
            logger.LogInformation("Staff import of {File} refused: {Count} problem(s)", file.FileName, Problems.Count);
            return Page();
        }

        if (!User.IsInRole(Roles.Admin))
        {
            // HR keeps branch staff in step; accounts with wider powers are changed by an administrator only.
            var numbers = checkedFile.Rows.Select(r => r.EmployeeNumber).ToList();
            var privileged = await db.Users.Where(u => numbers.Contains(u.EmployeeNumber))
                .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name != Roles.Employee && r.Name != Roles.BranchManager)))
                .Select(u => u.EmployeeNumber)
                .ToListAsync(cancellationToken);
            if (privileged.Count > 0)
            {
                Problems = checkedFile.Rows.Where(r => privileged.Contains(r.EmployeeNumber, StringComparer.OrdinalIgnoreCase))
                    .Select(r => new ImportProblem(r.Row, "employee_number", $"{r.EmployeeNumber} is an HR, executive or administrator account; only an administrator may change it"))
                    .ToList();
                return Page();
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Summary = await importer.ApplyAsync(checkedFile.Rows, deactivateMissing, User, cancellationToken);
        audit.Record(User, AuditActions.ImportApplied, "StaffImport", file.FileName,
            $"Imported {checkedFile.Rows.Count} row(s) from {file.FileName}: {Summary}",
            after: new { rows = checkedFile.Rows.Count, Summary.Created, Summary.Updated, Summary.Unchanged, Summary.Deactivated, deactivateMissing });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Page();
    }

    private static async Task<bool> LooksBinaryAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(8192, file.Length)];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return buffer.AsSpan(0, read).Contains((byte)0);
    }
}
