using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Data.Sqlite;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>
/// Runs the portal as a real process, fires quiz submissions at it, kills it mid-flight, and then reads the
/// database: no attempt may be half-written and no certificate may exist without its completion.
/// </summary>
public partial class CrashTests
{
    private static readonly string[] Courses = ["customers-at-the-centre", "customer-communication", "working-in-the-new-organisation", "customer-information-and-segmentation"];
    private static readonly string[] Learners = ["employee@demo.bank", "manager@demo.bank", "hr@demo.bank", "exec@demo.bank", "admin@demo.bank"];

    // Half the attempts answer from the real key, so the kill also lands on passes that write a completion and a certificate.
    private static readonly TrainingPortal.Core.Content.CourseCatalog Catalog = TrainingPortal.Core.Content.ContentLoader.LoadOrThrow(FindContent());

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
        var port = FreePort();
        var app = Start(database, port);
        try
        {
            var baseUrl = $"http://127.0.0.1:{port}";
            await WaitForHealthAsync(baseUrl);
            var clients = new List<HttpClient>();
            foreach (var email in Learners)
            {
                var client = NewClient(baseUrl);
                await SignInAsync(client, email);
                foreach (var course in Courses)
                {
                    await FinishLessonsAsync(client, course);
                }

                clients.Add(client);
            }

            using var stop = new CancellationTokenSource();
            var submitted = 0;
            var load = clients.Select(client => Task.Run(async () =>
            {
                var random = new Random();
                while (!stop.IsCancellationRequested)
                {
                    foreach (var course in Courses)
                    {
                        try
                        {
                            if (await StartAndSubmitAsync(client, course, random, stop.Token))
                            {
                                Interlocked.Increment(ref submitted);
                            }
                        }
                        catch (Exception) when (stop.IsCancellationRequested || !IsRunning(app))
                        {
                            return;
                        }
                    }
                }
            })).ToList();

            var deadline = Stopwatch.StartNew();
            while (Volatile.Read(ref submitted) < 8 && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            app.Kill(entireProcessTree: true); // mid-flight: other submissions are on the wire now
            await app.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(load.Select(t => t.ContinueWith(_ => { })));

            Assert.True(submitted >= 8, $"only {submitted} submissions completed before the kill");
            await using var db = new SqliteConnection($"Data Source={database}");
            await db.OpenAsync();
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts WHERE SubmittedAtUtc IS NOT NULL AND (AnswersJson IS NULL OR ScorePercent IS NULL OR Passed IS NULL)"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts WHERE SubmittedAtUtc IS NULL AND (AnswersJson IS NOT NULL OR ScorePercent IS NOT NULL)"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts a WHERE a.Passed = 1 AND NOT EXISTS (SELECT 1 FROM CourseCompletions c WHERE c.QuizAttemptId = a.Id)"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM CourseCompletions c WHERE NOT EXISTS (SELECT 1 FROM Certificates x WHERE x.CourseCompletionId = c.Id)"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM Certificates x WHERE NOT EXISTS (SELECT 1 FROM CourseCompletions c WHERE c.Id = x.CourseCompletionId)"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM Certificates WHERE Serial NOT LIKE 'TP-%'"));
            Assert.True(await ScalarAsync(db, "SELECT COUNT(*) FROM QuizAttempts WHERE SubmittedAtUtc IS NOT NULL") >= 8);
            Assert.True(await ScalarAsync(db, "SELECT COUNT(*) FROM Certificates c JOIN AspNetUsers u ON u.Id = c.UserId WHERE c.IssuedAtUtc > datetime('now', '-1 hour')") > 0, "no pass was recorded before the kill");
        }
        finally
        {
            if (IsRunning(app))
            {
                app.Kill(entireProcessTree: true);
            }

            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    private static Process Start(string database, int port)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TrainingPortal.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Portal"] = $"Data Source={database}";
        info.Environment["RateLimits__SignInPerMinute"] = "1000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static bool IsRunning(Process process)
    {
        try
        {
            return !process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForHealthAsync(string baseUrl)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the portal did not start within a minute");
    }

    private static HttpClient NewClient(string baseUrl) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task SignInAsync(HttpClient client, string email)
    {
        var page = await client.GetStringAsync("/Identity/Account/Login");
        var response = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = "Train#2026", ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task FinishLessonsAsync(HttpClient client, string course)
    {
        for (var i = 0; i < 10; i++)
        {
            var page = await client.GetStringAsync($"/courses/{course}");
            var next = ContinueLink().Match(page);
            if (!next.Success)
            {
                return;
            }

            var lesson = await client.GetStringAsync(next.Groups[1].Value);
            await client.PostAsync(next.Groups[1].Value + "?handler=Complete", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(lesson) }));
        }
    }

    private static async Task<bool> StartAndSubmitAsync(HttpClient client, string course, Random random, CancellationToken cancellationToken)
    {
        var quiz = await client.GetStringAsync($"/courses/{course}/quiz", cancellationToken);
        if (quiz.Contains("handler=Start", StringComparison.Ordinal))
        {
            await client.PostAsync($"/courses/{course}/quiz?handler=Start", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(quiz) }), cancellationToken);
            quiz = await client.GetStringAsync($"/courses/{course}/quiz", cancellationToken);
        }

        if (!quiz.Contains("handler=Submit", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", Token(quiz)), new("attemptId", AttemptId().Match(quiz).Groups[1].Value) };
        var answerRight = random.Next(2) == 0;
        foreach (var group in AnswerInput().Matches(quiz).GroupBy(m => HttpUtility.HtmlDecode(m.Groups[1].Value)))
        {
            if (answerRight)
            {
                fields.AddRange(Catalog.Find(course)!.FindQuestion(group.Key[2..])!.CorrectOptionIds.Select(id => new KeyValuePair<string, string>(group.Key, id)));
                continue;
            }

            var options = group.ToList();
            fields.Add(new(group.Key, HttpUtility.HtmlDecode(options[random.Next(options.Count)].Groups[2].Value)));
        }

        var response = await client.PostAsync($"/courses/{course}/quiz?handler=Submit", new FormUrlEncodedContent(fields), cancellationToken);
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Token(string page) => TokenField().Matches(page).Select(m => m.Groups[1].Value).Last();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("class=\"btn btn-primary\" href=\"(/courses/[^\"/]+/[^\"/]+)\">(?:Start the course|Continue where you left off)")]
    private static partial Regex ContinueLink();

    [GeneratedRegex("name=\"attemptId\" value=\"(\\d+)\"")]
    private static partial Regex AttemptId();

    [GeneratedRegex("type=\"(?:radio|checkbox)\" name=\"([^\"]+)\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex AnswerInput();
}
