using Microsoft.AspNetCore.Identity;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Assignments;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Tests.UseCases;

public class AccountUseCaseTests(UseCaseFactory factory) : UseCaseTestBase(factory), IClassFixture<UseCaseFactory>
{
    private Task<Outcome<PortalUser>> CreateAsync(NewAccount input, Actor actor) =>
        UseCase.RunAsync(Services, (CreateAccount u) => u.ExecuteAsync(input, actor, CancellationToken.None));

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Setting_a_password_on_an_account_without_one_is_audited_with_it_and_a_refused_one_writes_nothing()
    {
        var person = await TestData.CreateLearnerAsync(Services, "Sign-on Only");
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.RemovePasswordAsync((await users.FindByIdAsync(person.Id))!)).Succeeded); // as after signing in only through the bank's sign-on
        }

        var actor = Actors.Of(person, Roles.Employee);
        await using (var scope = Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(person.Id))!;
            var change = scope.ServiceProvider.GetRequiredService<ChangeOwnPassword>();
            Assert.False((await change.AddAsync(user, "short", actor, CancellationToken.None)).Succeeded);
            Assert.True((await change.AddAsync(user, "copper kettle meadow 19", actor, CancellationToken.None)).Succeeded);
        }

        var audited = TestData.Query(Services, db => db.AuditEntries.Where(a => a.TargetId == person.Id && (a.Action == AuditActions.PasswordAdded || a.Action == AuditActions.PasswordChanged)).ToList());
        Assert.Equal((AuditActions.PasswordAdded, person.Id), (Assert.Single(audited).Action, audited[0].ActorUserId));
        Assert.NotNull(TestData.Query(Services, db => db.Users.Single(u => u.Id == person.Id).PasswordHash));
    }

    private List<string> RolesOf(string userId) =>
        TestData.Query(Services, db => db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList());

    /// <summary>The courses the assignments on record require of someone, worked out here from the assignments alone.</summary>
    private List<string> CoursesRequiredOf(int? branchId, string jobTitle)
    {
        var regionId = TestData.Query(Services, db => db.Branches.Where(b => b.Id == branchId).Select(b => (int?)b.RegionId).SingleOrDefault());
        return TestData.Query(Services, db => db.Assignments.AsNoTracking().ToList())
            .Where(a => a.Target switch
            {
                AssignmentTarget.AllStaff => true,
                AssignmentTarget.Region => regionId is not null && a.TargetRegionId == regionId,
                AssignmentTarget.Branch => branchId is not null && a.TargetBranchId == branchId,
                AssignmentTarget.JobTitle => string.Equals(a.TargetJobTitle, jobTitle, StringComparison.OrdinalIgnoreCase),
                _ => false,
            })
            .Select(a => a.CourseSlug).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Of_two_administrators_disabling_each_other_the_second_finds_its_authority_gone_and_one_stays()
    {
        var first = await TestData.CreateLearnerAsync(Services, "First Admin " + Unique(), Roles.Admin);
        var second = await TestData.CreateLearnerAsync(Services, "Second Admin " + Unique(), Roles.Admin);
        Task<Outcome<PortalUser>> DisableAsync(PortalUser target, PortalUser by) =>
            UseCase.RunAsync(Services, (SetAccountActive u) => u.ExecuteAsync(target.Id, false, Actors.Of(by, Roles.Admin), CancellationToken.None));

        var firstWins = await DisableAsync(second, by: first);
        var secondLoses = await DisableAsync(first, by: second); // signed in before it was disabled: its cookie still says Admin

        Assert.True(firstWins.Succeeded);
        Assert.False(secondLoses.Succeeded);
        Assert.True(TestData.Query(Services, db => db.Users.Single(u => u.Id == first.Id).IsActive));
        Assert.False(TestData.Query(Services, db => db.AuditEntries.Any(a => a.Action == AuditActions.AccountDisabled && a.TargetId == first.Id)));

        // Demoted rather than disabled: the same.
        var third = await TestData.CreateLearnerAsync(Services, "Third Admin " + Unique(), Roles.Admin);
        var demoted = await UseCase.RunAsync(Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(third.Id, third.DisplayName, third.BranchId, third.JobTitle, Roles.HR), Actors.Of(first, Roles.Admin), CancellationToken.None));
        Assert.True(demoted.Succeeded);
        var byDemoted = await UseCase.RunAsync(Services, (ChangeAccount u) => u.ExecuteAsync(
            new AccountChange(first.Id, first.DisplayName, first.BranchId, first.JobTitle, Roles.Employee), Actors.Of(third, Roles.Admin), CancellationToken.None));
        Assert.False(byDemoted.Succeeded);
        Assert.Equal([Roles.Admin], RolesOf(first.Id));
    }

    [Theory]
    [InlineData("update AspNetUsers")]
    [InlineData("update AspNetUserTokens")]
    public async Task Resetting_an_authenticator_that_loses_to_a_concurrent_write_runs_again_on_fresh_reads_rather_than_failing(string losingWrite)
    {
        var person = await TestData.CreateLearnerAsync(Services, "Lost Phone " + Unique());
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByIdAsync(person.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        Outcome<string> outcome;
        using (Factory.Faults.Arm(WritePattern.Parse(losingWrite), asLostConflict: true, maxFires: 1))
        {
            outcome = await UseCase.RunAsync(Services, (ResetAuthenticator u) => u.ExecuteAsync(person.Id, Actors.Admin(Services), CancellationToken.None));
        }

        Assert.Equal(1, Factory.Faults.TimesFired);
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        Assert.False(TestData.Query(Services, db => db.Users.Single(u => u.Id == person.Id).TwoFactorEnabled));
        Assert.Single(TestData.Query(Services, db => db.AuditEntries.Where(a => a.Action == AuditActions.AuthenticatorReset && a.TargetId == person.Id).ToList()));
    }

    [Fact]
    public async Task Hr_opens_an_employee_account_without_a_password_with_its_role_required_courses_and_audit_entry()
    {
        var suffix = Unique();
        var branchId = Arrange.BranchId(Services, 2);
        var hr = Actors.Hr(Services);
        var lastAudit = Audit.LastId(Services);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await CreateAsync(
            new NewAccount($"  t-{suffix} ", $" Ama Mensah {suffix} ", $"  ama.{suffix}@demo.bank ", " Teller ", new DateOnly(2025, 9, 1), branchId, Roles.Employee), hr);

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals));
        var user = TestData.Query(Services, db => db.Users.AsNoTracking().Single(u => u.Id == outcome.Value!.Id));
        Assert.Equal(($"T-{suffix.ToUpperInvariant()}", $"Ama Mensah {suffix}", $"ama.{suffix}@demo.bank", $"ama.{suffix}@demo.bank", "Teller"),
            (user.EmployeeNumber, user.DisplayName, user.Email, user.UserName, user.JobTitle));
        Assert.Equal((new DateOnly(2025, 9, 1), (int?)branchId, true, true, Arrange.Now(Factory)), (user.HireDate, user.BranchId, user.IsActive, user.EmailConfirmed, user.CreatedAtUtc));
        Assert.Null(user.PasswordHash);
        Assert.Equal([Roles.Employee], RolesOf(user.Id));

        var entry = Assert.Single(Audit.Since(Services, lastAudit));
        Assert.Equal((AuditActions.AccountCreated, "Employee", user.Id, hr.UserId, hr.Name),
            (entry.Action, entry.TargetType, entry.TargetId, entry.ActorUserId, entry.ActorName));
        Assert.Equal($"Created the account of Ama Mensah {suffix} (T-{suffix.ToUpperInvariant()}) as Employee", entry.Summary);
        Assert.Equal(Roles.Employee, JsonDocument.Parse(entry.AfterJson!).RootElement.GetProperty("Role").GetString());

        var required = RequiredCourseTable.Of(Services, user.Id);
        Assert.NotEmpty(required);
        Assert.Equal(CoursesRequiredOf(branchId, "Teller"), required.Select(r => r.CourseSlug));
        Assert.All(required, r => Assert.Equal((user.EmployeeNumber, user.DisplayName, (int?)branchId), (r.EmployeeNumber, r.DisplayName, r.BranchId)));

        var after = await DatabaseState.ReadAsync(Services);
        DatabaseState.AssertUnchanged(before, after, typeof(PortalUser), typeof(Microsoft.AspNetCore.Identity.IdentityUserRole<string>), typeof(AuditEntry), typeof(RequiredCourse));
        DatabaseState.AssertUnchanged<PortalUser>(before, after, u => u.Id != user.Id);
        DatabaseState.AssertUnchanged<RequiredCourse>(before, after, r => r.UserId != user.Id);
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task An_administrator_may_give_any_role_and_head_office_staff_belong_to_no_branch_or_region()
    {
        var admin = Actors.Admin(Services);
        var suffix = Unique();

        var hrAccount = await CreateAsync(new NewAccount($"H-{suffix}", "Head Office Person", $"ho.{suffix}@demo.bank", "HR Adviser", new DateOnly(2020, 1, 6), null, Roles.HR), admin);
        var manager = await CreateAsync(new NewAccount($"M-{suffix}", "Branch Manager", $"bm.{suffix}@demo.bank", "Branch Manager", new DateOnly(2021, 4, 1), Arrange.BranchId(Services, 6), Roles.BranchManager), admin);

        Assert.True(hrAccount.Succeeded, string.Join(", ", hrAccount.Refusals));
        Assert.True(manager.Succeeded, string.Join(", ", manager.Refusals));
        Assert.Equal([Roles.HR], RolesOf(hrAccount.Value!.Id));
        Assert.Equal([Roles.BranchManager], RolesOf(manager.Value!.Id));
        var headOffice = RequiredCourseTable.Of(Services, hrAccount.Value.Id);
        Assert.Equal(CoursesRequiredOf(null, "HR Adviser"), headOffice.Select(r => r.CourseSlug));
        Assert.All(headOffice, r => Assert.Equal((HeadOffice.Name, (int?)null, (int?)null), (r.BranchName, r.BranchId, r.RegionId)));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Theory]
    [InlineData("empty employee number", "EmployeeNumber")]
    [InlineData("employee number with a space inside", "EmployeeNumber")]
    [InlineData("hr gives HR", "Role")]
    [InlineData("hr gives Executive", "Role")]
    [InlineData("hr gives Admin", "Role")]
    [InlineData("admin gives a role that does not exist", "Role")]
    [InlineData("unknown branch", "BranchId")]
    [InlineData("manager without a branch", "BranchId")]
    [InlineData("duplicate employee number", "EmployeeNumber")]
    [InlineData("duplicate employee number in another spelling", "EmployeeNumber")]
    [InlineData("hr gives Admin with a duplicate employee number", "Role,EmployeeNumber")]
    [InlineData("hire date in the year 9999", "HireDate")]
    [InlineData("hire date before 1900", "HireDate")]
    public async Task Opening_an_account_that_breaks_a_rule_is_refused_with_the_field_at_fault_and_writes_nothing(string problem, string fields)
    {
        var suffix = Unique();
        var existing = TestData.Query(Services, db => db.Users.Single(u => u.Email == "employee@demo.bank").EmployeeNumber);
        var ok = new NewAccount($"R-{suffix}", "Refused Person", $"refused.{suffix}@demo.bank", "Teller", new DateOnly(2025, 1, 6), Arrange.BranchId(Services, 0), Roles.Employee);
        var (input, actor) = problem switch
        {
            "empty employee number" => (ok with { EmployeeNumber = "   " }, Actors.Hr(Services)),
            "employee number with a space inside" => (ok with { EmployeeNumber = "E 1" }, Actors.Hr(Services)),
            "hr gives HR" => (ok with { Role = Roles.HR }, Actors.Hr(Services)),
            "hr gives Executive" => (ok with { Role = Roles.Executive }, Actors.Hr(Services)),
            "hr gives Admin" => (ok with { Role = Roles.Admin }, Actors.Hr(Services)),
            "admin gives a role that does not exist" => (ok with { Role = "Auditor" }, Actors.Admin(Services)),
            "unknown branch" => (ok with { BranchId = 999_999 }, Actors.Hr(Services)),
            "manager without a branch" => (ok with { BranchId = null, Role = Roles.BranchManager }, Actors.Admin(Services)),
            "duplicate employee number" => (ok with { EmployeeNumber = existing }, Actors.Hr(Services)),
            "duplicate employee number in another spelling" => (ok with { EmployeeNumber = $" {existing.ToLowerInvariant()} " }, Actors.Hr(Services)),
            "hr gives Admin with a duplicate employee number" => (ok with { EmployeeNumber = existing, Role = Roles.Admin }, Actors.Hr(Services)),
            "hire date in the year 9999" => (ok with { HireDate = new DateOnly(9999, 12, 31) }, Actors.Hr(Services)),
            "hire date before 1900" => (ok with { HireDate = new DateOnly(1899, 12, 31) }, Actors.Hr(Services)),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await CreateAsync(input, actor);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.NotFound);
        Assert.Equal(fields.Split(','), outcome.Refusals.Select(r => r.Field));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Theory]
    [InlineData("employee@demo.bank")]
    [InlineData("EMPLOYEE@Demo.Bank")]
    [InlineData("  hr@demo.bank ")]
    public async Task Opening_an_account_with_an_email_already_in_use_is_refused_on_the_email_and_writes_nothing(string email)
    {
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await CreateAsync(new NewAccount($"D-{Unique()}", "Duplicate Email", email, "Teller", new DateOnly(2025, 1, 6), Arrange.BranchId(Services, 0), Roles.Employee), Actors.Hr(Services));

        Assert.False(outcome.Succeeded);
        Assert.NotEmpty(outcome.Refusals);
        Assert.All(outcome.Refusals, r => Assert.Equal("Email", r.Field));
        Assert.Contains(outcome.Refusals, r => r.Message.Contains("is already taken", StringComparison.Ordinal));
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Opening_an_account_with_an_invalid_email_is_refused_on_the_email_and_writes_nothing()
    {
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await CreateAsync(new NewAccount($"X-{Unique()}", "No Email", "not-an-email", "Teller", new DateOnly(2025, 1, 6), Arrange.BranchId(Services, 0), Roles.Employee), Actors.Hr(Services));

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Refusals, r => r.Field == "Email");
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Opening_an_account_that_loses_to_a_concurrent_write_is_checked_again_on_fresh_reads_rather_than_failing()
    {
        // A double click on SQL Server or PostgreSQL: the second insert meets the first's key once the first commits.
        var id = Unique().ToUpperInvariant();
        var input = new NewAccount($"DC-{id}", "Double Click", $"dc.{id}@demo.bank", "Teller", new DateOnly(2025, 9, 1), Arrange.BranchId(Services, 0), Roles.Employee);

        Outcome<PortalUser> outcome;
        using (Factory.Faults.Arm(WritePattern.Parse("insert AspNetUsers"), asLostConflict: true, maxFires: 1))
        {
            outcome = await CreateAsync(input, Actors.Hr(Services));
        }

        Assert.Equal(1, Factory.Faults.TimesFired);
        Assert.True(outcome.Succeeded);
        Assert.Equal(1, TestData.Query(Services, db => db.Users.Count(u => u.EmployeeNumber == $"DC-{id}")));
        Assert.Single(TestData.Query(Services, db => db.AuditEntries.Where(a => a.Action == AuditActions.AccountCreated && a.TargetId == outcome.Value!.Id).ToList()));
        await RequiredCourseTable.AssertInStepAsync(Services);
    }

    [Fact]
    public async Task Saving_an_account_unchanged_writes_nothing()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 2);
        var before = await DatabaseState.ReadAsync(Services);

        var outcome = await UseCase.RunAsync(Services, (ChangeAccount u) =>
            u.ExecuteAsync(new AccountChange(person.Id, person.DisplayName, person.BranchId, person.JobTitle, Roles.Employee), Actors.Admin(Services), CancellationToken.None));

        Assert.True(outcome.Succeeded);
        DatabaseState.AssertUnchanged(before, await DatabaseState.ReadAsync(Services));
    }

    [Fact]
    public async Task Moving_disabling_and_enabling_an_account_keep_the_active_staff_count_of_each_branch()
    {
        var person = await TestData.CreateLearnerAsync(Services, branchIndex: 3);
        var (from, to) = (Arrange.BranchId(Services, 3), Arrange.BranchId(Services, 4));
        (int Kept, int Counted) Active(int branchId) => (
            TestData.Query(Services, db => db.ActiveStaffTallies.Where(t => t.BranchId == branchId).Select(t => t.Active).SingleOrDefault()),
            TestData.Query(Services, db => db.Users.Count(u => u.IsActive && u.BranchId == branchId)));
        var (atFrom, atTo) = (Active(from), Active(to));
        Assert.Equal(atFrom.Counted, atFrom.Kept);
        var admin = Actors.Admin(Services);

        Assert.True((await UseCase.RunAsync(Services, (ChangeAccount u) =>
            u.ExecuteAsync(new AccountChange(person.Id, person.DisplayName, to, person.JobTitle, Roles.Employee), admin, CancellationToken.None))).Succeeded);
        Assert.Equal((atFrom.Kept - 1, atFrom.Kept - 1), Active(from));
        Assert.Equal((atTo.Kept + 1, atTo.Kept + 1), Active(to));

        Assert.True((await UseCase.RunAsync(Services, (SetAccountActive u) => u.ExecuteAsync(person.Id, active: false, admin, CancellationToken.None))).Succeeded);
        Assert.Equal((atTo.Kept, atTo.Kept), Active(to));

        Assert.True((await UseCase.RunAsync(Services, (SetAccountActive u) => u.ExecuteAsync(person.Id, active: true, admin, CancellationToken.None))).Succeeded);
        Assert.Equal((atTo.Kept + 1, atTo.Kept + 1), Active(to));
    }

    [Fact]
    public async Task A_sign_in_holding_an_account_read_before_it_was_disabled_cannot_write_it_back_enabled()
    {
        var admin = Actors.Admin(Services);
        var person = (await CreateAsync(new NewAccount($"S-{Unique()}", "Stale Read", $"stale.{Unique()}@demo.bank", "Teller", new DateOnly(2025, 1, 6),
            Arrange.BranchId(Services, 0), Roles.Employee), admin)).Value!;
        using var signIn = Services.CreateScope();
        var users = signIn.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var readBySignIn = (await users.FindByIdAsync(person.Id))!;

        Assert.True((await UseCase.RunAsync(Services, (SetAccountActive u) => u.ExecuteAsync(person.Id, active: false, admin, CancellationToken.None))).Succeeded);
        var mistypedPasswordCounted = await users.AccessFailedAsync(readBySignIn);

        Assert.False(mistypedPasswordCounted.Succeeded);
        Assert.False(TestData.Query(Services, db => db.Users.Single(u => u.Id == person.Id).IsActive));
    }
}
