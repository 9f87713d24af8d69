using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Quizzes;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Tests.UseCases;

/// <summary>Calls a use case the way a page does: resolved from a fresh request scope, over the real database.</summary>
public static class UseCase
{
    public static async Task<TResult> RunAsync<TUseCase, TResult>(IServiceProvider services, Func<TUseCase, Task<TResult>> call) where TUseCase : notnull
    {
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    public static async Task RunAsync<TUseCase>(IServiceProvider services, Func<TUseCase, Task> call) where TUseCase : notnull
    {
        await using var scope = services.CreateAsyncScope();
        await call(scope.ServiceProvider.GetRequiredService<TUseCase>());
    }

    /// <summary>Runs a call that must fail with the injected fault, however EF wrapped it.</summary>
    public static async Task AssertFailsWithInjectedFaultAsync(Func<Task> call)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(call);
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is InjectedFault)
            {
                return;
            }
        }

        Assert.Fail($"Expected the injected fault, got {exception}");
    }
}

public static class Actors
{
    public static Actor Hr(IServiceProvider services) => Demo(services, "hr@demo.bank", Roles.HR);

    public static Actor Admin(IServiceProvider services) => Demo(services, "admin@demo.bank", Roles.Admin);

    public static Actor Of(PortalUser user, string role) => new(user.Id, user.DisplayName, [role]);

    private static Actor Demo(IServiceProvider services, string email, string role)
    {
        var user = TestData.Query(services, db => db.Users.AsNoTracking().Single(u => u.Email == email));
        return Of(user, role);
    }
}

/// <summary>Arranges staff and learning through the use cases themselves, so the derived data stays in step.</summary>
public static class Arrange
{
    /// <summary>A course every demo employee is required to take (assigned to all staff), certificates never expiring.</summary>
    public const string QuizCourse = "customer-communication";

    public static Course Course(IServiceProvider services, string slug) => services.GetRequiredService<CourseCatalog>().Find(slug)!;

    public static int BranchId(IServiceProvider services, int branchIndex) =>
        TestData.Query(services, db => db.Branches.OrderBy(b => b.Id).Skip(branchIndex).Select(b => b.Id).First());

    public static string BranchCode(IServiceProvider services, int branchIndex) =>
        TestData.Query(services, db => db.Branches.OrderBy(b => b.Id).Skip(branchIndex).Select(b => b.Code).First());

    /// <summary>A member of staff with any job title and hire date, opened by HR.</summary>
    public static async Task<PortalUser> StaffAsync(IServiceProvider services, string jobTitle, int branchIndex, DateOnly hireDate)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var branchId = BranchId(services, branchIndex);
        var outcome = await UseCase.RunAsync(services, (CreateAccount u) => u.ExecuteAsync(
            new NewAccount("S" + suffix, $"Staff {suffix}", $"staff-{suffix}@demo.bank", jobTitle, hireDate, branchId, Roles.Employee),
            Actors.Hr(services), CancellationToken.None));
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
        return outcome.Value!;
    }

    public static async Task CompleteLessonsAsync(IServiceProvider services, string userId, string slug, int? count = null)
    {
        var course = Course(services, slug);
        foreach (var lesson in course.Lessons.Take(count ?? course.Lessons.Count))
        {
            await UseCase.RunAsync(services, (CompleteLesson u) => u.ExecuteAsync(userId, course, lesson, CancellationToken.None));
        }
    }

    public static Task<bool> StartAsync(IServiceProvider services, string userId, string slug) =>
        UseCase.RunAsync(services, (StartQuizAttempt u) => u.ExecuteAsync(userId, Course(services, slug), CancellationToken.None));

    public static QuizAttempt? OpenAttempt(IServiceProvider services, string userId, string slug) =>
        TestData.Query(services, db => db.QuizAttempts.AsNoTracking()
            .Where(a => a.UserId == userId && a.CourseSlug == slug && a.SubmittedAtUtc == null)
            .OrderByDescending(a => a.AttemptNumber)
            .FirstOrDefault());

    /// <summary>Starts an attempt (or finds the open one) and returns it.</summary>
    public static async Task<QuizAttempt> OpenAttemptAsync(IServiceProvider services, string userId, string slug)
    {
        Assert.True(await StartAsync(services, userId, slug), "the learner could not start an attempt");
        return OpenAttempt(services, userId, slug) ?? throw new InvalidOperationException("No open attempt after a successful start.");
    }

    /// <summary>
    /// Answers to the paper stored on the attempt, read from the course's key: the first <paramref name="rightCount"/>
    /// questions exactly right, the others with one wrong option.
    /// </summary>
    public static List<KeyValuePair<string, string>> Answers(Course course, QuizAttempt attempt, int rightCount = int.MaxValue) =>
        QuizPaper.FromJson(attempt.PaperJson).Questions.SelectMany((drawn, index) =>
        {
            var question = course.FindQuestion(drawn.QuestionId)!;
            IEnumerable<string> chosen = index < rightCount
                ? question.CorrectOptionIds.Order(StringComparer.Ordinal)
                : [question.Options.First(o => !o.IsCorrect).Id];
            return chosen.Select(option => new KeyValuePair<string, string>(drawn.QuestionId, option));
        }).ToList();

    public static Task<SubmitOutcome> SubmitAsync(IServiceProvider services, string userId, string slug, long attemptId, IEnumerable<KeyValuePair<string, string>> answers) =>
        UseCase.RunAsync(services, (SubmitQuiz u) => u.ExecuteAsync(userId, Course(services, slug), attemptId, answers, CancellationToken.None));

    /// <summary>Starts an attempt and submits it with <paramref name="rightCount"/> right answers.</summary>
    public static async Task<SubmitOutcome.Submitted> TakeQuizAsync(IServiceProvider services, string userId, string slug, int rightCount)
    {
        var attempt = await OpenAttemptAsync(services, userId, slug);
        var outcome = await SubmitAsync(services, userId, slug, attempt.Id, Answers(Course(services, slug), attempt, rightCount));
        return Assert.IsType<SubmitOutcome.Submitted>(outcome);
    }

    /// <summary>Fails every attempt the course allows.</summary>
    public static async Task UseUpAttemptsAsync(IServiceProvider services, string userId, string slug)
    {
        var course = Course(services, slug);
        for (var i = 0; i < course.MaxAttempts; i++)
        {
            Assert.False((await TakeQuizAsync(services, userId, slug, rightCount: 0)).Result.Passed);
        }
    }

    /// <summary>A fresh learner who finished the lessons and passed the quiz of <see cref="QuizCourse"/>.</summary>
    public static async Task<(PortalUser Learner, Certificate Certificate)> CertifiedLearnerAsync(IServiceProvider services, string? name = null)
    {
        var learner = await TestData.CreateLearnerAsync(services, name);
        await CompleteLessonsAsync(services, learner.Id, QuizCourse);
        var passed = await TakeQuizAsync(services, learner.Id, QuizCourse, rightCount: int.MaxValue);
        Assert.True(passed.Result.Passed);
        var certificate = TestData.Query(services, db => db.Certificates.AsNoTracking().Single(c => c.Serial == passed.CertificateSerial));
        return (learner, certificate);
    }

    public static MemoryStream Csv(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    public static DateOnly Today(PortalFactory factory) => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    public static DateTime Now(PortalFactory factory) => factory.Clock.GetUtcNow().UtcDateTime;
}

public static class Audit
{
    public static long LastId(IServiceProvider services) => TestData.Query(services, db => db.AuditEntries.Max(a => (long?)a.Id) ?? 0);

    public static List<AuditEntry> Since(IServiceProvider services, long lastId) =>
        TestData.Query(services, db => db.AuditEntries.AsNoTracking().Where(a => a.Id > lastId).OrderBy(a => a.Id).ToList());
}

/// <summary>
/// Every row of the tables the use cases write, read in a fresh scope, so a test can say "nothing changed" (or
/// "nothing but these tables changed") without listing what it expects to stay put.
/// </summary>
public sealed class DatabaseState
{
    private static readonly Type[] Tables =
    [
        typeof(PortalUser), typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<string>), typeof(Assignment), typeof(AssignmentEmployee),
        typeof(AuditEntry), typeof(LessonCompletion), typeof(QuizAttempt), typeof(CourseCompletion), typeof(Certificate),
        typeof(ExtraAttemptGrant), typeof(RequiredCourse), typeof(Observation), typeof(ObservationRating), typeof(PulsePeriod),
        typeof(PulseResponse), typeof(PulseParticipation),
    ];

    private readonly Dictionary<Type, List<object>> _rows;

    private DatabaseState(Dictionary<Type, List<object>> rows) => _rows = rows;

    public static async Task<DatabaseState> ReadAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var rows = new Dictionary<Type, List<object>>
        {
            [typeof(PortalUser)] = await RowsAsync(db.Users),
            [typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<string>)] = await RowsAsync(db.UserRoles),
            [typeof(Assignment)] = await RowsAsync(db.Assignments),
            [typeof(AssignmentEmployee)] = await RowsAsync(db.AssignmentEmployees),
            [typeof(AuditEntry)] = await RowsAsync(db.AuditEntries),
            [typeof(LessonCompletion)] = await RowsAsync(db.LessonCompletions),
            [typeof(QuizAttempt)] = await RowsAsync(db.QuizAttempts),
            [typeof(CourseCompletion)] = await RowsAsync(db.CourseCompletions),
            [typeof(Certificate)] = await RowsAsync(db.Certificates),
            [typeof(ExtraAttemptGrant)] = await RowsAsync(db.ExtraAttemptGrants),
            [typeof(RequiredCourse)] = await RowsAsync(db.RequiredCourses),
            [typeof(Observation)] = await RowsAsync(db.Observations),
            [typeof(ObservationRating)] = await RowsAsync(db.ObservationRatings),
            [typeof(PulsePeriod)] = await RowsAsync(db.PulsePeriods),
            [typeof(PulseResponse)] = await RowsAsync(db.PulseResponses),
            [typeof(PulseParticipation)] = await RowsAsync(db.PulseParticipations),
        };
        return new DatabaseState(rows);
    }

    public IReadOnlyList<T> Rows<T>() => _rows[typeof(T)].Cast<T>().ToList();

    /// <summary>Fails, naming the rows that differ, unless every table (but those in <paramref name="except"/>) is as it was.</summary>
    public static void AssertUnchanged(DatabaseState before, DatabaseState after, params Type[] except)
    {
        var report = new StringBuilder();
        foreach (var table in Tables.Except(except))
        {
            Compare(table.Name, before._rows[table].Select(r => Describe(r)), after._rows[table].Select(r => Describe(r)), report);
        }

        Assert.True(report.Length == 0, "The database changed:" + Environment.NewLine + report);
    }

    /// <summary>Fails unless the rows of <typeparamref name="T"/> that <paramref name="filter"/> selects are as they were.</summary>
    /// <param name="without">Columns not compared, such as the ids of rows a use case rightly deletes and writes again.</param>
    public static void AssertUnchanged<T>(DatabaseState before, DatabaseState after, Func<T, bool> filter, params string[] without)
    {
        var report = new StringBuilder();
        Compare(typeof(T).Name, before.Rows<T>().Where(filter).Select(r => Describe(r!, without)), after.Rows<T>().Where(filter).Select(r => Describe(r!, without)), report);
        Assert.True(report.Length == 0, "The database changed:" + Environment.NewLine + report);
    }

    public static void Compare(string table, IEnumerable<string> expectedRows, IEnumerable<string> actualRows, StringBuilder report)
    {
        var expected = expectedRows.Order(StringComparer.Ordinal).ToList();
        var actual = actualRows.Order(StringComparer.Ordinal).ToList();
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var gone = expected.Except(actual).ToList();
        var added = actual.Except(expected).ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"{table}: {expected.Count} row(s) before, {actual.Count} after; {gone.Count} gone or changed, {added.Count} new or changed");
        foreach (var row in gone.Take(5))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  - {row}");
        }

        foreach (var row in added.Take(5))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  + {row}");
        }
    }

    /// <summary>Every scalar column of an entity, by name, invariantly formatted.</summary>
    public static string Describe(object entity, params string[] without) =>
        string.Join(" | ", entity.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => IsScalar(p.PropertyType) && !without.Contains(p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Format(p.GetValue(entity))}"));

    private static async Task<List<object>> RowsAsync<T>(IQueryable<T> query) where T : class =>
        (await query.AsNoTracking().ToListAsync()).Cast<object>().ToList();

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(DateTime) || type == typeof(DateOnly)
            || type == typeof(DateTimeOffset) || type == typeof(decimal) || type == typeof(Guid);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTime at => at.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

public static class RequiredCourseTable
{
    /// <summary>
    /// The upkeep the use cases did by hand must equal what a full rebuild from assignments, staff, progress and the
    /// late starts gives. Rebuilds inside a transaction that is rolled back, so the table is left as found.
    /// </summary>
    public static async Task AssertInStepAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var kept = await RowsAsync(db);
        await scope.ServiceProvider.GetRequiredService<RequiredCourseSync>().RebuildAsync(null, CancellationToken.None);
        var rebuilt = await RowsAsync(db);
        await transaction.RollbackAsync();

        var report = new StringBuilder();
        DatabaseState.Compare("RequiredCourses and LateStarts (kept, then as rebuilt)", kept, rebuilt, report);
        Assert.True(report.Length == 0, "RequiredCourses is out of step with a full rebuild:" + Environment.NewLine + report);
    }

    public static List<RequiredCourse> Of(IServiceProvider services, string userId) =>
        TestData.Query(services, db => db.RequiredCourses.AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.CourseSlug).ToList());

    public static RequiredCourse? Of(IServiceProvider services, string userId, string slug) =>
        TestData.Query(services, db => db.RequiredCourses.AsNoTracking().SingleOrDefault(r => r.UserId == userId && r.CourseSlug == slug));

    public static HashSet<string> UsersRequired(IServiceProvider services, string slug) =>
        TestData.Query(services, db => db.RequiredCourses.Where(r => r.CourseSlug == slug).Select(r => r.UserId).ToHashSet());

    /// <summary>The rows, and the late starts the rebuild keeps beside them (a full rebuild must keep every one).</summary>
    private static async Task<List<string>> RowsAsync(PortalDbContext db) =>
        [.. (await db.RequiredCourses.AsNoTracking().ToListAsync()).Select(r => DatabaseState.Describe(r, nameof(RequiredCourse.Id))),
         .. (await db.LateStarts.AsNoTracking().ToListAsync()).Select(s => DatabaseState.Describe(s))];
}
