using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Staff;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.Hr;

/// <summary>The import's helps and safeguards: the template and lists to fill the file in, new job titles confirmed
/// before they are applied, and a preview of what will change.</summary>
public class ImportStepsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Header = "employee_number,name,email,branch_code,job_title,hire_date";

    private static string Id() => Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private string FirstBranchCode() => TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Code).Select(b => b.Code).First());

    private Data.PortalUser? Stored(string employeeNumber) =>
        TestData.Query(factory.Services, db => db.Users.AsNoTracking().SingleOrDefault(u => u.EmployeeNumber == employeeNumber));

    /// <summary>Follows a download link on the page: a CSV with a UTF-8 byte order mark, read back as rows of cells.</summary>
    private static async Task<(HttpResponseMessage Response, byte[] Bytes, List<string[]> Rows)> DownloadCsvAsync(PortalClient client, IDocument page, string testId)
    {
        var response = await client.Http.GetAsync(page.QuerySelector($"[data-testid={testId}]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        }

        return (response, bytes, rows);
    }

    [Fact]
    public async Task The_template_is_utf8_with_a_bom_the_canonical_headers_and_an_example_row_and_imports_cleanly()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/import");
        var today = factory.Services.GetRequiredService<BankCalendar>().DateOf(factory.Clock.GetUtcNow().UtcDateTime);

        var (response, bytes, rows) = await DownloadCsvAsync(hr, page, "download-template");

        Assert.Equal("staff-template.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(new[] { "employee_number", "name", "email", "branch_code", "job_title", "hire_date", "role", "active", "language" }, rows[0]);
        var example = Assert.Single(rows.Skip(1));
        Assert.Equal(("E900001", "陈美玲 Chan Mei-ling", "chan.meiling@bank.example", FirstBranchCode()), (example[0], example[1], example[2], example[3]));
        Assert.NotEmpty(example[4]);
        Assert.Equal((today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "Employee", "yes", "zh-Hant"), (example[5], example[6], example[7], example[8]));

        var preview = await hr.ParseAsync(await ImportTests.PreviewAsync(hr, bytes, null, fileName: "staff-template.csv"));

        Assert.Null(preview.QuerySelector("[data-testid=import-problems]"));
        Assert.Null(preview.QuerySelector("[data-testid=import-new-job-titles]"));
        Assert.NotNull(preview.QuerySelector("form[data-testid=import-apply]"));
        Assert.Equal("1", preview.QuerySelector("[data-testid=import-plan]")!.GetAttribute("data-created"));
        Assert.Null(Stored("E900001"));
    }

    [Fact]
    public async Task The_branch_list_holds_every_branch_by_code_with_its_name_and_region_headed_in_the_readers_language()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-HK");
        var expected = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Code).Select(b => new { b.Code, b.Name, Region = b.Region.Name }).ToList())
            .Select(b => new[] { b.Code, b.Name, b.Region })
            .ToList();

        var (_, _, rows) = await DownloadCsvAsync(hr, await hr.GetPageAsync("/hr/import"), "download-branches");

        Assert.Equal(new[] { "分行編號", "分行", "地區" }, rows[0]);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows.Skip(1));
    }

    [Fact]
    public async Task The_job_title_list_counts_the_active_staff_holding_each_title()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var tellers = TestData.Query(factory.Services, db => db.Users.Count(u => u.IsActive && u.JobTitle == "Teller"));

        var (_, _, rows) = await DownloadCsvAsync(hr, await hr.GetPageAsync("/hr/import"), "download-job-titles");

        Assert.Equal(new[] { "Job title", "Active staff" }, rows[0]);
        Assert.Equal(tellers.ToString(CultureInfo.InvariantCulture), Assert.Single(rows, r => r[0] == "Teller")[1]);
        Assert.Equal(rows.Count - 1, rows.Skip(1).Select(r => r[0]).Distinct().Count());
    }

    [Fact]
    public async Task A_title_nobody_holds_is_a_warning_with_the_nearest_title_and_is_applied_only_once_hr_confirms_it()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var csv = $"{Header}\nJT-{id},Tess Tan,jt.{id}@demo.bank,{FirstBranchCode()},Tellr,2025-02-03\n";
        var preview = await hr.ParseAsync(await ImportTests.PreviewAsync(hr, Encoding.UTF8.GetBytes(csv), null));

        var warning = preview.QuerySelector("[data-testid=import-new-job-titles] tbody tr")!;
        Assert.Equal(("Tellr", "Teller"), (warning.GetAttribute("data-title"), warning.GetAttribute("data-suggestion")));
        Assert.Contains("did you mean Teller?", PortalClient.Text(warning));
        Assert.NotNull(preview.QuerySelector("form[data-testid=import-apply] input[type=checkbox][name=newJobTitlesConfirmed][required]"));
        var before = await DatabaseState.ReadAsync(factory.Services);

        var refused = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", new Dictionary<string, string>()));

        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(factory.Services));
        Assert.Contains("'Tellr' is a job title nobody holds yet", PortalClient.Text(refused.QuerySelector("[data-testid=import-problems]")));
        Assert.Null(refused.QuerySelector("[data-testid=import-summary]"));
        Assert.Null(Stored($"JT-{id}"));

        // The same checked file is offered again, with its warning, for HR to confirm.
        Assert.NotNull(refused.QuerySelector("[data-testid=import-new-job-titles]"));
        var applied = await hr.ParseAsync(await hr.SubmitAsync(refused, "form[data-testid=import-apply]", new Dictionary<string, string> { ["newJobTitlesConfirmed"] = "true" }));

        Assert.Contains("1 created", PortalClient.Text(applied.QuerySelector("[data-testid=import-summary]")));
        Assert.Equal("Tellr", Stored($"JT-{id}")?.JobTitle);
    }

    [Fact]
    public async Task A_file_whose_people_changed_after_the_preview_is_not_applied_until_hr_has_seen_what_it_now_does()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var csv = $"{Header}\nPV-{id},Preview Person,pv.{id.ToLowerInvariant()}@demo.bank,{FirstBranchCode()},Teller,2025-02-03\n";
        var preview = await hr.ParseAsync(await ImportTests.PreviewAsync(hr, Encoding.UTF8.GetBytes(csv), null));
        Assert.Equal("1", preview.QuerySelector("[data-testid=import-plan]")!.GetAttribute("data-created"));

        // Meanwhile an administrator opens an account under the same employee number: the file would now update it.
        using (var scope = factory.Services.CreateScope())
        {
            var opened = await scope.ServiceProvider.GetRequiredService<CreateAccount>().ExecuteAsync(
                new NewAccount($"PV-{id}", "Opened Meanwhile", $"opened.{id.ToLowerInvariant()}@demo.bank", "Teller", new DateOnly(2025, 2, 3),
                    TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Code).Select(b => (int?)b.Id).First()), Roles.Employee),
                Actor.Console, CancellationToken.None);
            Assert.True(opened.Succeeded);
        }

        var before = await DatabaseState.ReadAsync(factory.Services);
        var refused = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", new Dictionary<string, string>()));

        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(factory.Services));
        Assert.Contains("since it was checked", PortalClient.Text(refused.QuerySelector("[data-testid=import-problems]")));
        Assert.Null(refused.QuerySelector("[data-testid=import-summary]"));
        Assert.Equal(("0", "1"), (refused.QuerySelector("[data-testid=import-plan]")!.GetAttribute("data-created"), refused.QuerySelector("[data-testid=import-plan]")!.GetAttribute("data-updated")));

        var applied = await hr.ParseAsync(await hr.SubmitAsync(refused, "form[data-testid=import-apply]", new Dictionary<string, string>()));

        Assert.Contains("1 updated", PortalClient.Text(applied.QuerySelector("[data-testid=import-summary]")));
        Assert.Equal("Preview Person", Stored($"PV-{id}")?.DisplayName);
    }

    [Fact]
    public async Task After_an_import_hr_invites_exactly_the_people_it_created_and_an_altered_form_invites_no_one()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var applied = await hr.ParseAsync(await ImportTests.UploadAsync(hr, $"{Header}\nIN-{id},Ivy Ng,in.{id}@demo.bank,{FirstBranchCode()},Teller,2025-02-03\n"));
        var form = applied.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[data-testid=import-invite]")!;
        Assert.Equal("Send 1 invitation(s)", PortalClient.Text(form.QuerySelector("[data-testid=invite-imported]")));

        // Someone else makes an account at the same moment (the test clock stands still): not the import's to invite.
        using (var scope = factory.Services.CreateScope())
        {
            var branchId = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Select(b => b.Id).First());
            var other = await scope.ServiceProvider.GetRequiredService<CreateAccount>().ExecuteAsync(
                new NewAccount($"OT-{id}", "Otto Lam", $"ot.{id}@demo.bank", "Teller", new DateOnly(2025, 2, 3), branchId, Roles.Employee), Actor.Console, CancellationToken.None);
            Assert.True(other.Succeeded);
        }

        var neverInvited = TestData.Query(factory.Services, db => db.Users.Count(u => u.InvitationExpiresAtUtc == null && u.PasswordHash == null));
        Assert.True(neverInvited > 2, "the demo data should hold others never invited, whom a wider scope would reach");

        var before = await DatabaseState.ReadAsync(factory.Services);
        foreach (var altered in new[] { "", "not-a-number", Guid.Empty.ToString() })
        {
            var refused = await hr.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
                PortalClient.FormFields(form).Select(f => f.Key == "importId" ? new KeyValuePair<string, string>(f.Key, altered) : f)));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var unknown = await hr.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
            PortalClient.FormFields(form).Select(f => f.Key == "importId" ? new KeyValuePair<string, string>(f.Key, Guid.NewGuid().ToString()) : f)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(factory.Services));

        var sent = await hr.ParseAsync(await hr.FollowAsync(await hr.SubmitAsync(applied, "form[data-testid=import-invite]", new Dictionary<string, string>())));
        Assert.Equal("One invitation is on its way.", PortalClient.Text(sent.QuerySelector("[data-testid=invite-message]")));
        Assert.NotNull(TestData.Query(factory.Services, db => db.Users.Single(u => u.EmployeeNumber == $"IN-{id}").InvitationExpiresAtUtc));
        Assert.Null(TestData.Query(factory.Services, db => db.Users.Single(u => u.EmployeeNumber == $"OT-{id}").InvitationExpiresAtUtc));
        Assert.Equal(neverInvited - 1, TestData.Query(factory.Services, db => db.Users.Count(u => u.InvitationExpiresAtUtc == null && u.PasswordHash == null)));
    }
}
