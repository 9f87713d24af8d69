using TrainingPortal.Core.Calendar;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Data;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Seeding;

/// <summary>
/// Believable learning history: branches adopt the programme at clearly different rates, most completions
/// fall in the last twelve weeks, some learners needed a second attempt, and the yearly course has
/// certificates that are expiring or expired. Everything is written in batches, never row by row.
/// </summary>
public sealed class DemoActivity(PortalDbContext db, CourseCatalog catalog, BankCalendar calendar, Random random, DateTime nowUtc, Action<string>? progress = null)
{
    private const int EmployeesPerBatch = 1_000;

    private sealed record Pass(QuizAttempt Attempt, CertificateHolder Holder, Course Course, DateTime CompletedAtUtc);

    private readonly Dictionary<int, string> _branchNames = new();

    private readonly List<LessonCompletion> _lessons = [];

    private readonly List<QuizAttempt> _attempts = [];

    public async Task WriteAsync(SeededOrganisation organisation, CancellationToken cancellationToken)
    {
        foreach (var branch in await db.Branches.Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken))
        {
            _branchNames[branch.Id] = branch.Name;
        }

        var adoption = AdoptionByBranch(organisation.Branches.Select(b => b.Id).ToList());
        var staff = organisation.Employees;
        for (var start = 0; start < staff.Count; start += EmployeesPerBatch)
        {
            var passes = new List<Pass>();
            foreach (var employee in staff.Skip(start).Take(EmployeesPerBatch))
            {
                var rate = adoption[employee.BranchId!.Value];
                for (var i = 0; i < catalog.Courses.Count; i++)
                {
                    var course = catalog.Courses[i];
                    var roll = random.NextDouble();
                    var completeChance = rate * (1 - 0.12 * i);
                    if (roll < completeChance)
                    {
                        passes.Add(Complete(employee, course, CompletionDate(course)));
                    }
                    else if (roll < completeChance + 0.18)
                    {
                        Started(employee, course, 1 + random.Next(course.Lessons.Count), nowUtc.AddDays(-random.Next(1, 60)));
                    }
                }
            }

            await SaveAsync(passes, cancellationToken);
            if (staff.Count > EmployeesPerBatch)
            {
                progress?.Invoke($"  {Math.Min(start + EmployeesPerBatch, staff.Count):N0} of {staff.Count:N0} employees");
            }
        }

        await WriteDemoAccountsAsync(organisation, cancellationToken);
        await RevokeOneAsync(cancellationToken);
    }

    /// <summary>The demo employee holds one certificate and is half-way through another course.</summary>
    private async Task WriteDemoAccountsAsync(SeededOrganisation organisation, CancellationToken cancellationToken)
    {
        var employee = organisation.DemoUsers["employee@demo.bank"];
        var passes = new List<Pass> { Complete(employee, catalog.Courses[0], nowUtc.AddDays(-20)) };
        if (catalog.Courses.Count > 1)
        {
            var inProgress = catalog.Courses[1];
            Started(employee, inProgress, Math.Max(1, inProgress.Lessons.Count / 2), nowUtc.AddDays(-3));
        }

        var manager = organisation.DemoUsers["manager@demo.bank"];
        passes.Add(Complete(manager, catalog.Courses[0], nowUtc.AddDays(-45)));
        if (catalog.Courses.Count > 3)
        {
            passes.Add(Complete(manager, catalog.Courses[3], nowUtc.AddDays(-350))); // expiring within the month
        }

        await SaveAsync(passes, cancellationToken);
    }

    private async Task RevokeOneAsync(CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.OrderBy(c => c.Id).Skip(7).FirstOrDefaultAsync(cancellationToken);
        if (certificate is null)
        {
            return;
        }

        certificate.RevokedAtUtc = certificate.IssuedAtUtc.AddDays(2);
        certificate.RevokedReason = "The quiz was taken under another colleague's sign-in.";
        db.ChangeTracker.DetectChanges(); // generate-demo turns automatic detection off
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private Dictionary<int, double> AdoptionByBranch(IReadOnlyList<int> branchIds)
    {
        // Spread evenly from 15 % to 95 %, shuffled so adoption does not follow branch numbering.
        var rates = branchIds.Select((_, i) => 0.15 + 0.8 * i / Math.Max(1, branchIds.Count - 1)).ToArray();
        random.Shuffle(rates);
        return branchIds.Select((id, i) => (id, rates[i])).ToDictionary(x => x.id, x => x.Item2);
    }

    private DateTime CompletionDate(Course course)
    {
        if (course.CertificateValidityMonths > 0 && random.NextDouble() < 0.3)
        {
            return nowUtc.AddDays(-random.Next(335, 420)); // yearly certificates now expiring or expired
        }

        return random.NextDouble() < 0.8
            ? nowUtc.AddDays(-random.Next(0, 84)).AddMinutes(-random.Next(0, 600))
            : nowUtc.AddDays(-random.Next(84, 300));
    }

    private void Started(SeededEmployee employee, Course course, int lessons, DateTime whenUtc)
    {
        foreach (var lesson in course.Lessons.Take(lessons))
        {
            _lessons.Add(Lesson(employee, course, lesson, whenUtc.AddMinutes(lesson.Number * 12)));
        }
    }

    private Pass Complete(SeededEmployee employee, Course course, DateTime completedAtUtc)
    {
        foreach (var lesson in course.Lessons)
        {
            _lessons.Add(Lesson(employee, course, lesson, completedAtUtc.AddHours(-course.Lessons.Count + lesson.Number - 1)));
        }

        var attemptNumber = 1;
        if (random.NextDouble() < 0.25)
        {
            _attempts.Add(Attempt(employee, course, attemptNumber++, completedAtUtc.AddHours(-0.5), pass: false));
        }

        var passing = Attempt(employee, course, attemptNumber, completedAtUtc, pass: true);
        _attempts.Add(passing);
        var holder = new CertificateHolder(employee.Id, employee.DisplayName, employee.EmployeeNumber,
            employee.BranchId is { } branchId ? _branchNames[branchId] : HeadOffice.Name);
        return new Pass(passing, holder, course, completedAtUtc);
    }

    private static LessonCompletion Lesson(SeededEmployee employee, Course course, Lesson lesson, DateTime atUtc) => new()
    {
        UserId = employee.Id,
        CourseSlug = course.Slug,
        LessonSlug = lesson.Slug,
        ContentVersion = course.ContentVersion,
        CompletedAtUtc = atUtc,
    };

    /// <summary>A real paper, really graded: result pages of demo attempts show true answers and scores.</summary>
    private QuizAttempt Attempt(SeededEmployee employee, Course course, int number, DateTime submittedAtUtc, bool pass)
    {
        var paper = QuizPaper.Draw(course, random);
        var target = pass
            ? (int)Math.Ceiling(paper.Questions.Count * course.PassMark / 100.0) + random.Next(0, 2)
            : Math.Max(0, (int)Math.Ceiling(paper.Questions.Count * course.PassMark / 100.0) - 1 - random.Next(0, 3));
        var answers = paper.Questions.Select((drawn, i) =>
        {
            var question = course.FindQuestion(drawn.QuestionId)!;
            IReadOnlySet<string> chosen = i < target
                ? question.CorrectOptionIds
                : new HashSet<string> { question.Options.First(o => !o.IsCorrect).Id };
            return (drawn.QuestionId, chosen);
        }).ToDictionary(a => a.QuestionId, a => a.chosen);
        var result = QuizGrader.Grade(course, paper, answers);
        return new QuizAttempt
        {
            UserId = employee.Id,
            CourseSlug = course.Slug,
            AttemptNumber = number,
            ContentVersion = course.ContentVersion,
            PaperJson = paper.ToJson(),
            StartedAtUtc = submittedAtUtc.AddMinutes(-random.Next(8, 25)),
            SubmittedAtUtc = submittedAtUtc,
            AnswersJson = AnswerSheetResult.ToJson(answers),
            ScorePercent = result.ScorePercent,
            Passed = result.Passed,
        };
    }

    /// <summary>
    /// Writes the lessons, then passes in three batches (attempts, completions, certificates) through the certificate's
    /// one issue path: a certificate is numbered once the database has given it its key.
    /// </summary>
    private async Task SaveAsync(List<Pass> passes, CancellationToken cancellationToken)
    {
        await TableWriter.InsertAsync(db, _lessons, cancellationToken);
        _lessons.Clear();
        await TableWriter.InsertAsync(db, _attempts, cancellationToken);
        _attempts.Clear();
        var completions = passes.Select(p => IssueCertificate.Completion(p.Holder.UserId, p.Course, p.Attempt.Id, p.CompletedAtUtc)).ToList();
        await TableWriter.InsertAsync(db, completions, cancellationToken);
        var certificates = passes.Select((p, i) => IssueCertificate.Draft(p.Holder, p.Course, completions[i], p.CompletedAtUtc, calendar)).ToList();
        await TableWriter.InsertAsync(db, certificates, cancellationToken);
        certificates.ForEach(certificate => IssueCertificate.Number(certificate, calendar));
        await TableWriter.UpdateAsync(db, certificates, [nameof(Certificate.Serial)], cancellationToken);
    }
}
