using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Web;

namespace TrainingPortal.Benchmarks;

/// <summary>
/// <c>load --url http://127.0.0.1:5000 --connections 64 --seconds 30</c>: a mixed load from real forms against a
/// running portal on loopback. The admin creates one account per connection through the accounts page, each
/// account sets its password through its link, then every connection loops over course pages, lesson pages,
/// "mark as complete" and quiz starts and submissions until the time is up. Prints counts by status and
/// latency percentiles, and exits 1 on any 5xx. Bounded in time and in count: it stops by itself.
/// </summary>
public static partial class LoadRun
{
    private static readonly string[] Courses = ["customers-at-the-centre", "customer-communication", "working-in-the-new-organisation", "customer-information-and-segmentation"];

    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = Option(args, "--url") ?? "http://127.0.0.1:5000";
        var connections = int.Parse(Option(args, "--connections") ?? "64", System.Globalization.CultureInfo.InvariantCulture);
        var seconds = int.Parse(Option(args, "--seconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture);
        var password = Option(args, "--admin-password") ?? "Train#2026";
        var mailDirectory = Option(args, "--mail-dir") ?? Path.Combine("src", "TrainingPortal.Web", "App_Data", "mail");

        Console.WriteLine($"Preparing {connections} learner accounts through the admin pages of {baseUrl} …");
        var admin = NewClient(baseUrl);
        await SignInAsync(admin, "admin@demo.bank", password);
        var run = Guid.NewGuid().ToString("N")[..6];
        var learners = new List<HttpClient>();
        for (var i = 0; i < connections; i++)
        {
            var email = $"load-{run}-{i}@demo.bank";
            var form = await admin.GetStringAsync("/admin/users/new");
            var branch = BranchOption().Match(form).Groups[1].Value;
            var created = await PostAsync(admin, "/admin/users/new", form, new()
            {
                ["Input.EmployeeNumber"] = $"L{run}{i:000}", ["Input.DisplayName"] = $"Load Learner {i}", ["Input.Email"] = email,
                ["Input.JobTitle"] = "Teller", ["Input.HireDate"] = "2025-01-06", ["Input.BranchId"] = branch, ["Input.Role"] = "Employee",
            });
            if (created.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"creating {email} failed: {(int)created.StatusCode}");
            }

            // The invitation reaches the person, not the admin: in Development without SMTP it is an .eml file.
            var link = await InvitationLinkAsync(mailDirectory, email);
            var learner = NewClient(baseUrl);
            var setPath = new Uri(link).PathAndQuery;
            var setForm = await learner.GetStringAsync(setPath);
            var set = await PostAsync(learner, setPath, setForm, new() { ["Input.Password"] = "quiet river lantern 9", ["Input.ConfirmPassword"] = "quiet river lantern 9" });
            if (set.StatusCode != HttpStatusCode.Redirect)
            {
                var errors = string.Join("; ", Regex.Matches(await set.Content.ReadAsStringAsync(), "<li>([^<]+)</li>").Select(m => m.Groups[1].Value));
                throw new InvalidOperationException($"setting the password of {email} failed: {(int)set.StatusCode} {errors}");
            }

            await SignInAsync(learner, email, "quiet river lantern 9");
            learners.Add(learner);
        }

        Console.WriteLine($"Running {connections} connections for {seconds} s …");
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var stopAt = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(learners.Select((client, i) => Task.Run(() => LearnAsync(client, i, stopAt, until, latencies, statuses))));

        var total = statuses.Values.Sum();
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine($"{total} requests in {stopAt.Elapsed.TotalSeconds:0.0} s: {total / stopAt.Elapsed.TotalSeconds:0} req/s");
        Console.WriteLine("by status: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Console.WriteLine($"latency ms: p50 {Percentile(0.5):0.0}, p90 {Percentile(0.9):0.0}, p99 {Percentile(0.99):0.0}, max {sorted.LastOrDefault():0.0}");
        var serverErrors = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
        Console.WriteLine(serverErrors == 0 ? "no 5xx responses" : $"{serverErrors} 5xx responses");
        return serverErrors == 0 ? 0 : 1;
    }

    private static async Task LearnAsync(HttpClient client, int index, Stopwatch clock, TimeSpan until, ConcurrentBag<double> latencies, ConcurrentDictionary<int, int> statuses)
    {
        var random = new Random(index);
        async Task<(HttpResponseMessage Response, string Body)> Timed(Func<Task<HttpResponseMessage>> send)
        {
            var watch = Stopwatch.StartNew();
            var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            return (response, body);
        }

        while (clock.Elapsed < until)
        {
            var course = Courses[random.Next(Courses.Length)];
            var (_, coursePage) = await Timed(() => client.GetAsync($"/courses/{course}"));
            var next = ContinueLink().Match(coursePage);
            if (next.Success)
            {
                var lesson = next.Groups[1].Value;
                var (_, lessonPage) = await Timed(() => client.GetAsync(lesson));
                if (Token(lessonPage) is { } token && lessonPage.Contains("handler=Complete", StringComparison.Ordinal))
                {
                    await Timed(() => client.PostAsync(lesson + "?handler=Complete", Form(token)));
                }

                continue;
            }

            var (_, quiz) = await Timed(() => client.GetAsync($"/courses/{course}/quiz"));
            if (quiz.Contains("handler=Start", StringComparison.Ordinal) && Token(quiz) is { } startToken)
            {
                await Timed(() => client.PostAsync($"/courses/{course}/quiz?handler=Start", Form(startToken)));
                (_, quiz) = await Timed(() => client.GetAsync($"/courses/{course}/quiz"));
            }

            if (quiz.Contains("handler=Submit", StringComparison.Ordinal) && Token(quiz) is { } submitToken)
            {
                var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", submitToken), new("attemptId", AttemptId().Match(quiz).Groups[1].Value) };
                foreach (var group in AnswerInput().Matches(quiz).GroupBy(m => m.Groups[2].Value))
                {
                    var options = group.ToList();
                    var chosen = options[random.Next(options.Count)];
                    fields.Add(new(HttpUtility.HtmlDecode(chosen.Groups[2].Value), HttpUtility.HtmlDecode(chosen.Groups[3].Value)));
                }

                var content = new FormUrlEncodedContent(fields);
                await Timed(() => client.PostAsync($"/courses/{course}/quiz?handler=Submit", content));
            }
        }
    }

    private static HttpClient NewClient(string baseUrl) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    private static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Identity/Account/Login");
        var response = await PostAsync(client, "/Identity/Account/Login", page, new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in as {email} failed: {(int)response.StatusCode}");
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string page, Dictionary<string, string> values)
    {
        values["__RequestVerificationToken"] = Token(page) ?? throw new InvalidOperationException($"no form token on {path}");
        return client.PostAsync(path, new FormUrlEncodedContent(values));
    }

    private static FormUrlEncodedContent Form(string token) => new([new("__RequestVerificationToken", token)]);

    private static string? Token(string page) => TokenField().Matches(page).Select(m => m.Groups[1].Value).LastOrDefault();

    /// <summary>Waits (up to a minute: delivery runs every few seconds) for the invitation mailed to the address.</summary>
    private static async Task<string> InvitationLinkAsync(string mailDirectory, string email)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (Directory.Exists(mailDirectory))
            {
                foreach (var file in Directory.EnumerateFiles(mailDirectory, "*.eml"))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => m.Address == email) && SetPasswordLink().Match(message.TextBody ?? "") is { Success: true } match)
                    {
                        return match.Value;
                    }
                }
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"no invitation for {email} in {Path.GetFullPath(mailDirectory)}: run the portal in Development without Email:Smtp:Host, and pass --mail-dir if it writes elsewhere");
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<option value=\"(\\d+)\">")]
    private static partial Regex BranchOption();

    [GeneratedRegex(@"https?://\S+/account/set-password\?\S+")]
    private static partial Regex SetPasswordLink();

    [GeneratedRegex("class=\"btn btn-primary\" href=\"(/courses/[^\"/]+/[^\"/]+)\">(?:Start the course|Continue where you left off)")]
    private static partial Regex ContinueLink();

    [GeneratedRegex("name=\"attemptId\" value=\"(\\d+)\"")]
    private static partial Regex AttemptId();

    [GeneratedRegex("<input class=\"form-check-input\" type=\"(radio|checkbox)\" name=\"([^\"]+)\" id=\"[^\"]+\" value=\"([^\"]+)\"")]
    private static partial Regex AnswerInput();
}
