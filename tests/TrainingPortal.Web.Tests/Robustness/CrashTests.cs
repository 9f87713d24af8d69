using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using TrainingPortal.Core.Content;
using TrainingPortal.Web.Pages.Quizzes;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>
/// Runs the portal as a real process, fires quiz submissions at it, kills it mid-flight, and then reads the
/// database: no attempt may be half-written and no certificate may exist without its completion.
/// Nothing here depends on timing or chance: the test waits for signals (the app's "Now listening on" line,
/// then enough acknowledged submissions including a pass), the learners' randomness is seeded, and every
/// learner answers each quiz wrongly first and from the answer key second, so passes always happen.
/// </summary>
public partial class CrashTests(ITestOutputHelper output)
{
    private const int SubmissionsBeforeKill = 8;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] Courses = ["customers-at-the-centre", "customer-communication", "working-in-the-new-organisation", "customer-information-and-segmentation"];
    private static readonly string[] Learners = ["employee@demo.bank", "manager@demo.bank", "hr@demo.bank", "exec@demo.bank", "admin@demo.bank"];

    // Right answers come from the real key, so the kill also lands on passes that write a completion and a certificate.
    private static readonly CourseCatalog Catalog = ContentLoader.LoadOrThrow(FindContent());

    private static string FindContent()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "content", "courses")))
            {
                return Path.Combine(dir.FullName, "content");
            }
        }

        throw new DirectoryNotFoundException("content/");
    }

    [Fact]
    public async Task Killing_the_app_during_quiz_submissions_leaves_no_half_written_attempt_or_orphan_certificate()
    {
        var database = Path.Combine(Path.GetTempPath(), $"tp-crash-{Guid.NewGuid():N}.db");
        using var app = PortalProcess.Start(database);
        try
        {
            // The app migrates and seeds before Kestrel listens: once it listens, everything in the database is seed data.
            var clock = Stopwatch.StartNew();
            var baseUrl = await app.ListeningAsync(StartTimeout);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the portal listens on {baseUrl}");
            long lastSeededAttempt, lastSeededCertificate;
            await using (var db = await OpenAsync(database))
            {
                lastSeededAttempt = await ScalarAsync(db, "SELECT COALESCE(MAX(Id), 0) FROM QuizAttempts");
                lastSeededCertificate = await ScalarAsync(db, "SELECT COALESCE(MAX(Id), 0) FROM Certificates");
            }

            var learners = new List<Learner>();
            for (var i = 0; i < Learners.Length; i++)
            {
                var learner = new Learner(baseUrl, Learners[i], new Random(1000 + i), database);
                await learner.SignInAsync();
                foreach (var course in Courses)
                {
                    await learner.FinishLessonsAsync(course);
                }

                learners.Add(learner);
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {learners.Count} learners signed in and finished their lessons");
            var run = new LoadRun(SubmissionsBeforeKill, learners.Count);
            var load = learners.Select(learner => Task.Run(() => learner.SubmitUntilKilledAsync(run))).ToList();
            try
            {
                await run.Reached.WaitAsync(LoadTimeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"Within {LoadTimeout.TotalMinutes:0} minutes the learners made only {run.Describe()}; the test waits for {SubmissionsBeforeKill} submissions including a pass.");
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killing the portal after {run.Describe()}");
            run.Kill();
            app.Kill(); // mid-flight: the other learners' submissions are on the wire now
            await app.WaitForExitAsync();
            await Task.WhenAll(load); // each learner stops at its first failed request; none throws

            var (submitted, passed) = run.Counts;
            await using (var db = await OpenAsync(database))
            {
                // Integrity: every attempt is either untouched or fully submitted, and passes, completions and certificates come together.
                Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts WHERE SubmittedAtUtc IS NOT NULL AND (AnswersJson IS NULL OR ScorePercent IS NULL OR Passed IS NULL)"));
                Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts WHERE SubmittedAtUtc IS NULL AND (AnswersJson IS NOT NULL OR ScorePercent IS NOT NULL)"));
                Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts a WHERE a.Passed = 1 AND NOT EXISTS (SELECT 1 FROM CourseCompletions c WHERE c.QuizAttemptId = a.Id)"));
                Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM CourseCompletions c WHERE NOT EXISTS (SELECT 1 FROM Certificates x WHERE x.CourseCompletionId = c.Id)"));
                Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM Certificates x WHERE NOT EXISTS (SELECT 1 FROM CourseCompletions c WHERE c.Id = x.CourseCompletionId)"));
                Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM Certificates WHERE Serial NOT LIKE 'TP-%'"));

                // Durability: what the app acknowledged before the kill (a redirect to the result page) survived it.
                // The signal guarantees submitted >= 8 and passed >= 1, so certificates were issued during the run.
                var submittedInRun = await ScalarAsync(db, $"SELECT COUNT(*) FROM QuizAttempts WHERE Id > {lastSeededAttempt} AND SubmittedAtUtc IS NOT NULL");
                Assert.True(submittedInRun >= submitted, $"{submitted} submissions were acknowledged before the kill but the database holds {submittedInRun}");
                var certificatesInRun = await ScalarAsync(db, $"SELECT COUNT(*) FROM Certificates WHERE Id > {lastSeededCertificate}");
                output.WriteLine($"after the kill: {submitted} submissions acknowledged ({passed} passed); the database holds {submittedInRun} submitted attempts and {certificatesInRun} certificates from this run");
                Assert.True(certificatesInRun >= passed, $"{passed} passes were shown before the kill but the database holds {certificatesInRun} new certificates");
            }
        }
        finally
        {
            app.Kill();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var db = new SqliteConnection($"Data Source={database};Pooling=False");
        await db.OpenAsync();
        return db;
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Counts acknowledged submissions and passes, and signals once the kill may come.</summary>
    private sealed class LoadRun(int submissionsWanted, int learners)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _submitted;
        private int _passed;
        private int _running = learners;
        private volatile bool _killed;

        public Task Reached => _reached.Task;

        public bool Killed => _killed;

        public (int Submitted, int Passed) Counts => (Volatile.Read(ref _submitted), Volatile.Read(ref _passed));

        public void Submitted()
        {
            Interlocked.Increment(ref _submitted);
            Check();
        }

        public void Passed()
        {
            Interlocked.Increment(ref _passed);
            Check();
        }

        public void Kill() => _killed = true;

        public void Failed(string learner, Exception error) =>
            _reached.TrySetException(new InvalidOperationException($"{learner} failed before the kill, after {Describe()}: {error.Message}", error));

        public void LearnerFinished()
        {
            if (Interlocked.Decrement(ref _running) == 0)
            {
                _reached.TrySetException(new InvalidOperationException($"Every learner ran out of quizzes to take after {Describe()}."));
            }
        }

        public string Describe() => $"{Volatile.Read(ref _submitted)} acknowledged submissions ({Volatile.Read(ref _passed)} passed)";

        private void Check()
        {
            if (Volatile.Read(ref _submitted) >= submissionsWanted && Volatile.Read(ref _passed) > 0)
            {
                _reached.TrySetResult();
            }
        }
    }

    /// <summary>One signed-in learner reading real pages with AngleSharp and posting their real forms.</summary>
    /// <param name="database">Read for the paper of each attempt: the form sends places, and a learner who knows the
    /// answers still has to find where the paper put them.</param>
    private sealed class Learner(Uri baseUrl, string email, Random random, string database)
    {
        private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

        private readonly HtmlParser _parser = new();
        private readonly Dictionary<string, int> _attempts = [];

        private async Task<TrainingPortal.Core.Quizzes.QuizPaper> PaperAsync(long attemptId)
        {
            await using var db = await OpenAsync(database);
            await using var command = db.CreateCommand();
            command.CommandText = $"SELECT PaperJson FROM QuizAttempts WHERE Id = {attemptId}";
            return TrainingPortal.Core.Quizzes.QuizPaper.FromJson((string)(await command.ExecuteScalarAsync())!);
        }

        public async Task SignInAsync()
        {
            var (url, page) = await GetPageAsync("/Identity/Account/Login");
            var form = page.QuerySelector<IHtmlFormElement>("main form[method=post]") ?? throw new InvalidOperationException("No sign-in form");
            var fields = FormFields(form).Where(f => f.Key is not ("Input.Email" or "Input.Password")).ToList();
            fields.Add(new("Input.Email", email));
            fields.Add(new("Input.Password", TrainingPortal.Web.Seeding.DemoSeeder.DemoPassword));
            var response = await PostAsync(url, form, fields);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email} could not sign in: {(int)response.StatusCode}");
        }

        /// <summary>Follows the course page's "Start the course" / "Continue where you left off" button until every lesson is done.</summary>
        public async Task FinishLessonsAsync(string course)
        {
            var lessons = Catalog.Find(course)!.Lessons.Count;
            for (var i = 0; i <= lessons; i++)
            {
                var (_, page) = await GetPageAsync($"/courses/{course}");
                var next = page.QuerySelectorAll<IHtmlAnchorElement>("a[href]")
                    .FirstOrDefault(a => PortalText(a) is "Start the course" or "Continue where you left off");
                if (next is null)
                {
                    return;
                }

                var (lessonUrl, lesson) = await GetPageAsync(next.GetAttribute("href")!);
                var complete = FormPostingTo(lesson, "Complete") ?? throw new InvalidOperationException($"No 'mark as complete' form on {lessonUrl}");
                var response = await PostAsync(lessonUrl, complete, FormFields(complete));
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email} could not complete {lessonUrl}: {(int)response.StatusCode}");
            }

            Assert.Fail($"{email} still has lessons of {course} to do after completing {lessons}");
        }

        public async Task SubmitUntilKilledAsync(LoadRun run)
        {
            try
            {
                var submittedThisRound = true;
                while (submittedThisRound && !run.Killed)
                {
                    submittedThisRound = false;
                    foreach (var course in Courses)
                    {
                        submittedThisRound |= await TakeQuizAsync(course, run);
                    }
                }
            }
            catch (Exception) when (run.Killed)
            {
                // the portal is gone: requests on the wire fail
            }
            catch (Exception e)
            {
                run.Failed(email, e);
            }
            finally
            {
                run.LearnerFinished();
            }
        }

        /// <summary>Starts an attempt if the quiz allows one and submits it: wrong on odd attempts, right on even ones.</summary>
        private async Task<bool> TakeQuizAsync(string course, LoadRun run)
        {
            var (quizUrl, quiz) = await GetPageAsync($"/courses/{course}/quiz");
            if (FormPostingTo(quiz, "Start") is { } start)
            {
                var started = await PostAsync(quizUrl, start, FormFields(start));
                Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{email} could not start the {course} quiz: {(int)started.StatusCode}");
                (quizUrl, quiz) = await GetPageAsync($"/courses/{course}/quiz");
            }

            if (FormPostingTo(quiz, "Submit") is not { } submit)
            {
                return false; // passed already, or no attempts left
            }

            var attempt = _attempts[course] = _attempts.GetValueOrDefault(course) + 1;
            var answerRight = attempt % 2 == 0;
            var questions = Catalog.Find(course)!;
            var fields = FormFields(submit).Where(f => !f.Key.StartsWith(QuizModel.AnswerPrefix, StringComparison.Ordinal)).ToList();
            var paper = await PaperAsync(long.Parse(submit.QuerySelector<IHtmlInputElement>("input[name=attemptId]")!.Value, System.Globalization.CultureInfo.InvariantCulture));
            var choices = submit.QuerySelectorAll<IHtmlInputElement>("input[name]").Where(i => i.Type is "radio" or "checkbox");
            foreach (var question in choices.GroupBy(i => i.Name!))
            {
                var questionId = TrainingPortal.Tests.QuizDriver.QuestionIdOf(paper, question.Key);
                var order = paper.Questions.Single(q => q.QuestionId == questionId).OptionOrder.ToList();
                var correct = questions.FindQuestion(questionId)!.CorrectOptionIds.Select(id => TrainingPortal.Core.Quizzes.QuizPaper.PlaceOf(order.IndexOf(id))).ToList();
                if (answerRight)
                {
                    fields.AddRange(correct.Select(id => new KeyValuePair<string, string>(question.Key, id)));
                    continue;
                }

                var wrong = question.Select(i => i.Value).Where(id => !correct.Contains(id)).ToList();
                fields.Add(new(question.Key, wrong[random.Next(wrong.Count)]));
            }

            var response = await PostAsync(quizUrl, submit, fields);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email}'s attempt {attempt} at {course} was not accepted: {(int)response.StatusCode}");
            run.Submitted();

            var (_, result) = await GetPageAsync(response.Headers.Location!.OriginalString);
            if (PassedHeading().IsMatch(PortalText(result.QuerySelector("h1"))))
            {
                run.Passed();
            }

            return true;
        }

        private async Task<(Uri Url, IHtmlDocument Page)> GetPageAsync(string url)
        {
            var response = await _http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email}: GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
            return (response.RequestMessage!.RequestUri!, _parser.ParseDocument(await response.Content.ReadAsStringAsync()));
        }

        private Task<HttpResponseMessage> PostAsync(Uri pageUrl, IHtmlFormElement form, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var action = form.GetAttribute("action");
            var target = string.IsNullOrEmpty(action) ? pageUrl : new Uri(pageUrl, action);
            return _http.PostAsync(target, new FormUrlEncodedContent(fields));
        }

        /// <summary>The post form whose action names the given page handler, wherever its attributes sit.</summary>
        private static IHtmlFormElement? FormPostingTo(IHtmlDocument page, string handler) =>
            page.QuerySelectorAll<IHtmlFormElement>("form").FirstOrDefault(f =>
                string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase) &&
                (f.GetAttribute("action") ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase));

        /// <summary>What a browser sends without the user touching the form: hidden and pre-filled inputs, checked boxes.</summary>
        private static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form) =>
            form.QuerySelectorAll<IHtmlInputElement>("input[name]")
                .Where(i => i.Type is not ("submit" or "button") && (i.Type is not ("checkbox" or "radio") || i.IsChecked))
                .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
                .ToList();

        private static string PortalText(IElement? element) => Whitespace().Replace(element?.TextContent ?? "", " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The result page's heading: "Attempt 2: passed" (a fail reads "Attempt 1: not passed").</summary>
    [GeneratedRegex(@":\s*passed$")]
    private static partial Regex PassedHeading();
}
