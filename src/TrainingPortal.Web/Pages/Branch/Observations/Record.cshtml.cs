using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Data;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages.Branch.Observations;

/// <summary>
/// A branch manager records an observation of one of their staff (choose the person and the checklist, then rate each
/// behaviour), or corrects their own before the person has acknowledged it (<c>/branch/observations/{id}/edit</c>, the same model).
/// </summary>
public class RecordModel(PortalDbContext db, CourseCatalog catalog, RecordObservation recordObservation, TimeProvider time, BankCalendar calendar) : PageModel
{
    public sealed record Person(string Id, string Name, string EmployeeNumber, string JobTitle);

    [BindProperty(SupportsGet = true, Name = "person")]
    [Display(Name = "Observations.Field.Person")]
    [StringLength(450, ErrorMessage = "Validation.StringLength")]
    public string? PersonId { get; set; }

    [BindProperty(SupportsGet = true, Name = "course")]
    [Display(Name = "Observations.Field.Checklist")]
    [StringLength(100, ErrorMessage = "Validation.StringLength")]
    public string? CourseSlug { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public long? ObservationId { get; private set; }
    public IReadOnlyList<Person> Staff { get; private set; } = [];
    public Person? Subject { get; private set; }
    public Course? Course { get; private set; }
    public CourseCatalog Catalog => catalog;

    public class InputModel
    {
        [Display(Name = "Observations.Field.ObservedOn")]
        [Required(ErrorMessage = "Validation.Required")]
        [DataType(DataType.Date)]
        public DateOnly? ObservedOn { get; set; }

        [Display(Name = "Observations.Field.Note")]
        [StringLength(Core.CustomerFirst.Observations.MaxNoteLength, ErrorMessage = "Validation.StringLength")]
        public string? Note { get; set; }

        public List<RatingField> Ratings { get; set; } = [];
    }

    public class RatingField
    {
        [Display(Name = "Observations.Show.Behaviour")]
        [StringLength(100, ErrorMessage = "Validation.StringLength")]
        public string BehaviourId { get; set; } = "";

        [EnumDataType(typeof(BehaviourRating), ErrorMessage = "Refusal.Observation.RatingUnknown")]
        public BehaviourRating? Rating { get; set; }

        [Display(Name = "Observations.Field.BehaviourNote")]
        [StringLength(Core.CustomerFirst.Observations.MaxNoteLength, ErrorMessage = "Validation.StringLength")]
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken cancellationToken)
    {
        if (id is { } observationId)
        {
            var existing = await db.Observations.Include(o => o.Ratings).SingleOrDefaultAsync(o => o.Id == observationId, cancellationToken);
            if (existing is null)
            {
                return NotFound();
            }

            if (existing.ObserverUserId != User.UserId() || existing.BranchId != User.BranchId())
            {
                return Forbid();
            }

            if (existing.AcknowledgedAtUtc is not null)
            {
                return RedirectToPage("/Observations/Show", new { id = observationId }); // acknowledged: it stands as it is
            }

            PersonId = existing.SubjectUserId;
            CourseSlug = existing.CourseSlug;
            Input.ObservedOn = existing.ObservedOn;
            Input.Note = existing.Note;
            Input.Ratings = existing.Ratings.Select(r => new RatingField { BehaviourId = r.BehaviourId, Rating = r.Rating, Note = r.Note }).ToList();
        }
        else
        {
            Input.ObservedOn = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        }

        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid && Input.ObservedOn is { } observedOn && PersonId is not null && CourseSlug is not null)
        {
            var outcome = await recordObservation.ExecuteAsync(
                new ObservationRequest(id, PersonId, CourseSlug, observedOn, Input.Ratings.Select(r => new RatingInput(r.BehaviourId, r.Rating, r.Note)).ToList(), Input.Note),
                Actor.From(User), cancellationToken);
            if (outcome.Forbidden)
            {
                return Forbid();
            }

            if (outcome.NotFound)
            {
                return NotFound();
            }

            if (outcome.Succeeded)
            {
                return RedirectToPage("/Observations/Show", new { id = outcome.Value, saved = true });
            }

            ModelState.AddRefusals(outcome.Refusals);
        }

        return await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(long? id, CancellationToken cancellationToken)
    {
        if (User.BranchId() is not { } branchId)
        {
            return Forbid();
        }

        ObservationId = id;
        var me = User.UserId();
        Staff = await db.Users.Where(u => u.BranchId == branchId && u.IsActive && u.Id != me)
            .OrderBy(u => u.DisplayName)
            .Select(u => new Person(u.Id, u.DisplayName, u.EmployeeNumber, u.JobTitle))
            .ToListAsync(cancellationToken);
        if (PersonId is not null)
        {
            Subject = Staff.FirstOrDefault(p => p.Id == PersonId);
            if (Subject is null)
            {
                return Forbid(); // not someone of this manager's branch
            }
        }

        Course = CourseSlug is null ? null : catalog.Find(CourseSlug) is { Checklist: not null } course ? course : null;
        if (Course is not null && Input.Ratings.Count == 0)
        {
            Input.Ratings = Course.Checklist!.Behaviours.Select(b => new RatingField { BehaviourId = b.Id }).ToList();
        }
        else if (Course is not null)
        {
            // Keep the checklist's order and every behaviour on the form, whatever was posted or stored.
            var given = Input.Ratings.Where(r => r.BehaviourId is not null).GroupBy(r => r.BehaviourId).ToDictionary(g => g.Key, g => g.First());
            Input.Ratings = Course.Checklist!.Behaviours.Select(b => given.GetValueOrDefault(b.Id) ?? new RatingField { BehaviourId = b.Id }).ToList();
        }

        return Page();
    }
}
