using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Assignments;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Tests.UseCases;

public class StaffImportUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private const string Header = "employee_number,name,email,branch_code,job_title,hire_date,role,active";

    private Task<StaffImportOutcome> ImportAsync(Stream csv, Actor actor, string fileName = "staff.csv") =>
        UseCase.RunAsync(Services, (ImportStaff u) => u.ExecuteAsync(csv, fileName, deactivateMissing: false, actor, CancellationToken.None));

    private static string Unique() => Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private PortalUser User(string employeeNumber) => TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.EmployeeNumber == employeeNumber));

    private string? RoleOf(string userId) =>
        TestData.Query(Services, db => db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).SingleOrDefault());

    [Fact]
    public async Task Only_hr_and_administrators_may_import_and_anyone_else_changes_nothing()
    {
        var id = Unique();
        var manager = await Arrange.StaffAsync(Services, "Branch Manager", 0, new DateOnly(2020, 1, 6));
        var file = Arrange.Csv(Header, $"NP-{id},Nora Pang,np.{id}@demo.bank,{Arrange.BranchCode(Services, 0)},Teller,2025-02-03,,");

        var outcome = await ImportAsync(file, Actors.Of(manager, Roles.BranchManager));

        Assert.Equal(ImportProblemCodes.NotPermitted, Assert.Single(outcome.Problems).Code);
        Assert.Null(outcome.Summary);
        Assert.False(TestData.Query(Services, db => db.Users.Any(u => u.EmployeeNumber == $"NP-{id}")));
    }

    [Fact]
    public void A_summary_is_never_cut_between_the_halves_of_a_character()
    {
        var name = "𠮷"; // outside the BMP: two UTF-16 units
        var summary = new string('x', AuditLog.SummaryLength - 2) + name + "tail";

        var shortened = AuditLog.Shortened(summary);

        Assert.True(shortened.Length <= AuditLog.SummaryLength);
        Assert.EndsWith("…", shortened);
        Assert.False(char.IsHighSurrogate(shortened[^2]));
        Assert.Equal(summary[..AuditLog.SummaryLength], AuditLog.Shortened(summary[..AuditLog.SummaryLength])); // a summary that fits is kept whole
    }

    [Fact]
    public async Task A_change_to_long_but_valid_fields_is_applied_with_its_audit_summary_cut_to_the_column()
    {
        var id = Unique();
        string Row(char letter, string email) =>
            $"LF-{id},{new string(letter, 200)},{email},{Arrange.BranchCode(Services, 0)},{new string(letter, 100)},2025-02-03,,";
        var first = $"{new string('a', 80)}.{id.ToLowerInvariant()}@demo.bank";
        var second = $"{new string('b', 80)}.{id.ToLowerInvariant()}@demo.bank";
        Assert.Empty((await ImportAsync(Arrange.Csv(Header, Row('A', first)), Actors.Hr(Services))).Problems);

        var changed = await ImportAsync(Arrange.Csv(Header, Row('B', second)), Actors.Hr(Services));

        Assert.Empty(changed.Problems);
        Assert.Equal(1, changed.Summary!.Updated);
        var user = User($"LF-{id}");
        Assert.Equal((new string('B', 200), second), (user.DisplayName, user.Email));
        var summary = TestData.Query(Services, db => db.AuditEntries.Where(a => a.Action == AuditActions.EmployeeImported && a.TargetId == user.Id).OrderBy(a => a.Id).Select(a => a.Summary).ToList()).Last();
        Assert.Equal(AuditLog.SummaryLength, TestData.Query(Services, db => db.Model.FindEntityType(typeof(AuditEntry))!.FindProperty(nameof(AuditEntry.Summary))!.GetMaxLength()));
        Assert.Equal(AuditLog.SummaryLength, summary.Length);
        Assert.EndsWith("…", summary);
    }

    [Fact]
    public async Task A_valid_staff_file_creates_and_updates_by_employee_number_audits_it_and_a_reimport_changes_nothing()
    {
        var id = Unique();
        var existing = await TestData.CreateLearnerAsync(Services, branchIndex: 0);
        var (from, to) = (Arrange.BranchCode(Services, 0), Arrange.BranchCode(Services, 4));
        var csv = new[]
        {
            Header,
            $"imp-{id}-1,Zhou Jie 周杰,zhou.{id}@demo.bank,{Arrange.BranchCode(Services, 1)},Teller,2026-01-05,,yes",
            $"IMP-{id}-2,Amara Osei,amara.{id}@demo.bank,{Arrange.BranchCode(Services, 2).ToLowerInvariant()},Relationship Manager,2023-06-30,branchmanager,",
            $"{existing.EmployeeNumber},Renamed Person {id},{existing.Email},{to},Senior Teller,2019-04-01,,",
        };
        var hr = Actors.Hr(Services);
        var lastAudit = Audit.LastId(Services);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ImportAsync(Arrange.Csv(csv), hr, "november.csv");

        Assert.Empty(outcome.Problems);
        Assert.Equal(new ImportSummary(Created: 2, Updated: 1, Unchanged: 0, Deactivated: 0), outcome.Summary);
        var zhou = User($"IMP-{id}-1");
        Assert.Equal(("Zhou Jie 周杰", $"zhou.{id}@demo.bank", $"ZHOU.{id}@DEMO.BANK", $"zhou.{id}@demo.bank", "Teller", new DateOnly(2026, 1, 5), true),
            (zhou.DisplayName, zhou.Email, zhou.NormalizedEmail, zhou.UserName, zhou.JobTitle, zhou.HireDate, zhou.IsActive));
        Assert.Null(zhou.PasswordHash);
        Assert.Equal(Roles.Employee, RoleOf(zhou.Id));
        Assert.Equal(Roles.BranchManager, RoleOf(User($"IMP-{id}-2").Id));
        var moved = User(existing.EmployeeNumber);
        Assert.Equal(($"Renamed Person {id}", "Senior Teller", (int?)Arrange.BranchId(Services, 4)), (moved.DisplayName, moved.JobTitle, moved.BranchId));
        Assert.NotEqual(existing.SecurityStamp, moved.SecurityStamp); // a move of branch signs them out everywhere

        var entries = Audit.Since(Services, lastAudit);
        Assert.Equal([AuditActions.EmployeeImported, AuditActions.EmployeeImported, AuditActions.RoleOrBranchChanged, AuditActions.EmployeeImported, AuditActions.ImportApplied],
            entries.Select(e => e.Action));
        var moveEntry = entries.Single(e => e.Action == AuditActions.RoleOrBranchChanged);
        Assert.Equal(("Employee", existing.Id, hr.UserId), (moveEntry.TargetType, moveEntry.TargetId, moveEntry.ActorUserId));
        Assert.Equal(from, JsonDocument.Parse(moveEntry.BeforeJson!).RootElement.GetProperty("BranchCode").GetString());
        Assert.Equal(to, JsonDocument.Parse(moveEntry.AfterJson!).RootElement.GetProperty("BranchCode").GetString());
        // Each person the import touched has an entry of their own, listing every column it changed, old and new.
        Assert.Equal([zhou.Id, User($"IMP-{id}-2").Id, existing.Id], entries.Where(e => e.Action == AuditActions.EmployeeImported).Select(e => e.TargetId));
        var changes = JsonDocument.Parse(entries.Last(e => e.Action == AuditActions.EmployeeImported).AfterJson!).RootElement.GetProperty("Changes")
            .EnumerateArray().Select(c => c.GetProperty("Field").GetString()).ToList();
        Assert.Equal(["name", "branch_code", "job_title", "hire_date"], changes);
        // An account the import opened is recorded whole: who was given which role, in which branch, at which address.
        var opened = JsonDocument.Parse(entries.First(e => e.Action == AuditActions.EmployeeImported && e.TargetId == User($"IMP-{id}-2").Id).AfterJson!).RootElement.GetProperty("Changes")
            .EnumerateArray().ToDictionary(c => c.GetProperty("Field").GetString()!, c => c.GetProperty("After").GetString());
        Assert.Equal(($"amara.{id}@demo.bank", Arrange.BranchCode(Services, 2), "Relationship Manager", Roles.BranchManager, "yes"),
            (opened["email"], opened["branch_code"], opened["job_title"], opened["role"], opened["active"]));
        Assert.Equal(("StaffImport", "november.csv", hr.UserId), (entries[^1].TargetType, entries[^1].TargetId, entries[^1].ActorUserId));
        Assert.Equal("Imported 3 row(s) from november.csv: 2 created, 1 updated, 0 unchanged, 0 deactivated", entries[^1].Summary);

        Assert.NotEmpty(RequiredCourseTable.Of(Services, zhou.Id));
        Assert.All(RequiredCourseTable.Of(Services, moved.Id), r => Assert.Equal(($"Renamed Person {id}", "Senior Teller", moved.BranchId), (r.DisplayName, r.JobTitle, r.BranchId)));
        var after = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged<PortalUser>(before, after, u => u.Id != existing.Id && u.Id != zhou.Id && u.EmployeeNumber != $"IMP-{id}-2");
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.UserId != existing.Id && r.UserId != zhou.Id && r.EmployeeNumber != $"IMP-{id}-2");
        await RequiredCourseTable.AssertInStepAsync(Services);

        var again = await ImportAsync(Arrange.Csv(csv), hr, "november.csv");

        Assert.Equal(new ImportSummary(0, 0, 3, 0), again.Summary);
        var final = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged(after, final, typeof(AuditEntry));
        Assert.Equal([AuditActions.ImportApplied], Audit.Since(Services, entries[^1].Id).Select(e => e.Action));
    }

    [Fact]
    public async Task A_job_title_nobody_holds_is_refused_until_hr_confirms_it_and_then_applied()
    {
        var id = Unique();
        var file = Arrange.Csv(Header, $"JT-{id},Tess Tan,jt.{id}@demo.bank,{Arrange.BranchCode(Services, 0)},Tellr {id},2025-02-03,,").ToArray();
        var hr = Actors.Hr(Services);
        Task<StaffImportOutcome> ApplyAsync(bool confirmed) => UseCase.RunAsync(Services, (ImportStaff u) =>
            u.ExecuteAsync(file, "titles.csv", deactivateMissing: false, StaffFileEncoding.Utf8, newJobTitlesConfirmed: confirmed, previewedPlan: null, hr, CancellationToken.None));
        var before = await DatabaseState.ReadAsync(Services);

        var refused = await ApplyAsync(confirmed: false);

        var problem = Assert.Single(refused.Problems);
        Assert.Equal((2, "job_title", ImportProblemCodes.NewJobTitleNotConfirmed), (problem.Row, problem.Field, problem.Code));
        Assert.Contains($"Tellr {id}", problem.Message);
        Assert.Null(refused.Summary);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));

        var applied = await ApplyAsync(confirmed: true);

        Assert.Equal(new ImportSummary(Created: 1, Updated: 0, Unchanged: 0, Deactivated: 0), applied.Summary);
        Assert.Equal($"Tellr {id}", User($"JT-{id}").JobTitle);
    }

    [Fact]
    public async Task A_row_marked_inactive_deactivates_the_employee_signs_them_out_and_drops_their_required_courses()
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        Assert.NotEmpty(RequiredCourseTable.Of(Services, learner.Id));

        var outcome = await ImportAsync(Arrange.Csv(Header,
            $"{learner.EmployeeNumber},{learner.DisplayName},{learner.Email},{Arrange.BranchCode(Services, 1)},{learner.JobTitle},{learner.HireDate:yyyy-MM-dd},,no"), Actors.Hr(Services));

        Assert.Equal(new ImportSummary(0, 1, 0, 0), outcome.Summary);
        var stored = User(learner.EmployeeNumber);
        Assert.False(stored.IsActive);
        Assert.NotEqual(learner.SecurityStamp, stored.SecurityStamp);
        Assert.Empty(RequiredCourseTable.Of(Services, learner.Id));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task An_import_that_disables_someone_and_a_later_one_that_enables_them_keep_their_branchs_active_staff_count()
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 2);
        var branchId = learner.BranchId!.Value;
        (int Kept, int Counted) Active() => (
            TestData.Query(Services, db => db.ActiveStaffTallies.Where(t => t.BranchId == branchId).Select(t => t.Active).SingleOrDefault()),
            TestData.Query(Services, db => db.Users.Count(u => u.IsActive && u.BranchId == branchId)));
        string Row(string active) =>
            $"{learner.EmployeeNumber},{learner.DisplayName},{learner.Email},{Arrange.BranchCode(Services, 2)},{learner.JobTitle},{learner.HireDate:yyyy-MM-dd},,{active}";
        var before = Active();
        Assert.Equal(before.Counted, before.Kept);

        Assert.Empty((await ImportAsync(Arrange.Csv(Header, Row("no")), Actors.Hr(Services))).Problems);
        Assert.Equal((before.Kept - 1, before.Kept - 1), Active());

        Assert.Empty((await ImportAsync(Arrange.Csv(Header, Row("yes")), Actors.Hr(Services))).Problems);
        Assert.Equal(before, Active());
    }

    [Fact]
    public async Task Two_large_imports_at_once_both_apply()
    {
        // Two HR users applying large files at the same moment. They take turns at the import's own lock, and each
        // changes more people than a chunk, so each recounts with the counts' gate to itself: both apply, in full.
        var people = RequiredCourseSync.ChunkSize + 10;
        var codes = Enumerable.Range(0, 4).Select(i => Arrange.BranchCode(Services, i)).ToList();
        string[] File(string id) =>
            [Header, .. Enumerable.Range(0, people).Select(i => $"{id}-{i:000},Person {id} {i},{id.ToLowerInvariant()}.{i}@demo.bank,{codes[i % codes.Count]},Teller,2025-02-03,,")];
        var hr = Actors.Hr(Services);

        var outcomes = await Task.WhenAll(ImportAsync(Arrange.Csv(File(Unique())), hr), ImportAsync(Arrange.Csv(File(Unique())), hr));

        Assert.All(outcomes, outcome => Assert.Equal(new ImportSummary(people, 0, 0, 0), outcome.Summary));
    }

    [Fact]
    public async Task The_same_file_applied_twice_at_once_creates_each_person_once_and_answers_both()
    {
        // A double click on Apply. The imports take turns (on SQLite as every writer does, on the server databases by the
        // import's own lock), so the second reads the people as the first left them.
        var id = Unique();
        var code = Arrange.BranchCode(Services, 1);
        string[] file = [Header, .. Enumerable.Range(0, 40).Select(i => $"{id}-{i:00},Twice {id} {i},twice.{id.ToLowerInvariant()}.{i}@demo.bank,{code},Teller,2025-02-03,,")];
        var hr = Actors.Hr(Services);

        var outcomes = await Task.WhenAll(ImportAsync(Arrange.Csv(file), hr), ImportAsync(Arrange.Csv(file), hr));

        Assert.All(outcomes, outcome => Assert.Empty(outcome.Problems));
        Assert.Equal([new ImportSummary(0, 0, 40, 0), new ImportSummary(40, 0, 0, 0)], outcomes.Select(o => o.Summary).OrderBy(s => s!.Created));
        Assert.Equal(40, TestData.Query(Services, db => db.Users.Count(u => u.EmployeeNumber.StartsWith(id + "-"))));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task An_import_that_loses_to_a_concurrent_change_once_is_checked_and_applied_again()
    {
        var id = Unique();

        StaffImportOutcome outcome;
        using (Factory.Faults.Arm(WritePattern.Parse("insert AuditEntries"), asLostConflict: true, maxFires: 1))
        {
            outcome = await ImportAsync(Arrange.Csv(Header, $"ONCE-{id},Lost Once,once.{id.ToLowerInvariant()}@demo.bank,{Arrange.BranchCode(Services, 0)},Teller,2025-02-03,,"), Actors.Hr(Services));
        }

        Assert.Equal(1, Factory.Faults.TimesFired);
        Assert.Empty(outcome.Problems);
        Assert.Equal(new ImportSummary(1, 0, 0, 0), outcome.Summary);
        Assert.Equal(1, TestData.Query(Services, db => db.Users.Count(u => u.EmployeeNumber == $"ONCE-{id}")));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task An_import_that_loses_to_concurrent_changes_twice_is_refused_and_nothing_changes()
    {
        var id = Unique();
        var before = await DatabaseState.ReadAsync(Services);
        StaffImportOutcome outcome;

        using (Factory.Faults.Arm(WritePattern.Parse("insert AuditEntries"), asLostConflict: true))
        {
            outcome = await ImportAsync(Arrange.Csv(Header, $"LOST-{id},Lost Twice,lost.{id.ToLowerInvariant()}@demo.bank,{Arrange.BranchCode(Services, 0)},Teller,2025-02-03,,"), Actors.Hr(Services));
        }

        Assert.Equal(2, Factory.Faults.TimesFired);
        Assert.Null(outcome.Summary);
        Assert.Equal(ImportProblemCodes.ChangedMeanwhile, Assert.Single(outcome.Problems).Code);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("bad rows")]
    [InlineData("missing and unknown columns")]
    [InlineData("empty file")]
    [InlineData("header only")]
    public async Task A_staff_file_with_problems_reports_every_problem_by_row_and_field_and_changes_nothing(string file)
    {
        var code = Arrange.BranchCode(Services, 0);
        var someoneElse = TestData.Query(Services, db => db.Users.Single(u => u.Email == "employee@demo.bank"));
        var id = Unique();
        var (lines, expected) = file switch
        {
            "bad rows" => (new[]
            {
                Header,
                $"OK-{id},Valid Person,valid.{id}@demo.bank,{code},Teller,2025-02-03,,",
                $"BR-{id},Bad Branch,bad.branch.{id}@demo.bank,NOPE,Teller,2025-02-03,,",
                $"BD-{id},Bad Date,bad.date.{id}@demo.bank,{code},Teller,03/02/2025,,",
                $"OK-{id},Twice,twice.{id}@demo.bank,{code},Teller,2025-02-03,,",
                $"EM-{id},Taken Email,{someoneElse.Email},{code},Teller,2025-02-03,,",
                $"RO-{id},Too Senior,senior.{id}@demo.bank,{code},Teller,2025-02-03,HR,",
                $"AC-{id},Unsure,unsure.{id}@demo.bank,{code},Teller,2025-02-03,,maybe",
                $",No Number,,{code},,2025-02-03,,",
                $"B@D-{id},Bad Number,bad.number.{id}@demo.bank,{code},Teller,2025-02-03,,",
                $"NE-{id},Bad Email,not-an-email,{code},Teller,2025-02-03,,",
            }, new (int, string)[]
            {
                (3, "branch_code"), (4, "hire_date"), (5, "employee_number"), (6, "email"), (7, "role"), (8, "active"),
                (9, "employee_number"), (9, "email"), (9, "job_title"), (10, "employee_number"), (11, "email"),
            }),
            "missing and unknown columns" => (new[] { "employee_number,name,email,branch,job_title", $"X-{id},Someone,someone.{id}@demo.bank,{code},Teller" },
                new (int, string)[] { (1, "branch_code"), (1, "hire_date"), (1, "branch") }),
            "empty file" => (Array.Empty<string>(), new (int, string)[] { (0, "file") }),
            "header only" => (new[] { Header }, new (int, string)[] { (0, "file") }),
            _ => throw new ArgumentOutOfRangeException(nameof(file)),
        };
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ImportAsync(Arrange.Csv(lines), Actors.Hr(Services));

        Assert.Null(outcome.Summary);
        Assert.Equal(expected, outcome.Problems.Select(p => (p.Row, p.Field)));
        Assert.All(outcome.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("admin@demo.bank")]
    [InlineData("hr@demo.bank")]
    [InlineData("exec@demo.bank")]
    public async Task Hr_importing_a_row_for_an_hr_executive_or_admin_account_is_refused_and_nothing_changes(string email)
    {
        var privileged = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Email == email));
        var id = Unique();
        var code = Arrange.BranchCode(Services, 0);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ImportAsync(Arrange.Csv(Header,
            $"NEW-{id},New Joiner,new.{id}@demo.bank,{code},Teller,2026-10-01,,",
            $"{privileged.EmployeeNumber.ToLowerInvariant()},Taken Over,{privileged.Email},{code},Teller,2020-01-01,Employee,"), Actors.Hr(Services));

        Assert.Null(outcome.Summary);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal((3, "employee_number"), (problem.Row, problem.Field));
        Assert.Contains(privileged.EmployeeNumber, problem.Message, StringComparison.Ordinal);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task An_administrators_file_that_would_disable_their_own_account_is_refused_and_nothing_changes()
    {
        var admin = Actors.Admin(Services);
        var own = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Id == admin.UserId));
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await ImportAsync(Arrange.Csv(Header,
            $"{own.EmployeeNumber.ToLowerInvariant()},{own.DisplayName},{own.Email},{Arrange.BranchCode(Services, 0)},{own.JobTitle},{own.HireDate:yyyy-MM-dd},,no"), admin);

        Assert.Null(outcome.Summary);
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal((2, "active", ImportProblemCodes.OwnAccountDisabled), (problem.Row, problem.Field, problem.Code));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task A_changed_email_signs_the_person_out_and_ends_any_link_sent_to_the_old_address()
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 1);
        var corrected = $"corrected.{Unique().ToLowerInvariant()}@demo.bank";

        var outcome = await ImportAsync(Arrange.Csv(Header,
            $"{learner.EmployeeNumber},{learner.DisplayName},{corrected},{Arrange.BranchCode(Services, 1)},{learner.JobTitle},{learner.HireDate:yyyy-MM-dd},,"), Actors.Hr(Services));

        Assert.Equal(new ImportSummary(0, 1, 0, 0), outcome.Summary);
        var stored = User(learner.EmployeeNumber);
        Assert.Equal(corrected, stored.Email);
        Assert.NotEqual(learner.SecurityStamp, stored.SecurityStamp);
        var notice = Assert.Single(TestData.Query(Services, db => db.OutboxMails.Where(m => m.Kind == "email-changed" && m.ToAddress == learner.Email).ToList()));
        Assert.Contains("no longer write to this address", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(corrected, notice.TextBody + notice.HtmlBody + notice.Subject, StringComparison.OrdinalIgnoreCase); // the old address may be someone else's
    }

    [Fact]
    public async Task A_changed_email_of_someone_the_portal_never_wrote_to_sends_no_notice()
    {
        var id = Unique();
        var code = Arrange.BranchCode(Services, 1);
        var first = $"never.{id.ToLowerInvariant()}@demo.bank";
        Assert.Equal(new ImportSummary(1, 0, 0, 0), (await ImportAsync(Arrange.Csv(Header, $"NEVER-{id},Never Invited,{first},{code},Teller,2025-02-03,,"), Actors.Hr(Services))).Summary);

        var outcome = await ImportAsync(Arrange.Csv(Header, $"NEVER-{id},Never Invited,right.{id.ToLowerInvariant()}@demo.bank,{code},Teller,2025-02-03,,"), Actors.Hr(Services));

        Assert.Equal(new ImportSummary(0, 1, 0, 0), outcome.Summary);
        Assert.False(TestData.Query(Services, db => db.OutboxMails.Any(m => m.ToAddress == first)));
    }

    [Fact]
    public async Task An_administrator_may_import_a_row_for_an_hr_account_but_never_changes_its_role()
    {
        var hrUser = await TestData.CreateLearnerAsync(Services, role: Roles.HR, branchIndex: 2);

        var outcome = await ImportAsync(Arrange.Csv(Header,
            $"{hrUser.EmployeeNumber},Renamed HR,{hrUser.Email},{Arrange.BranchCode(Services, 2)},HR Partner,2024-01-15,Employee,"), Actors.Admin(Services));

        Assert.Empty(outcome.Problems);
        Assert.Equal(new ImportSummary(0, 1, 0, 0), outcome.Summary);
        Assert.Equal("Renamed HR", User(hrUser.EmployeeNumber).DisplayName);
        Assert.Equal(Roles.HR, RoleOf(hrUser.Id));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task An_import_moving_someone_between_employee_and_branch_manager_audits_the_role_change()
    {
        var learner = await TestData.CreateLearnerAsync(Services, branchIndex: 3);
        var lastAudit = Audit.LastId(Services);

        var outcome = await ImportAsync(Arrange.Csv(Header,
            $"{learner.EmployeeNumber},{learner.DisplayName},{learner.Email},{Arrange.BranchCode(Services, 3)},{learner.JobTitle},{learner.HireDate:yyyy-MM-dd},BranchManager,"), Actors.Hr(Services));

        Assert.Equal(new ImportSummary(0, 1, 0, 0), outcome.Summary);
        Assert.Equal(Roles.BranchManager, RoleOf(learner.Id));
        Assert.Single(TestData.Query(Services, db => db.UserRoles.Where(ur => ur.UserId == learner.Id).ToList()));
        var change = Audit.Since(Services, lastAudit).Single(e => e.Action == AuditActions.RoleOrBranchChanged);
        Assert.Equal(Roles.Employee, JsonDocument.Parse(change.BeforeJson!).RootElement.GetProperty("Role").GetString());
        Assert.Equal(Roles.BranchManager, JsonDocument.Parse(change.AfterJson!).RootElement.GetProperty("Role").GetString());
        Assert.NotEqual(learner.SecurityStamp, User(learner.EmployeeNumber).SecurityStamp);
    }
}
