using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Pages.Quizzes;

public class QuizModel(PortalDbContext db, CourseCatalog catalog, QuizAttempts quizzes, StartQuizAttempt startAttempt, SubmitQuiz submitQuiz) : PageModel
{
    /// <summary>Form fields carrying answers are named "q.{the question's place}" with the option's place as value, places on the attempt's paper (<see cref="QuizPaper.PlaceOf"/>).</summary>
    public const string AnswerPrefix = "q.";

    public Course Course { get; private set; } = null!;
    public AttemptAllowance Allowance { get; private set; } = null!;
    public IReadOnlyList<Lesson> LessonsRemaining { get; private set; } = [];
    public QuizAttempt? Attempt { get; private set; }
    public IReadOnlyList<(QuizQuestion Question, IReadOnlyList<QuizOption> Options)> Questions { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Chosen { get; private set; } = new Dictionary<string, IReadOnlySet<string>>();
    public IReadOnlyList<int> Unanswered { get; private set; } = [];
    public string? RejectedBecause { get; private set; }
    /// <summary>When a passed course's certificate expires, so the page can say from when it can be renewed; null when it never does.</summary>
    public DateTime? CertificateExpiresAtUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync(string course, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        Course = found;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(string course, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        await startAttempt.ExecuteAsync(User.UserId(), found, cancellationToken);
        return RedirectToPage(new { course = found.Slug });
    }

    public async Task<IActionResult> OnPostSubmitAsync(string course, long attemptId, CancellationToken cancellationToken)
    {
        if (catalog.Find(course) is not { } found)
        {
            return NotFound();
        }

        if (!Request.HasFormContentType)
        {
            return BadRequest(); // answers come only as the quiz form posts them; Request.Form would throw
        }

        Course = found;
        var places = Request.Form
            .Where(f => f.Key.StartsWith(AnswerPrefix, StringComparison.Ordinal))
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key[AnswerPrefix.Length..], v ?? "")));
        var paper = await db.QuizAttempts.Where(a => a.Id == attemptId && a.UserId == User.UserId() && a.CourseSlug == found.Slug)
            .Select(a => a.PaperJson).SingleOrDefaultAsync(cancellationToken);
        var answers = paper is null ? places : QuizPaper.FromJson(paper).OptionsAtPlaces(places).ToList();
        var outcome = await submitQuiz.ExecuteAsync(User.UserId(), found, attemptId, answers, cancellationToken);
        switch (outcome)
        {
            case SubmitOutcome.NotFound:
                return NotFound();
            case SubmitOutcome.AlreadySubmitted already:
                return RedirectToPage("/Quizzes/Result", new { course = found.Slug, id = already.AttemptId });
            case SubmitOutcome.Submitted submitted:
                return RedirectToPage("/Quizzes/Result", new { course = found.Slug, id = submitted.AttemptId });
            case SubmitOutcome.Invalid invalid:
                RejectedBecause = invalid.Error;
                await LoadAsync(cancellationToken);
                return new PageResult { StatusCode = StatusCodes.Status400BadRequest };
            case SubmitOutcome.Incomplete incomplete:
                Unanswered = incomplete.UnansweredNumbers;
                Chosen = incomplete.Answers;
                await LoadAsync(cancellationToken);
                return Page();
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        Attempt = await quizzes.OpenAttemptAsync(userId, Course, cancellationToken);
        Allowance = await quizzes.AllowanceAsync(userId, Course, cancellationToken);
        if (Allowance.Gate == QuizGate.AlreadyPassed)
        {
            CertificateExpiresAtUtc = (await CertificationCycles.StandingCertificateAsync(db, userId, Course.Slug, cancellationToken))?.ExpiresAtUtc;
        }

        var done = await LearnerProgress.CompletedLessonsAsync(db, userId, Course.Slug, cancellationToken);
        LessonsRemaining = Course.Lessons.Where(l => !done.Contains(l.Slug)).ToList();
        if (Attempt is not null && Allowance.Gate == QuizGate.AttemptOpen)
        {
            // Only the prompt and option texts go to the page, in the attempt's order: never the correct flags.
            Questions = QuizPaper.FromJson(Attempt.PaperJson).Questions
                .Select(d =>
                {
                    var question = Course.FindQuestion(d.QuestionId)!;
                    return (question, (IReadOnlyList<QuizOption>)d.OptionOrder.Select(id => question.FindOption(id)!).ToList());
                })
                .ToList();
        }
    }
}
