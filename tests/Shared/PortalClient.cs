using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TrainingPortal.Tests;

/// <summary>A person with a browser, minus the browser: reads pages with AngleSharp and submits their real forms.</summary>
public sealed class PortalClient
{
    public const string DemoPassword = "Train#2026";

    private readonly IBrowsingContext _parser = BrowsingContext.New(Configuration.Default);

    public PortalClient(WebApplicationFactory<Program> factory)
        : this(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }))
    {
    }

    /// <param name="http">A client of the caller's making: one whose cookies another instance's client shares, say.</param>
    public PortalClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public static async Task<PortalClient> SignedInAsync(WebApplicationFactory<Program> factory, string email, string password = DemoPassword)
    {
        var client = new PortalClient(factory);
        var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var page = await GetPageAsync("/Identity/Account/Login");
        return await SubmitAsync(page, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public async Task<IHtmlDocument> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");
        return await ParseAsync(response);
    }

    public async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = await _parser.OpenAsync(r => r.Content(html).Address(response.RequestMessage!.RequestUri!));
        return (IHtmlDocument)document;
    }

    /// <summary>Posts a form on the page with its own fields (antiforgery token included), overriding some values.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string formSelector, IReadOnlyDictionary<string, string> values, IEnumerable<KeyValuePair<string, string>>? extraFields = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}");
        var fields = FormFields(form).Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values);
        if (extraFields is not null)
        {
            fields.AddRange(extraFields);
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        return await Http.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            response = await Http.GetAsync(response.Headers.Location);
        }

        return response;
    }

    /// <summary>The fields a browser would send: hidden inputs and pre-filled values, checked boxes and radios only.</summary>
    public static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
            {
                continue;
            }

            if (input.Type is "submit" or "button")
            {
                continue;
            }

            fields.Add(new(input.Name!, input.Value));
        }

        foreach (var select in form.QuerySelectorAll<IHtmlSelectElement>("select[name]"))
        {
            fields.Add(new(select.Name!, select.Value ?? ""));
        }

        return fields;
    }

    public static string Text(IElement? element) => element?.TextContent.Trim() ?? "";
}
