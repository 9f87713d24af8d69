using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Observations;

/// <summary>
/// One observation, for the person observed (who acknowledges it here) and the managers of the branch it was recorded
/// in. Nobody else: not other staff, and not HR or executives, who see totals only.
/// </summary>
public class ShowModel(PortalDbContext db, CourseCatalog catalog, AcknowledgeObservation acknowledge) : PageModel
{
    public sealed record RatingLine(string BehaviourText, BehaviourRating? Rating, string? Note);

    public Observation Observation { get; private set; } = null!;
    public string SubjectName { get; private set; } = "";
    public string ObserverName { get; private set; } = "";
    public Course? Course { get; private set; }
    public IReadOnlyList<RatingLine> Lines { get; private set; } = [];
    public bool IsSubject { get; private set; }
    public bool CanEdit { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    /// <summary>The version shown, which an acknowledgement names (<see cref="AcknowledgeObservation.VersionOf"/>).</summary>
    public long Version => AcknowledgeObservation.VersionOf(Observation);

    /// <param name="version">The version the person read; a correction since then is shown to them instead.</param>
    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, long version, CancellationToken cancellationToken)
    {
        var outcome = await acknowledge.ExecuteAsync(id, version, Actor.From(User), cancellationToken);
        if (outcome.NotFound)
        {
            return NotFound();
        }

        if (outcome.Forbidden)
        {
            return Forbid();
        }

        if (!outcome.Succeeded)
        {
            ModelState.AddRefusals(outcome.Refusals);
            return await ShowAsync(id, cancellationToken);
        }

        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> ShowAsync(long id, CancellationToken cancellationToken)
    {
        var observation = await db.Observations.AsNoTracking().Include(o => o.Ratings).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (observation is null)
        {
            return NotFound();
        }

        var me = User.UserId();
        IsSubject = observation.SubjectUserId == me;
        var managesBranch = User.IsInRole(Roles.BranchManager) && User.BranchId() == observation.BranchId;
        if (!IsSubject && !managesBranch)
        {
            return Forbid();
        }

        Observation = observation;
        var people = await db.Users.Where(u => u.Id == observation.SubjectUserId || u.Id == observation.ObserverUserId)
            .Select(u => new { u.Id, u.DisplayName, u.BranchId, u.IsActive }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var subject = people.GetValueOrDefault(observation.SubjectUserId);
        SubjectName = subject?.DisplayName ?? "";
        ObserverName = people.GetValueOrDefault(observation.ObserverUserId)?.DisplayName ?? "";
        // As RecordObservation allows a correction: by its author, from the branch it was recorded in, unacknowledged, of
        // someone still active there.
        CanEdit = observation.ObserverUserId == me && observation.AcknowledgedAtUtc is null && observation.BranchId == User.BranchId()
            && subject is { IsActive: true } && subject.BranchId == observation.BranchId;
        Course = catalog.Find(observation.CourseSlug);
        var ratings = observation.Ratings.ToDictionary(r => r.BehaviourId);
        Lines = Course?.Checklist is { } checklist
            ? checklist.Behaviours.Select(b => new RatingLine(b.Text, ratings.GetValueOrDefault(b.Id)?.Rating, ratings.GetValueOrDefault(b.Id)?.Note)).ToList()
            : observation.Ratings.Select(r => new RatingLine(r.BehaviourId, r.Rating, r.Note)).ToList();
        return Page();
    }
}
