using System.Net;
using AngleSharp.Dom;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using TrainingPortal.Tests;
using Xunit.Abstractions;
using static TrainingPortal.Web.Tests.Security.EndpointMatrixTests;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>
/// Every form on every page each role can open, posted field by field with values no person should send. No answer may
/// be a 5xx, a value must never come back unencoded, and an answer that refuses the input must leave the database as
/// it was (read through SQLite's <c>data_version</c>, which moves whenever another connection commits).
/// </summary>
public class FormFuzzTests(FormFuzzTests.NoBackgroundWritesFactory factory, ITestOutputHelper output) : IClassFixture<FormFuzzTests.NoBackgroundWritesFactory>
{
    /// <summary>
    /// The outbox is not delivered while the fuzz runs: marking mails sent is a commit of its own, which the watcher
    /// would take for a refused post that wrote.
    /// </summary>
    public sealed class NoBackgroundWritesFactory : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Email:DeliveryInterval", "1.00:00:00");
        }
    }

    private const string Script = "<script>alert('fuzz')</script>";

    private static readonly (string Name, string? Value)[] BadValues =
    [
        ("empty", ""),
        ("missing", null),
        ("10,000 characters", new string('x', 10_000)),
        ("wrong type", "not-a-number-or-date"),
        ("overflow", "99999999999999999999999"),
        ("impossible date", "2026-02-30"),
        ("control characters", "a\u0000b\u0007c\u001bd\u007f\u202e"),
        ("script", Script),
    ];

    [Fact]
    public async Task No_form_of_any_role_answers_5xx_echoes_script_or_stores_refused_input()
    {
        await using var watcher = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await watcher.OpenAsync();

        var failures = new List<string>();
        var formsTried = new HashSet<string>();
        var posts = 0;
        var postsThatWrote = 0;
        foreach (var who in Enum.GetValues<Who>())
        {
            var client = await ClientForAsync(who);
            foreach (var pattern in AppEndpoints(factory.Services).Where(p => Access.TryGetValue(p, out var rule) && rule != Nobody))
            {
                var url = UrlFor(factory.Services, pattern);
                var response = await client.Http.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    continue;
                }

                var page = await client.ParseAsync(response);
                foreach (var (form, target) in page.QuerySelectorAll<IHtmlFormElement>("form")
                    .Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(f => Targets(page, f).Select(target => (f, target))))
                {
                    if (target.Contains("Logout", StringComparison.OrdinalIgnoreCase))
                    {
                        continue; // posting it signs the client out, by design
                    }

                    var fields = Fields(form);
                    if (!formsTried.Add($"{who} {target} {string.Join(",", fields.Select(f => f.Key).Distinct().Order())}"))
                    {
                        continue;
                    }

                    foreach (var field in fields.Select(f => f.Key).Distinct().Where(name => name != "__RequestVerificationToken"))
                    {
                        IHtmlDocument? freshPage = null;
                        foreach (var (valueName, value) in BadValues)
                        {
                            // The form as the page offers it now: read again only when an earlier post may have used
                            // or changed what it offers (it was accepted, or it signed the client out).
                            if (freshPage is null)
                            {
                                var fresh = await client.Http.GetAsync(url);
                                if (fresh.StatusCode == HttpStatusCode.Redirect && fresh.Headers.Location!.OriginalString.Contains("/Identity/Account/Login", StringComparison.Ordinal))
                                {
                                    client = await ClientForAsync(who);
                                    fresh = await client.Http.GetAsync(url);
                                }

                                freshPage = await client.ParseAsync(fresh);
                            }

                            var freshForm = freshPage.QuerySelectorAll<IHtmlFormElement>("form").FirstOrDefault(f => Targets(freshPage, f).Contains(target));
                            if (freshForm is null)
                            {
                                break; // the form is gone, e.g. the pulse once answered
                            }

                            var sent = Fields(freshForm).Where(f => f.Key != field).ToList();
                            if (value is not null)
                            {
                                sent.Add(new(field, value));
                            }

                            var versionBefore = await DataVersionAsync(watcher);
                            var answer = await client.Http.PostAsync(target, Body(freshForm, sent));
                            posts++;
                            var body = await answer.Content.ReadAsStringAsync();
                            var wrote = await DataVersionAsync(watcher) != versionBefore;
                            failures.AddRange(Faults(answer, body, wrote).Select(fault => $"{who} POST {target} {field} = {valueName}: {fault}"));
                            if ((int)answer.StatusCode >= 500)
                            {
                                continue;
                            }

                            postsThatWrote += wrote ? 1 : 0;
                            if (wrote || (int)answer.StatusCode is >= 300 and < 400)
                            {
                                freshPage = null;
                            }
                        }
                    }
                }
            }
        }

        output.WriteLine($"{formsTried.Count} forms, {posts} posts, {postsThatWrote} of them accepted and stored");
        Assert.True(formsTried.Count > 40, $"only {formsTried.Count} forms found");
        Assert.True(postsThatWrote > 0, "no post ever changed the database: the watcher is not seeing the app's commits");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct().Take(60)));
    }

    /// <summary>
    /// The forms the import shows only after a post, which the crawl above never reaches: Apply, on an upload's preview,
    /// and Invite, once an import has created people. Each bad value goes to a form from a fresh upload (a new person
    /// each time), so none is judged by what an earlier one applied.
    /// </summary>
    [Fact]
    public async Task The_import_forms_shown_after_a_post_answer_bad_input_without_5xx_or_storing_what_they_refuse()
    {
        await using var watcher = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await watcher.OpenAsync();
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Code).Select(b => b.Code).First());
        async Task<IHtmlDocument> PreviewAsync()
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            var csv = $"employee_number,name,email,branch_code,job_title,hire_date\nFZ{id},Fuzz {id},fuzz.{id}@demo.bank,{branch},Teller,2025-02-03\n";
            return await hr.ParseAsync(await Hr.ImportTests.PreviewAsync(hr, Encoding.UTF8.GetBytes(csv), null));
        }

        async Task<IHtmlDocument> AppliedAsync()
        {
            var preview = await PreviewAsync();
            return await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", Hr.ImportTests.ConfirmingNewJobTitles(preview)));
        }

        var failures = new List<string>();
        var posts = 0;
        foreach (var (step, formOn, reach) in new (string, Func<IHtmlDocument, IHtmlFormElement?>, Func<Task<IHtmlDocument>>)[]
        {
            ("Apply", page => page.QuerySelector<IHtmlFormElement>("form[data-testid=import-apply]"), PreviewAsync),
            ("Invite", page => page.QuerySelector<IHtmlFormElement>("form[data-testid=import-invite]"), AppliedAsync),
        })
        {
            var offered = formOn(await reach());
            Assert.True(offered is not null, $"no {step} form where the import should show one");
            foreach (var field in Fields(offered).Select(f => f.Key).Distinct().Where(name => name != "__RequestVerificationToken"))
            {
                foreach (var (valueName, value) in BadValues)
                {
                    var page = await reach();
                    var form = formOn(page)!;
                    var sent = Fields(form).Where(f => f.Key != field).ToList();
                    if (value is not null)
                    {
                        sent.Add(new(field, value));
                    }

                    var versionBefore = await DataVersionAsync(watcher);
                    var answer = await hr.Http.PostAsync(Target(page, form), Body(form, sent));
                    posts++;
                    var body = await answer.Content.ReadAsStringAsync();
                    var wrote = await DataVersionAsync(watcher) != versionBefore;
                    failures.AddRange(Faults(answer, body, wrote).Select(fault => $"{step} {field} = {valueName}: {fault}"));
                    output.WriteLine($"{step} {field} = {valueName}: {(int)answer.StatusCode}{(wrote ? ", stored" : "")}");
                }
            }
        }

        output.WriteLine($"{posts} posts to the import's later forms");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct()));
    }

    /// <summary>What one answer shows to be wrong: a 5xx, the script sent back unencoded, or a refusal that still wrote.</summary>
    private static IEnumerable<string> Faults(HttpResponseMessage answer, string body, bool wrote)
    {
        if ((int)answer.StatusCode >= 500)
        {
            yield return $"{(int)answer.StatusCode}";
            yield break;
        }

        if (body.Contains(Script, StringComparison.Ordinal))
        {
            yield return "the script came back unencoded";
        }

        if (wrote && Refused(answer, body))
        {
            yield return $"refused ({(int)answer.StatusCode}) yet the database changed";
        }
    }

    private async Task<PortalClient> ClientForAsync(Who who) =>
        who == Who.Anonymous ? new PortalClient(factory) : await PortalClient.SignedInAsync(factory, Emails[who]);

    private static string Target(IHtmlDocument page, IHtmlFormElement form)
    {
        var action = form.GetAttribute("action");
        return string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
    }

    /// <summary>Where the form posts, and where each of its buttons with a <c>formaction</c> of its own (a second handler, such as a preview) posts instead.</summary>
    private static IReadOnlyList<string> Targets(IHtmlDocument page, IHtmlFormElement form) =>
        [Target(page, form), .. form.QuerySelectorAll("button[formaction]").Select(b => b.GetAttribute("formaction")!).Where(a => a.Length > 0).Distinct()];

    /// <summary>Every named control, with what a browser would send for it (unchecked boxes as their value, so they are fuzzed too).</summary>
    private static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form)
    {
        var fields = PortalClient.FormFields(form);
        foreach (var box in form.QuerySelectorAll<IHtmlInputElement>("input[type=checkbox][name], input[type=radio][name]").Where(b => !b.IsChecked))
        {
            if (fields.All(f => f.Key != box.Name))
            {
                fields.Add(new(box.Name!, box.Value));
            }
        }

        fields.AddRange(form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name]").Select(t => new KeyValuePair<string, string>(t.Name!, t.Value)));
        fields.AddRange(form.QuerySelectorAll<IHtmlInputElement>("input[type=file][name]").Select(f => new KeyValuePair<string, string>(f.Name!, "")));
        if (form.QuerySelector<IHtmlButtonElement>("button[type=submit][name], button:not([type])[name]") is { } button)
        {
            fields.Add(new(button.Name!, button.Value));
        }

        return fields;
    }

    private static HttpContent Body(IHtmlFormElement form, List<KeyValuePair<string, string>> fields)
    {
        if (!string.Equals(form.Enctype, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new FormUrlEncodedContent(fields);
        }

        var files = form.QuerySelectorAll<IHtmlInputElement>("input[type=file][name]").Select(f => f.Name!).ToHashSet();
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            if (files.Contains(name))
            {
                content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(value)), name, "fuzz.csv");
            }
            else
            {
                content.Add(new StringContent(value), name);
            }
        }

        return content;
    }

    /// <summary>The page said no: a 4xx, or the form shown again with its errors.</summary>
    private static bool Refused(HttpResponseMessage answer, string body) =>
        (int)answer.StatusCode is >= 400 and < 500
        || (answer.StatusCode == HttpStatusCode.OK
            && (body.Contains("field-validation-error", StringComparison.Ordinal) || body.Contains("validation-summary-errors", StringComparison.Ordinal)));

    private static async Task<long> DataVersionAsync(SqliteConnection watcher)
    {
        await using var command = watcher.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
