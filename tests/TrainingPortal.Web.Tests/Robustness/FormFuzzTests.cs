using System.Net;
using AngleSharp.Dom;
using System.Text;
using AngleSharp.Html.Dom;
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
public class FormFuzzTests(PortalFactory factory, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
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
                foreach (var form in page.QuerySelectorAll<IHtmlFormElement>("form").Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
                {
                    var target = Target(page, form);
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

                            var freshForm = freshPage.QuerySelectorAll<IHtmlFormElement>("form").FirstOrDefault(f => Target(freshPage, f) == target);
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
                            var what = $"{who} POST {target} {field} = {valueName}";
                            if ((int)answer.StatusCode >= 500)
                            {
                                failures.Add($"{what}: {(int)answer.StatusCode}");
                                continue;
                            }

                            if (body.Contains(Script, StringComparison.Ordinal))
                            {
                                failures.Add($"{what}: the script came back unencoded");
                            }

                            var wrote = await DataVersionAsync(watcher) != versionBefore;
                            postsThatWrote += wrote ? 1 : 0;
                            if (wrote || (int)answer.StatusCode is >= 300 and < 400)
                            {
                                freshPage = null;
                            }

                            if (wrote && Refused(answer, body))
                            {
                                failures.Add($"{what}: refused ({(int)answer.StatusCode}) yet the database changed");
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

    private async Task<PortalClient> ClientForAsync(Who who) =>
        who == Who.Anonymous ? new PortalClient(factory) : await PortalClient.SignedInAsync(factory, Emails[who]);

    private static string Target(IHtmlDocument page, IHtmlFormElement form)
    {
        var action = form.GetAttribute("action");
        return string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
    }

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
