using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Core.Staff;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Pages.Hr.Import;

// The server accepts up to twice the limit so the page itself can say how big the file was (413 with
// the sizes); anything larger is cut off by the server with a plain 413 before it is read.
[RequestSizeLimit(2 * MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * MaxUploadBytes)]
public class IndexModel(ImportStaff importStaff, InviteStaff inviteStaff) : PageModel
{
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    public IReadOnlyList<ImportProblem> Problems { get; private set; } = [];
    public ImportSummary? Summary { get; private set; }
    public DateTime? AppliedAtUtc { get; private set; }
    public string? FileName { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public void OnGet()
    {
    }

    /// <summary>Offered after an import: the people it created, who cannot sign in yet, get their invitations.</summary>
    public async Task<IActionResult> OnPostInviteAsync(long appliedAtTicks, CancellationToken cancellationToken)
    {
        var scope = new InvitationScope.ImportedSince(new DateTime(Math.Clamp(appliedAtTicks, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc));
        var outcome = await inviteStaff.ExecuteAsync(scope, Actor.From(User), cancellationToken);
        Message = outcome.Value == 1 ? "One invitation is on its way." : $"{outcome.Value} invitations are on their way.";
        return RedirectToPage();
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

        await using var stream = file.OpenReadStream();
        var outcome = await importStaff.ExecuteAsync(stream, file.FileName, deactivateMissing, Actor.From(User), cancellationToken);
        Problems = outcome.Problems;
        Summary = outcome.Summary;
        AppliedAtUtc = outcome.AppliedAtUtc;
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
