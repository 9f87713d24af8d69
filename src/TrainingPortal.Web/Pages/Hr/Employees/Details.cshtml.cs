using TrainingPortal.Core.Calendar;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Languages;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Core.Reminders;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;
using TrainingPortal.Web.Reporting;
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Web.Pages.Hr.Employees;

public class DetailsModel(PortalDbContext db, CourseCatalog catalog, QuizAttempts quizzes, RevokeCertificate revokeCertificate, GrantExtraAttempt grantExtraAttempt,
    ChooseLanguage chooseLanguage, TimeProvider time, BankCalendar calendar, IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    /// <param name="Branch">The branch's name; null for head office.</param>
    /// <param name="Language">The language the person chose; null until they or HR choose one.</param>
    public sealed record EmployeeSummary(string Id, string EmployeeNumber, string DisplayName, string Email, string JobTitle, string? Branch, DateOnly HireDate, bool IsActive, string? Language);

    /// <param name="Joiner">Hired after the assignment that sets the due date was made: the window counts from the hire date.</param>
    /// <param name="CameUnderOn">The day a move or a new job title brought the person under an assignment of a course new
    /// to them, after it was made: the course counts as assigned that day, and its window counts from it. Absent when
    /// they already had the course, which then keeps its dates.</param>
    public sealed record RequiredLine(string CourseSlug, DateOnly AssignedOn, DateOnly DueOn, TrainingStatus Status, bool Joiner, DateOnly? CameUnderOn);

    public sealed record CourseLine(Course Course, int LessonsDone, AttemptAllowance Allowance, int? BestScore);

    public sealed record AttemptLine(string CourseSlug, int Number, DateTime? SubmittedAtUtc, int? Score, bool? Passed, string Language);

    public sealed record CertificateLine(long Id, string Serial, string CourseSlug, string CourseTitle, DateTime IssuedAtUtc, DateTime? ExpiresAtUtc, CertificateStatus Status, string? RevokedReason);

    /// <summary>A reminder queued for the person, with where its mail is now.</summary>
    public sealed record ReminderLine(ReminderKind Kind, string CourseSlug, DateOnly ForDate, DateTime QueuedAtUtc, string Subject, OutboxState State);

    private const int ReminderLines = 50;

    public EmployeeSummary Employee { get; private set; } = null!;
    public IReadOnlyList<ReminderLine> Reminders { get; private set; } = [];
    public IReadOnlyList<CourseLine> Courses { get; private set; } = [];
    public IReadOnlyList<AttemptLine> Attempts { get; private set; } = [];
    public IReadOnlyList<CertificateLine> Certificates { get; private set; } = [];
    public IReadOnlyList<RequiredLine> Required { get; private set; } = [];

    public RevokeInput Revoke { get; set; } = new();

    public GrantInput Grant { get; set; } = new();

    public CourseCatalog Catalog => catalog;

    [TempData]
    public string? Message { get; set; }

    public class GrantInput
    {
        [Required(ErrorMessage = "Validation.Required"), StringLength(100, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Common.Course")]
        public string CourseSlug { get; set; } = "";

        [Required(ErrorMessage = "Refusal.ExtraAttempt.ReasonRequired")]
        [StringLength(500, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Hr.Employee.Reason")]
        public string Reason { get; set; } = "";
    }

    public class RevokeInput
    {
        public long CertificateId { get; set; }

        [Required(ErrorMessage = "Refusal.Certificate.ReasonRequired")]
        [StringLength(500, ErrorMessage = "Validation.StringLength")]
        [Display(Name = "Hr.Employee.Reason")]
        public string Reason { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRevokeAsync(string id, [Bind(Prefix = "Revoke")] RevokeInput revoke, CancellationToken cancellationToken)
    {
        Revoke = revoke;
        return await RespondAsync(id, "Revoke", cancellationToken, async () =>
        {
            var outcome = await revokeCertificate.ExecuteAsync(new Revocation(id, revoke.CertificateId, revoke.Reason), Actor.From(User), cancellationToken);
            return (outcome, outcome.Succeeded ? text["Hr.Employee.CertificateRevoked", outcome.Value!] : "");
        });
    }

    public async Task<IActionResult> OnPostGrantAttemptAsync(string id, [Bind(Prefix = "Grant")] GrantInput grant, CancellationToken cancellationToken)
    {
        Grant = grant;
        return await RespondAsync(id, "Grant", cancellationToken, async () =>
        {
            var outcome = await grantExtraAttempt.ExecuteAsync(new ExtraAttemptRequest(id, grant.CourseSlug, grant.Reason), Actor.From(User), cancellationToken);
            return (outcome, outcome.Value ?? "");
        });
    }

    /// <summary>HR sets the language the person reads the portal, their mails and their certificates in.</summary>
    public async Task<IActionResult> OnPostLanguageAsync(string id, string? language, CancellationToken cancellationToken) =>
        await RespondAsync(id, "Language", cancellationToken, async () =>
        {
            var outcome = await chooseLanguage.ExecuteAsync(id, language ?? "", Actor.From(User), cancellationToken);
            return (outcome, outcome.Succeeded ? text["Hr.Employee.LanguageSaved", PortalLanguages.NativeName(outcome.Value!)] : "");
        });

    /// <summary>Runs a use case when its form is valid: success says so on the reloaded page; a refusal shows beside the form.</summary>
    private async Task<IActionResult> RespondAsync(string id, string prefix, CancellationToken cancellationToken, Func<Task<(Outcome<string> Outcome, string Message)>> useCase)
    {
        if (ModelState.IsValid)
        {
            var (outcome, message) = await useCase();
            if (outcome.NotFound)
            {
                return NotFound();
            }

            if (outcome.Succeeded)
            {
                Message = message;
                return RedirectToPage(new { id });
            }

            ModelState.AddRefusals(outcome.Refusals, prefix);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var employee = await db.Users
            .Where(u => u.Id == id)
            .Select(u => new EmployeeSummary(u.Id, u.EmployeeNumber, u.DisplayName, u.Email!, u.JobTitle,
                u.Branch == null ? null : u.Branch.Name, u.HireDate, u.IsActive, u.PreferredCulture))
            .SingleOrDefaultAsync(cancellationToken);
        if (employee is null)
        {
            return false;
        }

        Employee = employee;
        // Lessons the course still has, as the learner's own pages count them: a lesson retired by a new edition no longer counts.
        var done = (await db.LessonCompletions.Where(c => c.UserId == id).Select(c => new { c.CourseSlug, c.LessonSlug }).ToListAsync(cancellationToken))
            .Where(c => catalog.Find(c.CourseSlug)?.FindLesson(c.LessonSlug) is not null)
            .CountBy(c => c.CourseSlug)
            .ToDictionary();
        Attempts = await db.QuizAttempts.Where(a => a.UserId == id)
            .OrderByDescending(a => a.StartedAtUtc)
            .Select(a => new AttemptLine(a.CourseSlug, a.AttemptNumber, a.SubmittedAtUtc, a.ScorePercent, a.Passed, a.Language))
            .ToListAsync(cancellationToken);
        Reminders = await db.Reminders.Where(r => r.UserId == id && r.OutboxMail != null)
            .OrderByDescending(r => r.QueuedAtUtc).ThenBy(r => r.CourseSlug)
            .Take(ReminderLines)
            .Select(r => new ReminderLine(r.Kind, r.CourseSlug, r.ForDate, r.QueuedAtUtc, r.OutboxMail!.Subject, r.OutboxMail.State))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var at = calendar.MomentAt(now);
        var cameUnder = (await db.LateStarts.Where(s => s.UserId == id)
                .Join(db.Assignments, s => s.AssignmentId, a => a.Id, (s, a) => new { a.CourseSlug, s.CoveredSince })
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.CourseSlug)
            .ToDictionary(g => g.Key, g => g.Max(s => s.CoveredSince));
        Required = (await CompletionQuery.Rows(db, new CompletionFilter(), at).Where(r => r.UserId == id).OrderBy(r => r.DueOn)
                .Select(r => new { r.CourseSlug, r.AssignedOn, r.DueOn, r.Status, r.JoinedAfterAssignment }).ToListAsync(cancellationToken))
            .Select(r => cameUnder.TryGetValue(r.CourseSlug, out var since) && since == r.AssignedOn
                ? new RequiredLine(r.CourseSlug, r.AssignedOn, r.DueOn, r.Status, Joiner: false, CameUnderOn: since)
                : new RequiredLine(r.CourseSlug, r.AssignedOn, r.DueOn, r.Status, r.JoinedAfterAssignment, CameUnderOn: null))
            .ToList();
        Certificates = (await db.Certificates.Where(c => c.UserId == id)
                .OrderByDescending(c => c.IssuedAtUtc)
                .Select(c => new { c.Id, c.Serial, c.CourseSlug, c.CourseTitle, c.IssuedAtUtc, c.ExpiresAtUtc, c.RevokedAtUtc, c.RevokedReason })
                .ToListAsync(cancellationToken))
            .Select(c => new CertificateLine(c.Id, c.Serial, c.CourseSlug, c.CourseTitle, c.IssuedAtUtc, c.ExpiresAtUtc, CertificateRules.StatusAt(now, c.ExpiresAtUtc, c.RevokedAtUtc), c.RevokedReason))
            .ToList();
        var allowances = await quizzes.AllowancesAsync(id, catalog.Courses, cancellationToken);
        Courses = catalog.Courses.Select(course => new CourseLine(
                course,
                done.GetValueOrDefault(course.Slug),
                allowances[course.Slug],
                Attempts.Where(a => a.CourseSlug == course.Slug).Max(a => a.Score)))
            .ToList();
        return true;
    }
}
