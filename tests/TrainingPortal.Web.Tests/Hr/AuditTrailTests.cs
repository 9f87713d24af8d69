using System.Globalization;
using System.Net;
using System.Reflection;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.CustomerFirst;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.CustomerFirst;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Tests.Localization;
using TrainingPortal.Web.Tests.UseCases;

namespace TrainingPortal.Web.Tests.Hr;

public class AuditTrailTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Course = "working-in-the-new-organisation";

    private static List<string> Sentences(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=audit-sentence]").Select(PortalClient.Text).ToList();

    private static List<string> TargetIds(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=audit-rows] tbody tr").Select(r => r.GetAttribute("data-target-id") ?? "").ToList();

    private async Task<string> AssignToBranchAsync(PortalClient hr)
    {
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(2).Select(b => new { b.Id, b.Name }).First());
        var form = await hr.GetPageAsync("/hr/assignments");
        var response = await hr.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.CourseSlug"] = Course, ["Input.Target"] = "Branch", ["Input.BranchId"] = branch.Id.ToString(CultureInfo.InvariantCulture),
            ["Input.DueRule"] = "FixedDate", ["Input.DueDate"] = "2027-01-31",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return branch.Name;
    }

    private string CourseTitle(string language) =>
        factory.Services.GetRequiredService<ContentLibrary>().For(language).Find(Course)!.Title;

    [Fact]
    public async Task The_record_under_a_sentence_shows_chinese_and_apostrophes_as_written_also_for_entries_stored_escaped()
    {
        var targetId = Guid.NewGuid().ToString();
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var hrId = TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "hr@demo.bank").Id);
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            scope.ServiceProvider.GetRequiredService<AuditLog>().Record(new Actor(hrId, "Grace Okafor", [Roles.HR]), AuditActions.AccountChanged, "Employee", targetId,
                "Changed the account", before: new { DisplayName = "王芳" }, after: new { DisplayName = "王芳 Wang Fang", Reason = "another person's sign-in" });
            await db.SaveChangesAsync();
            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = factory.Clock.GetUtcNow().UtcDateTime, ActorUserId = hrId, ActorName = "Grace Okafor", Action = AuditActions.AccountChanged,
                TargetType = "Employee", TargetId = targetId, Summary = "Changed the account (stored by an earlier release)",
                AfterJson = System.Text.Json.JsonSerializer.Serialize(new { JobTitle = "柜员" }),
            });
            await db.SaveChangesAsync();
        }

        var page = await hr.GetPageAsync($"/hr/audit?subject={targetId}");

        var records = page.QuerySelectorAll("[data-testid=audit-before], [data-testid=audit-after]").Select(PortalClient.Text).ToList();
        Assert.Contains("{\"DisplayName\":\"王芳\"}", records);
        Assert.Contains("{\"DisplayName\":\"王芳 Wang Fang\",\"Reason\":\"another person's sign-in\"}", records);
        Assert.Contains("{\"JobTitle\":\"柜员\"}", records);
        Assert.Contains("王芳 Wang Fang", TestData.Query(factory.Services, db => db.AuditEntries.Single(a => a.TargetId == targetId && a.BeforeJson != null).AfterJson));
    }

    [Fact]
    public async Task A_staff_import_is_itemised_per_person_with_each_fields_old_and_new_value()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var person = await TestData.CreateLearnerAsync(factory.Services, "Import Subject");
        var branch = TestData.Query(factory.Services, db => db.Branches.Single(b => b.Id == person.BranchId).Code);
        var csv = "employee_number,name,email,branch_code,job_title,hire_date\n"
            + $"{person.EmployeeNumber},Import Subject,{person.Email},{branch},Senior Teller,2024-01-15\n"
            + $"IMP-NEW-1,新来的 New Person,imp.new.1@demo.bank,{branch},Teller,2026-10-01\n";

        Assert.Equal(HttpStatusCode.OK, (await ImportTests.UploadAsync(hr, csv)).StatusCode);

        var changed = Sentences(await hr.GetPageAsync($"/hr/audit?action=employee.imported&subject={person.EmployeeNumber}"));
        Assert.Equal(["Grace Okafor's staff import changed Import Subject: job_title: Teller → Senior Teller."], changed);
        var added = Sentences(await hr.GetPageAsync("/hr/audit?action=employee.imported&subject=IMP-NEW-1"));
        Assert.Equal([$"Grace Okafor's staff import added 新来的 New Person: email: imp.new.1@demo.bank, branch_code: {branch}, job_title: Teller, hire_date: 1 Oct 2026, role: Employee, active: Yes."], added);

        // In Chinese the role and the date are in the reader's words, as every other value the file sets.
        var reader = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        reader.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = Assert.Single(Sentences(await reader.GetPageAsync("/hr/audit?action=employee.imported&subject=IMP-NEW-1")));
        Assert.Contains("入职日期：2026年10月1日", chinese);
        Assert.Contains("角色：员工", chinese);
        Assert.DoesNotContain("Employee", chinese);
    }

    [Fact]
    public async Task An_assignment_reads_as_a_sentence_in_english_and_in_chinese_without_its_action_code()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var branch = await AssignToBranchAsync(hr);

        var english = await hr.GetPageAsync("/hr/audit?action=assignment.created");
        Assert.Contains($"Grace Okafor assigned '{CourseTitle("en")}' to {branch}, due 31 Jan 2027.", Sentences(english));

        var reader = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        reader.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await reader.GetPageAsync("/hr/audit?action=assignment.created");
        var sentences = Sentences(chinese);
        Assert.Contains($"Grace Okafor 将《{CourseTitle("zh-Hans")}》指派给{branch}，须最迟于2027年1月31日完成。", sentences);
        Assert.DoesNotContain(sentences, s => s.Contains("assignment.", StringComparison.Ordinal));
        var chosen = chinese.QuerySelector<IHtmlSelectElement>("select[name=action]")!.SelectedOptions.Single();
        Assert.Equal(ResourceFilesTests.Strings("zh-Hans")["AuditAction.assignment.created"], PortalClient.Text(chosen));
    }

    [Fact]
    public async Task The_who_filter_and_the_accounts_search_ignore_case_as_every_other_search_does()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var person = await TestData.CreateLearnerAsync(factory.Services, $"Mixed Case {suffix}");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        await AssignToBranchAsync(hr);

        var byWho = await hr.GetPageAsync("/hr/audit?actor=" + Uri.EscapeDataString("grace OKAFOR"));
        Assert.Contains(Sentences(byWho), s => s.StartsWith("Grace Okafor", StringComparison.Ordinal));
        Assert.All(byWho.QuerySelectorAll("[data-testid=audit-rows] tbody tr"), row => Assert.Contains("Grace Okafor", PortalClient.Text(row), StringComparison.Ordinal));

        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var accounts = await admin.GetPageAsync("/admin/users?q=" + Uri.EscapeDataString($"mixed CASE {suffix}"));
        Assert.Equal(person.EmployeeNumber, Assert.Single(accounts.QuerySelectorAll("tbody tr[data-employee]")).GetAttribute("data-employee"));
    }

    [Fact]
    public async Task The_subject_filter_finds_the_revocation_of_a_persons_certificate_and_observations_of_them_and_no_one_elses()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (holder, certificate) = await Arrange.CertifiedLearnerAsync(factory.Services, $"Holder {suffix}");
        var (other, otherCertificate) = await Arrange.CertifiedLearnerAsync(factory.Services, $"Bystander {suffix}");
        foreach (var (person, held) in new[] { (holder, certificate), (other, otherCertificate) })
        {
            Assert.True((await UseCase.RunAsync(factory.Services, (RevokeCertificate u) =>
                u.ExecuteAsync(new Revocation(person.Id, held.Id, "Completed under another person's sign-in"), Actors.Hr(factory.Services), CancellationToken.None))).Succeeded);
        }

        const string slug = "customer-communication";
        var manager = Actors.Of(await TestData.CreateLearnerAsync(factory.Services, role: Roles.BranchManager), Roles.BranchManager); // the holder's branch
        var behaviours = Arrange.Course(factory.Services, slug).Checklist!.Behaviours;
        var observed = await UseCase.RunAsync(factory.Services, (RecordObservation u) => u.ExecuteAsync(
            new ObservationRequest(null, holder.Id, slug, Arrange.Today(factory), behaviours.Select(b => new RatingInput(b.Id, BehaviourRating.Seen, null)).ToList(), null),
            manager, CancellationToken.None));
        Assert.True(observed.Succeeded, string.Join(", ", observed.Refusals.Select(r => r.Message)));
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var revocations = await hr.GetPageAsync($"/hr/audit?action={AuditActions.CertificateRevoked}&subject={holder.EmployeeNumber}");
        var observations = await hr.GetPageAsync($"/hr/audit?action={AuditActions.ObservationRecorded}&subject={Uri.EscapeDataString($"Holder {suffix}")}");

        Assert.Equal([certificate.Serial], TargetIds(revocations));
        Assert.Single(TargetIds(observations));
    }

    [Fact]
    public async Task The_subject_filter_finds_one_persons_entries_by_name_and_by_employee_number_and_no_others()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var person = await TestData.CreateLearnerAsync(factory.Services, $"Lin Subject {suffix}");
        var other = await TestData.CreateLearnerAsync(factory.Services, $"Lin Other {suffix}");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        foreach (var subject in new[] { $"Subject {suffix}", person.EmployeeNumber.ToLowerInvariant() })
        {
            var page = await hr.GetPageAsync($"/hr/audit?subject={Uri.EscapeDataString(subject)}");
            var targets = TargetIds(page);
            Assert.NotEmpty(targets);
            Assert.All(targets, id => Assert.Equal(person.Id, id));
            Assert.Equal(subject, page.QuerySelector<IHtmlInputElement>("input[name=subject]")!.Value);
        }

        var both = TargetIds(await hr.GetPageAsync($"/hr/audit?subject={Uri.EscapeDataString($"Lin % {suffix}")}"));
        Assert.Empty(both); // the name is matched as typed, a % included
        Assert.Contains(other.Id, TargetIds(await hr.GetPageAsync($"/hr/audit?subject={Uri.EscapeDataString(other.EmployeeNumber)}")));
    }

    [Fact]
    public async Task The_calendars_first_and_last_days_as_date_filters_list_the_trail_rather_than_fail()
    {
        await TestData.CreateLearnerAsync(factory.Services, $"Lin Calendar {Guid.NewGuid():N}");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var page = await hr.GetPageAsync("/hr/audit?from=0001-01-01&to=9999-12-31");

        Assert.NotEmpty(TargetIds(page));
        Assert.Equal("9999-12-31", page.QuerySelector<IHtmlInputElement>("input[name=to]")!.Value);
        // A day whose midnight the bank's zone skipped (Shanghai, 1 June 1940), as either end of the range.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await hr.Http.GetAsync("/hr/audit?from=1940-06-01&to=1940-05-31")).StatusCode);
    }

    [Fact]
    public async Task An_entry_that_did_not_store_what_its_sentence_needs_reads_as_its_recorded_summary_on_the_page_and_in_the_export()
    {
        const string summary = "Assigned 'An old course' to branch Old Town, due by 2020-01-31";
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = factory.Clock.GetUtcNow().UtcDateTime, ActorName = "Archive Check", Action = AuditActions.AssignmentCreated,
                TargetType = "Assignment", TargetId = "990001", Summary = summary, AfterJson = """{"Target":"Branch","Employees":0}""",
            });
            await db.SaveChangesAsync();
        }

        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var page = await hr.GetPageAsync("/hr/audit?subject=990001");
        Assert.Equal(summary, Assert.Single(Sentences(page)));

        var csvText = await hr.Http.GetStringAsync(page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!);
        using var csv = new CsvReader(new StringReader(csvText.TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        Assert.True(await csv.ReadAsync() && csv.ReadHeader());
        Assert.Equal(ResourceFilesTests.Strings("")["Hr.Audit.Export.Sentence"], csv.HeaderRecord![6]);
        Assert.True(await csv.ReadAsync());
        Assert.Equal(("990001", summary, summary), (csv.GetField(4)!, csv.GetField(5)!, csv.GetField(6)!));
        Assert.False(await csv.ReadAsync());
    }

    [Theory]
    [InlineData("en-GB", "The server's command line created the account of 命令行 Console Made", "Person")]
    [InlineData("zh-CN", "服务器命令行 为 命令行 Console Made 创建了账户", "员工")]
    [InlineData("zh-HK", "伺服器命令行", "職員")]
    public async Task An_account_opened_at_the_command_line_names_the_command_line_and_its_kind_of_target_in_the_readers_words(string acceptLanguage, string said, string target)
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "命令行 Console Made");
        var reader = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        reader.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var page = await reader.GetPageAsync($"/hr/audit?action=account.created&subject={person.EmployeeNumber}");

        Assert.Contains(said, Assert.Single(Sentences(page)));
        var record = PortalClient.Text(page.QuerySelector("dl.audit-record"));
        Assert.Contains(target, record);
        Assert.DoesNotContain("Command line", record);
    }

    [Theory]
    [InlineData("en-GB", "server's command")]
    [InlineData("zh-CN", "服务器")]
    [InlineData("zh-HK", "伺服器命令行")]
    public async Task The_command_line_is_found_by_the_words_the_trail_names_it_in(string acceptLanguage, string typed)
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "命令行 Console Found");
        var reader = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        reader.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var page = await reader.GetPageAsync($"/hr/audit?action=account.created&subject={person.EmployeeNumber}&actor={Uri.EscapeDataString(typed)}");

        Assert.Contains("Console Found", Assert.Single(Sentences(page)));
    }

    [Fact]
    public void Every_kind_of_audit_target_has_a_name_in_every_language()
    {
        var targets = typeof(AuditTargets).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(targets.Count >= 8, string.Join(", ", targets));
        foreach (var language in ResourceFilesTests.Languages)
        {
            var keys = ResourceFilesTests.Strings(language).Keys.ToList();
            Assert.All(targets, target => Assert.Contains($"Audit.Target.{target}", keys));
        }
    }

    [Fact]
    public void Every_audit_action_has_a_name_and_a_sentence_in_every_language()
    {
        var actions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(actions);
        foreach (var language in ResourceFilesTests.Languages)
        {
            var keys = ResourceFilesTests.Strings(language).Keys.ToList();
            Assert.All(actions, action =>
            {
                Assert.Contains($"AuditAction.{action}", keys);
                Assert.Contains(keys, k => k == $"Audit.Sentence.{action}" || k.StartsWith($"Audit.Sentence.{action}.", StringComparison.Ordinal));
            });
        }
    }
}
