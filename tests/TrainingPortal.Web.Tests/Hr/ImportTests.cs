using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Tests;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.Hr;

public class ImportTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly Encoding Gb18030 = Legacy("GB18030");
    private static readonly Encoding Big5 = Legacy("big5");

    /// <summary>GB18030 and Big5 need .NET's code-pages provider, registered before the first use.</summary>
    private static Encoding Legacy(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }

    /// <summary>Uploads a UTF-8 file, checks the preview and, when it offers to, applies it: the page HR sees last.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(PortalClient client, string csv, bool bom = true, bool deactivateMissing = false, string fileName = "staff.csv")
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }

        return await UploadBytesAsync(client, bytes, encoding: null, deactivateMissing, fileName);
    }

    /// <summary>Step one and, when the preview allows it, step two ("Apply").</summary>
    public static async Task<HttpResponseMessage> UploadBytesAsync(PortalClient client, byte[] bytes, string? encoding, bool deactivateMissing = false, string fileName = "staff.csv")
    {
        var preview = await PreviewAsync(client, bytes, encoding, deactivateMissing, fileName);
        if (preview.StatusCode != HttpStatusCode.OK)
        {
            return preview;
        }

        var page = await client.ParseAsync(preview);
        return page.QuerySelector("form[data-testid=import-apply]") is null
            ? preview
            : await client.SubmitAsync(page, "form[data-testid=import-apply]", ConfirmingNewJobTitles(page));
    }

    /// <summary>The Apply form's fields for HR who means every job title in the file: the confirmation ticked when it is asked for.</summary>
    public static Dictionary<string, string> ConfirmingNewJobTitles(IDocument page) =>
        page.QuerySelector("form[data-testid=import-apply] input[name=newJobTitlesConfirmed]") is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["newJobTitlesConfirmed"] = "true" };

    /// <summary>Posts the upload form as a browser does (antiforgery token, the encoding select, the file): nothing is applied.</summary>
    public static async Task<HttpResponseMessage> PreviewAsync(PortalClient client, byte[] bytes, string? encoding, bool deactivateMissing = false, string fileName = "staff.csv")
    {
        var page = await client.GetPageAsync("/hr/import");
        var token = page.QuerySelector<IHtmlInputElement>("main form#import-form input[name=__RequestVerificationToken]")!.Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(deactivateMissing ? "true" : "false"), "deactivateMissing" },
            { new StringContent(encoding ?? page.QuerySelector<IHtmlSelectElement>("select[name=encoding]")!.Value!), "encoding" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        return await client.Http.PostAsync("/hr/import", content);
    }

    private static List<string> Problems(IDocument page) =>
        page.QuerySelectorAll("[data-testid=import-problems] tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();

    private static List<string> PreviewRows(IDocument page) =>
        page.QuerySelectorAll("[data-testid=import-preview-rows] tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Skip(1).Take(2).Select(td => td.TextContent.Trim()))).ToList();

    private const string Header = "employee_number,name,email,branch_code,job_title,hire_date";

    private static string Id() => Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private Data.PortalUser? Stored(string employeeNumber) =>
        TestData.Query(factory.Services, db => db.Users.SingleOrDefault(u => u.EmployeeNumber == employeeNumber));

    private (int Users, int Audits) Counts() =>
        (TestData.Query(factory.Services, db => db.Users.Count()), TestData.Query(factory.Services, db => db.AuditEntries.Count()));

    [Theory]
    [InlineData("gb18030", "GB18030", "陈美玲")]
    [InlineData("big5", "Big5", "陳美玲")]
    public async Task A_gb18030_or_big5_file_is_previewed_with_its_names_as_read_and_only_applied_on_apply(string choice, string encodingName, string name)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var encoding = choice == "big5" ? Big5 : Gb18030;
        var bytes = encoding.GetBytes($"{Header}\nCH-{id},{name},chen.{id}@demo.bank,{BranchCode(0)},柜员,2025-02-03\n");
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes)); // really not UTF-8
        var before = Counts();

        var preview = await hr.ParseAsync(await PreviewAsync(hr, bytes, choice));

        Assert.Empty(Problems(preview));
        Assert.Equal(encodingName, preview.QuerySelector("[data-testid=import-encoding]")!.GetAttribute("data-encoding"));
        Assert.Contains(encodingName, PortalClient.Text(preview.QuerySelector("[data-testid=import-preview]")));
        Assert.Equal([$"CH-{id} | {name}"], PreviewRows(preview));
        Assert.Equal(before, Counts()); // nothing written by the check
        Assert.Null(Stored($"CH-{id}"));

        var applied = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", ConfirmingNewJobTitles(preview)));

        Assert.Contains("1 created", PortalClient.Text(applied.QuerySelector("[data-testid=import-summary]")));
        Assert.Equal(name, Stored($"CH-{id}")!.DisplayName);
        Assert.DoesNotContain('\uFFFD', Stored($"CH-{id}")!.DisplayName);
        var audit = TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "staff.import-applied").OrderByDescending(a => a.Id).First());
        Assert.Contains(encodingName, audit.AfterJson);

        // The checked file is used once: a second "Apply" finds nothing and changes nothing.
        var again = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", ConfirmingNewJobTitles(preview)));
        Assert.Contains("upload it again", PortalClient.Text(again.QuerySelector("[data-testid=import-problems]")));
    }

    [Theory]
    [InlineData("gb18030")]
    [InlineData("big5")]
    [InlineData("utf-8")]
    public async Task A_broken_byte_sequence_is_a_row_problem_naming_row_and_field_and_nothing_is_written(string choice)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var encoding = choice == "big5" ? Big5 : Gb18030;
        byte bad = choice == "big5" ? (byte)0xFF : (byte)0x81;
        byte[] bytes =
        [
            .. encoding.GetBytes($"{Header}\nOK-{id},{(choice == "big5" ? "陳美玲" : "陈美玲")},ok.{id}@demo.bank,{BranchCode(0)},Teller,2025-02-03\nBAD-{id},"),
            bad,
            .. encoding.GetBytes($",bad.{id}@demo.bank,{BranchCode(0)},Teller,2025-02-03\n"),
        ];
        var before = Counts();

        var page = await hr.ParseAsync(await UploadBytesAsync(hr, bytes, choice));

        var problems = Problems(page);
        Assert.Contains(problems, p => p.StartsWith("3 | name | contains bytes (0x", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.Contains("not valid", p));
        Assert.Null(page.QuerySelector("form[data-testid=import-apply]"));
        Assert.Equal(before, Counts());
        Assert.Null(Stored($"OK-{id}"));
    }

    [Theory]
    [InlineData(true, "big5")]
    [InlineData(false, "big5")]
    [InlineData(true, "gb18030")]
    [InlineData(false, "gb18030")]
    public async Task Utf8_with_or_without_a_bom_is_read_as_utf8_whatever_the_select_says(bool bom, string choice)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var csv = $"{Header}\nU8-{id},陳美玲 陈美玲,u8.{id}@demo.bank,{BranchCode(1)},Teller,2025-02-03\n";

        var page = await hr.ParseAsync(await UploadAsync(hr, csv, bom, fileName: choice + ".csv"));

        Assert.Empty(Problems(page));
        Assert.Contains("1 created", PortalClient.Text(page.QuerySelector("[data-testid=import-summary]")));
        Assert.Equal("陳美玲 陈美玲", Stored($"U8-{id}")!.DisplayName);
    }

    [Theory]
    [InlineData(false, "UTF-16LE")]
    [InlineData(true, "UTF-16BE")]
    public async Task Utf16_with_a_bom_is_read_whatever_the_select_says(bool bigEndian, string encodingName)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var utf16 = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        byte[] bytes = [.. utf16.GetPreamble(), .. utf16.GetBytes($"{Header}\nU16-{id},黃志強,u16.{id}@demo.bank,{BranchCode(1)},Teller,2025-02-03\n")];

        var preview = await hr.ParseAsync(await PreviewAsync(hr, bytes, "gb18030"));
        Assert.Equal(encodingName, preview.QuerySelector("[data-testid=import-encoding]")!.GetAttribute("data-encoding"));
        await hr.SubmitAsync(preview, "form[data-testid=import-apply]", new Dictionary<string, string>());

        Assert.Equal("黃志強", Stored($"U16-{id}")!.DisplayName);
    }

    [Fact]
    public async Task The_language_column_sets_the_preferred_language_and_an_empty_cell_leaves_it()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var code = BranchCode(2);
        var first = $"{Header},language\nL1-{id},One,l1.{id}@demo.bank,{code},Teller,2025-02-03,zh-HK\nL2-{id},Two,l2.{id}@demo.bank,{code},Teller,2025-02-03,zh-Hans\n" +
                    $"L3-{id},Three,l3.{id}@demo.bank,{code},Teller,2025-02-03,\n";
        var second = $"{Header},language\nL1-{id},One,l1.{id}@demo.bank,{code},Teller,2025-02-03,\nL2-{id},Two,l2.{id}@demo.bank,{code},Teller,2025-02-03,en\n";

        await UploadAsync(hr, first);
        Assert.Equal(("zh-Hant", "zh-Hans", (string?)null), (Stored($"L1-{id}")!.PreferredCulture, Stored($"L2-{id}")!.PreferredCulture, Stored($"L3-{id}")!.PreferredCulture));
        var page = await hr.ParseAsync(await UploadAsync(hr, second));

        Assert.Contains("0 created, 1 updated, 1 unchanged", PortalClient.Text(page.QuerySelector("[data-testid=import-summary]")));
        Assert.Equal(("zh-Hant", "en"), (Stored($"L1-{id}")!.PreferredCulture, Stored($"L2-{id}")!.PreferredCulture));
    }

    [Fact]
    public async Task A_language_that_is_not_a_portal_language_is_a_row_problem_and_nothing_is_written()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var before = Counts();

        var page = await hr.ParseAsync(await UploadAsync(hr, $"{Header},language\nLX-{id},Someone,lx.{id}@demo.bank,{BranchCode(0)},Teller,2025-02-03,fr\n"));

        Assert.Equal(["2 | language | 'fr' is not a portal language; use en, zh-Hans or zh-Hant"], Problems(page));
        Assert.Equal(before, Counts());
    }

    [Theory]
    [InlineData("工号,姓名,邮箱,支行代码,岗位,入职日期,角色,在职,语言", "zh-Hans")]
    [InlineData("員工編號,姓名,電郵,分行編號,職位,入職日期,角色,在職,語言", "zh-Hant")]
    public async Task Localised_headers_are_accepted(string header, string language)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();

        var page = await hr.ParseAsync(await UploadAsync(hr, $"{header}\nHD-{id},陈美玲,hd.{id}@demo.bank,{BranchCode(0)},柜员,2025-02-03,BranchManager,是,{language}\n"));

        Assert.Empty(Problems(page));
        var stored = Stored($"HD-{id}")!;
        Assert.Equal(("陈美玲", "柜员", language, new DateOnly(2025, 2, 3)), (stored.DisplayName, stored.JobTitle, stored.PreferredCulture, stored.HireDate));
    }

    [Fact]
    public async Task A_checked_file_can_only_be_applied_by_the_person_who_uploaded_it()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var id = Id();
        var preview = await hr.ParseAsync(await PreviewAsync(hr, Encoding.UTF8.GetBytes($"{Header}\nPX-{id},Someone,px.{id}@demo.bank,{BranchCode(0)},Teller,2025-02-03\n"), null));
        var pendingId = preview.QuerySelector<IHtmlInputElement>("form[data-testid=import-apply] input[name=pendingId]")!.Value;
        var adminPage = await admin.GetPageAsync("/hr/import");

        var adminToken = adminPage.QuerySelector<IHtmlInputElement>("form#import-form input[name=__RequestVerificationToken]")!.Value;
        var stolen = await admin.ParseAsync(await admin.Http.PostAsync("/hr/import?handler=Apply", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", adminToken), new("pendingId", pendingId)])));
        var forged = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", new Dictionary<string, string> { ["pendingId"] = "../../etc/passwd" }));

        Assert.Contains("upload it again", PortalClient.Text(stolen.QuerySelector("[data-testid=import-problems]")));
        Assert.Contains("upload it again", PortalClient.Text(forged.QuerySelector("[data-testid=import-problems]")));
        Assert.Null(Stored($"PX-{id}"));
        await hr.SubmitAsync(preview, "form[data-testid=import-apply]", new Dictionary<string, string>());
        Assert.NotNull(Stored($"PX-{id}"));
    }

    [Theory]
    [InlineData("zh-CN", "导入员工", "gb18030", "支行代码", "支行代码“NOPE”不存在")]
    [InlineData("zh-HK", "匯入職員", "big5", "分行編號", "分行編號「NOPE」不存在")]
    public async Task The_page_and_its_problems_are_in_the_readers_chinese_and_the_encoding_defaults_to_its_script(string acceptLanguage, string title, string encoding, string field, string message)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var page = await hr.GetPageAsync("/hr/import");
        var result = await hr.ParseAsync(await UploadAsync(hr, $"{Header}\nZH-{Id()},Someone,zh.{Id()}@demo.bank,NOPE,Teller,2025-02-03\n"));

        Assert.Contains(title, PortalClient.Text(page.QuerySelector("h1")));
        Assert.Equal(encoding, page.QuerySelector<IHtmlSelectElement>("select[name=encoding]")!.Value);
        Assert.Equal([$"2 | {field} | {message}"], Problems(result));

        // The preview and its Apply step, and the result, are Chinese too: only data and "UTF-8" stay in Latin letters.
        var id = Id();
        var preview = await hr.ParseAsync(await PreviewAsync(hr, Encoding.UTF8.GetBytes($"{Header},language\nZP-{id},陈美玲,zp.{id}@demo.bank,{BranchCode(0)},柜员,2025-02-03,zh-Hant\n"), null, deactivateMissing: false, fileName: "list.csv"));
        var previewText = PortalClient.Text(preview.QuerySelector("[data-testid=import-preview]"));
        Assert.Contains("陈美玲", previewText);
        Assert.DoesNotMatch(@"[A-Za-z]{2,}", previewText.Replace("list.csv", "").Replace($"ZP-{id}", "").Replace("UTF-8", ""));
        var applied = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", ConfirmingNewJobTitles(preview)));
        Assert.Equal("陈美玲", Stored($"ZP-{id}")?.DisplayName);
        Assert.DoesNotMatch(@"[A-Za-z]{2,}", PortalClient.Text(applied.QuerySelector("[data-testid=import-summary]")).Replace("list.csv", ""));
    }

    [Theory]
    [InlineData("zh-CN", "角色：员工 → 支行行长", "入职日期：2025年2月3日 → 2024年11月30日")]
    [InlineData("zh-HK", "角色：員工 → 分行經理", "入職日期：2025年2月3日 → 2024年11月30日")]
    [InlineData("en-GB", "role: Employee → Branch manager", "hire_date: 3 Feb 2025 → 30 Nov 2024")]
    public async Task A_role_and_hire_date_change_is_previewed_in_the_readers_words(string acceptLanguage, string role, string hireDate)
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var header = $"{Header},role";
        await UploadAsync(hr, $"{header}\nZR-{id},黄志明,zr.{id}@demo.bank,{BranchCode(0)},Teller,2025-02-03,Employee\n");
        hr.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var preview = await hr.ParseAsync(await PreviewAsync(hr,
            Encoding.UTF8.GetBytes($"{header}\nZR-{id},黄志明,zr.{id}@demo.bank,{BranchCode(0)},Teller,2024-11-30,BranchManager\n"), "utf-8"));

        Assert.Equal(role, PortalClient.Text(preview.QuerySelector("[data-testid=import-preview] li[data-field=role]")));
        Assert.Equal(hireDate, PortalClient.Text(preview.QuerySelector("[data-testid=import-preview] li[data-field=hire_date]")));
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
        var problems = Problems(page);
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
    public async Task A_file_whose_name_is_longer_than_the_audit_trail_keeps_is_applied_and_audited_under_its_name_cut_short()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var id = Id();
        var name = new string('x', 600) + ".csv";

        var page = await hr.ParseAsync(await UploadAsync(hr, $"{Header}\nLN-{id},Long Name,ln.{id}@demo.bank,{BranchCode(0)},Teller,2025-02-03\n", fileName: name));

        Assert.Contains("1 created", PortalClient.Text(page.QuerySelector("[data-testid=import-summary]")));
        var audited = TestData.Query(factory.Services, db => db.AuditEntries.AsNoTracking().Where(a => a.Action == "staff.import-applied").OrderByDescending(a => a.Id).First());
        Assert.Equal(AuditLog.TargetIdLength, audited.TargetId.Length);
        Assert.StartsWith("xxxx", audited.TargetId);
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
