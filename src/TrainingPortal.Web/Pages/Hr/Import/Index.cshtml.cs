using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Localization;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Pages.Hr.Import;

/// <summary>
/// Two steps: the upload is read and checked and its first rows shown as read (nothing is written; the file waits on
/// the server, see <see cref="PendingStaffImports"/>), then "Apply" runs the import on that same file.
/// </summary>
// The server accepts up to twice the limit so the page itself can say how big the file was (413 with
// the sizes); anything larger is cut off by the server with a plain 413 before it is read.
[RequestSizeLimit(2 * MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * MaxUploadBytes)]
public class IndexModel(ImportStaff importStaff, InviteStaff inviteStaff, PendingStaffImports pending, StaffImportDownloads downloads, TimeProvider time,
    IStringLocalizer<TrainingPortal.Web.Shared> text, DateDisplay dates) : PageModel
{
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    public IReadOnlyList<StaffImportProblem> Problems { get; private set; } = [];
    public ImportSummary? Summary { get; private set; }
    public Guid? ImportId { get; private set; }
    public string? FileName { get; private set; }
    public StaffImportPreview? Preview { get; private set; }
    public bool DeactivateMissing { get; private set; }

    /// <summary>Set when the checked file waits for "Apply".</summary>
    public string? PendingId { get; private set; }

    /// <summary>The encoding chosen for a file that is not UTF-8: the reader's own script's usual one unless they chose.</summary>
    public StaffFileEncoding Encoding { get; private set; } = DefaultEncoding();

    [TempData]
    public string? Message { get; set; }

    public static StaffFileEncoding DefaultEncoding() => PortalLanguages.Match(CultureInfo.CurrentUICulture.Name) switch
    {
        PortalLanguages.Simplified => StaffFileEncoding.Gb18030,
        PortalLanguages.Traditional => StaffFileEncoding.Big5,
        _ => StaffFileEncoding.Utf8,
    };

    public static string EncodingValue(StaffFileEncoding encoding) => encoding switch
    {
        StaffFileEncoding.Gb18030 => "gb18030",
        StaffFileEncoding.Big5 => "big5",
        _ => "utf-8",
    };

    private static StaffFileEncoding? ParseEncoding(string? value) =>
        Enum.GetValues<StaffFileEncoding>().Cast<StaffFileEncoding?>().FirstOrDefault(e => string.Equals(EncodingValue(e!.Value), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken cancellationToken) => await downloads.TemplateAsync(cancellationToken);

    public async Task<IActionResult> OnGetBranchesAsync(CancellationToken cancellationToken) => await downloads.BranchesAsync(cancellationToken);

    public async Task<IActionResult> OnGetJobTitlesAsync(CancellationToken cancellationToken) => await downloads.JobTitlesAsync(cancellationToken);

    /// <summary>Offered after an import: the people it created, who cannot sign in yet, get their invitations.</summary>
    public async Task<IActionResult> OnPostInviteAsync(Guid? importId, CancellationToken cancellationToken)
    {
        // The number is the page's own hidden field, so only an altered form gets here without one.
        if (importId is not { } id || id == Guid.Empty)
        {
            return BadRequest();
        }

        var outcome = await inviteStaff.ExecuteAsync(new InvitationScope.CreatedByImport(id), Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            return Forbid();
        }

        Message = InviteStaff.Said(text, outcome.Value);
        return RedirectToPage();
    }

    /// <summary>Step one: read and check the upload, show what was read; nothing is written.</summary>
    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool deactivateMissing, string? encoding, CancellationToken cancellationToken)
    {
        FileName = file?.FileName;
        DeactivateMissing = deactivateMissing;
        Encoding = ParseEncoding(encoding) ?? DefaultEncoding();
        if (file is null || file.Length == 0)
        {
            Problems = [FileProblem("NoFile")];
            return Page();
        }

        if (file.Length > MaxUploadBytes)
        {
            Problems = [FileProblem("TooLarge", (file.Length / 1024 / 1024.0).ToString("0.0", CultureInfo.CurrentCulture), MaxUploadBytes / 1024 / 1024)];
            return new PageResult { StatusCode = StatusCodes.Status413PayloadTooLarge };
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        if (!Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) || LooksBinary(content))
        {
            Problems = [FileProblem("NotCsv", file.FileName)];
            return new PageResult { StatusCode = StatusCodes.Status415UnsupportedMediaType };
        }

        var actor = Actor.From(User);
        Preview = await importStaff.PreviewAsync(content, Encoding, deactivateMissing, actor, cancellationToken);
        Problems = Preview.Problems;
        if (Preview.CanApply)
        {
            PendingId = await pending.SaveAsync(actor.UserId,
                new PendingStaffImport(file.FileName, Encoding, deactivateMissing, time.GetUtcNow().UtcDateTime, content, Preview.Plan!.Fingerprint()), cancellationToken);
        }

        return Page();
    }

    /// <summary>Step two: apply the file checked in step one; the use case checks it again against today's data. Refused
    /// only for want of the new job titles' confirmation, the same file is offered again with its warnings.</summary>
    public async Task<IActionResult> OnPostApplyAsync(string? pendingId, bool newJobTitlesConfirmed, CancellationToken cancellationToken)
    {
        var actor = Actor.From(User);
        if (await pending.FindAsync(pendingId, actor.UserId, cancellationToken) is not { } checkedFile)
        {
            Problems = [FileProblem("Expired", (int)PendingStaffImports.Lifetime.TotalMinutes)];
            return Page();
        }

        FileName = checkedFile.FileName;
        DeactivateMissing = checkedFile.DeactivateMissing;
        Encoding = checkedFile.WhenNotUtf8;
        var outcome = await importStaff.ExecuteAsync(checkedFile.Content, checkedFile.FileName, checkedFile.DeactivateMissing, checkedFile.WhenNotUtf8,
            newJobTitlesConfirmed, checkedFile.PlanFingerprint, actor, cancellationToken);
        Problems = outcome.Problems;
        Summary = outcome.Summary;
        ImportId = outcome.ImportId;
        if (outcome.Summary is null && outcome.Problems.Count > 0 && outcome.Problems.All(p => p.Code == ImportProblemCodes.NewJobTitleNotConfirmed))
        {
            Preview = await importStaff.PreviewAsync(checkedFile.Content, checkedFile.WhenNotUtf8, checkedFile.DeactivateMissing, actor, cancellationToken);
            PendingId = pendingId;
        }
        else if (outcome.Problems.Any(p => p.Code == ImportProblemCodes.PlanChanged))
        {
            // The same file, checked again: HR sees what it would now do before applying it.
            await pending.DeleteAsync(pendingId, cancellationToken);
            Preview = await importStaff.PreviewAsync(checkedFile.Content, checkedFile.WhenNotUtf8, checkedFile.DeactivateMissing, actor, cancellationToken);
            if (Preview.CanApply)
            {
                PendingId = await pending.SaveAsync(actor.UserId, checkedFile with { CheckedAtUtc = time.GetUtcNow().UtcDateTime, PlanFingerprint = Preview.Plan!.Fingerprint() }, cancellationToken);
            }
        }
        else
        {
            await pending.DeleteAsync(pendingId, cancellationToken);
        }

        return Page();
    }

    public string Column(string field) => StaffImportText.Column(text, field);

    public string ChineseHeader(string column) => StaffImportText.ChineseHeader(text, column);

    public string ChineseHeaderLanguage => StaffImportText.ChineseHeaderLanguage;

    public string ChangeValue(string field, string value) => StaffImportText.Value(text, dates, field, value);

    /// <summary>The rows that use a title: the first ten, then an ellipsis.</summary>
    public string RowList(IReadOnlyList<int> rows) =>
        string.Join(text["List.Separator"].Value, rows.Take(10).Select(r => r.ToString(CultureInfo.CurrentCulture))) + (rows.Count > 10 ? "…" : "");

    /// <summary>What the upload form says of each column: a note and the values it takes, written as in the file.</summary>
    public static readonly IReadOnlyList<(string Column, string Note, string[] Values)> ColumnHelp =
    [
        ("employee_number", "Hr.Import.Note.Match", []),
        ("name", "Hr.Import.Note.Required", []),
        ("email", "Hr.Import.Note.Required", []),
        ("branch_code", "Hr.Import.Note.Branch", []),
        ("job_title", "Hr.Import.Note.Required", []),
        ("hire_date", "Hr.Import.Note.Date", ["YYYY-MM-DD"]),
        ("role", "Hr.Import.Note.Optional", [.. Roles.BranchStaff]),
        ("active", "Hr.Import.Note.Optional", ["yes", "no", "是", "否"]),
        ("language", "Hr.Import.Note.Optional", [.. PortalLanguages.All]),
    ];

    private StaffImportProblem FileProblem(string code, params object[] args) => new(0, "file", code, text[$"Import.Problem.{code}", args]);

    /// <summary>A NUL byte means a binary file (a spreadsheet, a zip), except in UTF-16 text, where it is NUL characters that do.</summary>
    private static bool LooksBinary(byte[] content)
    {
        var head = content.AsSpan(0, Math.Min(8192, content.Length));
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            for (var at = 2; at + 1 < head.Length; at += 2)
            {
                if (head[at] == 0 && head[at + 1] == 0)
                {
                    return true;
                }
            }

            return false;
        }

        return head.Contains((byte)0);
    }
}
