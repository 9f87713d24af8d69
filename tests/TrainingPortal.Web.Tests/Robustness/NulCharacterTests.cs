using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Robustness;

/// <summary>
/// A NUL character in an address, a filter or a form is refused with 400 and changes nothing. PostgreSQL refuses NUL in
/// any text value, so before the refusal each of these answered 500 there; the class runs on PostgreSQL too.
/// </summary>
public class NulCharacterTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("hr@demo.bank", "/reports/completion?q=%00")]
    [InlineData("hr@demo.bank", "/reports/completion?course=a%00b")]
    [InlineData("hr@demo.bank", "/reports/completion?branchcode=%00")]
    [InlineData("hr@demo.bank", "/hr/audit?actor=a%00")]
    [InlineData("admin@demo.bank", "/admin/users?q=%00")]
    [InlineData("manager@demo.bank", "/branch?q=%00")]
    public async Task A_filter_holding_nul_is_refused_with_400(string email, string url)
    {
        var client = await PortalClient.SignedInAsync(factory, email);

        var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be accepted", PortalClient.Text((await client.ParseAsync(response)).QuerySelector("h1")));
    }

    [Fact]
    public async Task A_name_holding_nul_is_refused_and_the_account_is_unchanged()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Nul Target");
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var page = await admin.GetPageAsync($"/admin/users/{person.Id}/edit");

        var refused = await admin.SubmitAsync(page, "[data-testid=edit-account]", new Dictionary<string, string> { ["Input.DisplayName"] = "Nul\0Target" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("could not be accepted", PortalClient.Text((await admin.ParseAsync(refused)).QuerySelector("h1"))); // the portal's page, not the browser's
        Assert.Equal("Nul Target", TestData.Query(factory.Services, db => db.Users.Single(u => u.Id == person.Id).DisplayName));
        Assert.False(TestData.Query(factory.Services, db => db.AuditEntries.Any(a => a.TargetId == person.Id && a.Action == "account.changed")));
    }

    [Fact]
    public async Task A_staff_file_whose_name_holds_nul_is_refused_and_nothing_is_imported()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/import");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in PortalClient.FormFields(form).Where(f => f.Key == "__RequestVerificationToken"))
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("employee_number,name,email,branch_code,job_title,hire_date\n"));
        file.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = "staff\0.csv" };
        content.Add(file);
        var importsBefore = TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "staff.import-applied"));

        var refused = await hr.Http.PostAsync(form.GetAttribute("action") ?? "/hr/import", content);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(importsBefore, TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "staff.import-applied")));
    }

    [Fact]
    public async Task A_report_cursor_edited_to_hold_nul_falls_back_to_the_page_number()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var next = (await hr.GetPageAsync("/reports/completion")).QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://portal"), next).Query)["after"]!;
        var values = JsonNode.Parse(Convert.FromBase64String(Padded(token)))!.AsArray();
        var text = values.Select((v, i) => (v, i)).First(p => p.v?.GetValueKind() == JsonValueKind.String).i;
        values[text] = "a\0b";
        var edited = Convert.ToBase64String(Encoding.UTF8.GetBytes(values.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await hr.Http.GetAsync(next.Replace(token, edited, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty((await hr.ParseAsync(response)).QuerySelectorAll("[data-testid=completion-rows] tbody tr"));
    }

    private static string Padded(string token)
    {
        var padded = token.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - padded.Length % 4) % 4);
    }
}
