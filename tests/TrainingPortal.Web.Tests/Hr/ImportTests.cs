using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

public class ImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static async Task<HttpResponseMessage> UploadAsync(PortalClient client, string csv, bool bom = true, bool deactivateMissing = false, string fileName = "staff.csv")
    {
        var page = await client.GetPageAsync("/hr/import");
        var token = page.QuerySelector<IHtmlInputElement>("main form input[name=__RequestVerificationToken]")!.Value;
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }

        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(deactivateMissing ? "true" : "false"), "deactivateMissing" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        return await client.Http.PostAsync("/hr/import", content);
    }

    private string BranchCode(int skip) => TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(skip).Select(b => b.Code).First());

    [Fact]
    public async Task A_file_with_bad_rows_changes_nothing_and_every_bad_row_is_reported()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var before = TestData.Query(factory.Services, db => db.Users.Count());
        var auditsBefore = TestData.Query(factory.Services, db => db.AuditEntries.Count());
        var csv = "employee_number,name,email,branch_code,job_title,hire_date\n" +
                  $"IMP-1,刘洋,liu.yang@demo.bank,{BranchCode(0)},Teller,2025-02-03\n" +
                  "IMP-2,Bad Branch,bad.branch@demo.bank,NOPE,Teller,2025-02-03\n" +
                  $"IMP-3,Bad Date,bad.date@demo.bank,{BranchCode(0)},Teller,03/02/2025\n";

        var response = await UploadAsync(hr, csv);

        var page = await hr.ParseAsync(response);
        var problems = page.QuerySelectorAll("[data-testid=import-problems] tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(["3 | branch_code | unknown branch code 'NOPE'", "4 | hire_date | '03/02/2025' is not a date; use YYYY-MM-DD"], problems);
        Assert.Equal(before, TestData.Query(factory.Services, db => db.Users.Count()));
        Assert.Equal(auditsBefore, TestData.Query(factory.Services, db => db.AuditEntries.Count()));
    }

    [Fact]
    public async Task A_valid_file_creates_and_updates_by_employee_number_and_a_reimport_changes_nothing()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var target = BranchCode(3);
        var existing = TestData.Query(factory.Services, db => db.Users.Where(u => u.BranchId != null && u.Branch!.Code != target)
            .OrderBy(u => u.EmployeeNumber).Skip(20).Select(u => new { u.EmployeeNumber, u.Email }).First());
        var csv = "employee_number,name,email,branch_code,job_title,hire_date,role,active\n" +
                  $"IMP-10,周杰 Zhou Jie,zhou.jie@demo.bank,{BranchCode(1)},Teller,2026-01-05,,yes\n" +
                  $"IMP-11,Amara Osei,amara.osei@demo.bank,{BranchCode(2)},Relationship Manager,2023-06-30,BranchManager,\n" +
                  $"{existing.EmployeeNumber},Renamed Person,{existing.Email},{BranchCode(3)},Senior Teller,2019-04-01,,\n";

        var auditsBefore = TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "staff.import-applied"));
        var first = await hr.ParseAsync(await UploadAsync(hr, csv));
        var second = await hr.ParseAsync(await UploadAsync(hr, csv));

        Assert.Contains("2 created, 1 updated, 0 unchanged", PortalClient.Text(first.QuerySelector("[data-testid=import-summary]")));
        Assert.Contains("0 created, 0 updated, 3 unchanged", PortalClient.Text(second.QuerySelector("[data-testid=import-summary]")));
        var zhou = TestData.Query(factory.Services, db => db.Users.Single(u => u.EmployeeNumber == "IMP-10"));
        Assert.Equal("周杰 Zhou Jie", zhou.DisplayName);
        Assert.Null(zhou.PasswordHash);
        Assert.Equal("Renamed Person", TestData.Query(factory.Services, db => db.Users.Single(u => u.EmployeeNumber == existing.EmployeeNumber).DisplayName));
        Assert.Equal(auditsBefore + 2, TestData.Query(factory.Services, db => db.AuditEntries.Count(a => a.Action == "staff.import-applied")));
        var moved = Assert.Single(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "employee.role-or-branch-changed").ToList()));
        Assert.Contains(BranchCode(3), moved.AfterJson);
    }

    [Fact]
    public async Task A_file_that_is_not_csv_text_is_refused()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var response = await UploadAsync(hr, "PK\0\0binary", bom: false, fileName: "staff.xlsx");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("is not a CSV text file", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_oversized_upload_gets_413_with_a_clear_message_and_changes_nothing()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var before = TestData.Query(factory.Services, db => db.Users.Count());
        var row = $"IMP-99,Big File,big.file@demo.bank,{BranchCode(0)},Teller,2025-02-03\n";
        var csv = "employee_number,name,email,branch_code,job_title,hire_date\n" + string.Concat(Enumerable.Repeat(row, 11 * 1024 * 1024 / row.Length + 1));

        var response = await UploadAsync(hr, csv);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too large", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, TestData.Query(factory.Services, db => db.Users.Count()));
    }

    [Fact]
    public async Task Hr_cannot_change_an_administrator_through_the_import()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var admin = TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "admin@demo.bank"));
        var csv = "employee_number,name,email,branch_code,job_title,hire_date,role,active\n" +
                  $"{admin.EmployeeNumber},Taken Over,admin@demo.bank,{BranchCode(0)},Teller,2023-01-01,,no\n";

        var page = await hr.ParseAsync(await UploadAsync(hr, csv));

        Assert.Contains("only an administrator may change it", PortalClient.Text(page.QuerySelector("[data-testid=import-problems]")));
        var after = TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "admin@demo.bank"));
        Assert.True(after.IsActive);
        Assert.Equal(admin.DisplayName, after.DisplayName);
        Assert.Null(after.BranchId);
    }
}
