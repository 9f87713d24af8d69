using TrainingPortal.Core.Staff;

namespace TrainingPortal.Core.Tests;

public class StaffImportPlanTests
{
    private static readonly DateOnly Hired = new(2020, 1, 6);

    private static StaffRecord Person(string number, string? branch = "BR0001", string? role = Roles.Employee, bool active = true, string? language = null) =>
        new(number, $"Person {number}", $"{number.ToLowerInvariant()}@bank.example", branch, "Teller", Hired, active, language, role);

    private static StaffRow RowFor(StaffRecord person, int row = 2) =>
        new(row, person.EmployeeNumber, person.Name, person.Email, person.BranchCode ?? "BR0001", person.JobTitle, person.HireDate, null, null);

    [Fact]
    public void A_row_matching_its_person_exactly_changes_nothing_even_with_the_branch_code_in_other_case()
    {
        var person = Person("E1");

        Assert.Empty(StaffImportPlan.Changes(person, RowFor(person) with { BranchCode = "br0001" }));
    }

    [Fact]
    public void Each_changed_column_is_named_with_its_old_and_new_value()
    {
        var person = Person("E1", language: "en");
        var row = RowFor(person) with { Name = "Renamed", BranchCode = "BR0002", HireDate = new DateOnly(2021, 3, 4), Role = Roles.BranchManager, Active = false, Language = "zh-Hant" };

        var changes = StaffImportPlan.Changes(person, row);

        Assert.Equal(new[]
        {
            new FieldChange("name", "Person E1", "Renamed"),
            new FieldChange("branch_code", "BR0001", "BR0002"),
            new FieldChange("hire_date", "2020-01-06", "2021-03-04"),
            new FieldChange("role", Roles.Employee, Roles.BranchManager),
            new FieldChange("active", "yes", "no"),
            new FieldChange("language", "en", "zh-Hant"),
        }, changes);
    }

    [Fact]
    public void Empty_role_active_and_language_cells_leave_the_person_as_they_are()
    {
        var person = Person("E1", active: false, language: "zh-Hans");

        Assert.Empty(StaffImportPlan.Changes(person, RowFor(person)));
    }

    [Fact]
    public void An_hr_role_is_never_changed_by_a_row()
    {
        var person = Person("E1", role: Roles.HR);

        Assert.Empty(StaffImportPlan.Changes(person, RowFor(person) with { Role = Roles.Employee }));
    }

    [Fact]
    public void An_email_differing_only_in_case_is_a_change()
    {
        var person = Person("E1");

        Assert.Equal("email", Assert.Single(StaffImportPlan.Changes(person, RowFor(person) with { Email = person.Email.ToUpperInvariant() })).Field);
    }

    [Fact]
    public void Only_another_mailbox_readdresses_a_person_not_another_case_of_theirs()
    {
        var person = Person("E1");
        StaffUpdate UpdateTo(string email) => Assert.Single(StaffImportPlan.Make([RowFor(person) with { Email = email }], [person], deactivateMissing: false).Updates);

        Assert.False(UpdateTo(person.Email.ToUpperInvariant()).Readdresses);
        Assert.True(UpdateTo("someone.else@bank.example").Readdresses);
        Assert.False(Assert.Single(StaffImportPlan.Make([RowFor(person) with { Name = "Renamed" }], [person], deactivateMissing: false).Updates).Readdresses);
    }

    [Fact]
    public void The_plan_creates_updates_leaves_and_deactivates_only_active_branch_staff_missing_from_the_file()
    {
        var same = Person("E1");
        var moved = Person("E2");
        var missing = Person("E3");
        var missingInactive = Person("E4", active: false);
        var missingHeadOffice = Person("E5", branch: null);
        var missingHr = Person("E6", role: Roles.HR);
        var existing = new[] { same, moved, missing, missingInactive, missingHeadOffice, missingHr };
        StaffRow[] rows =
        [
            RowFor(same, 2) with { EmployeeNumber = "e1" },
            RowFor(moved, 3) with { BranchCode = "BR0009" },
            new(4, "N1", "New Person", "n1@bank.example", "BR0001", "Teller", Hired, null, null),
        ];

        var plan = StaffImportPlan.Make(rows, existing, deactivateMissing: true);
        var kept = StaffImportPlan.Make(rows, existing, deactivateMissing: false);

        Assert.Equal(new[] { "N1" }, plan.Creates.Select(r => r.EmployeeNumber));
        Assert.Equal(new[] { "E2" }, plan.Updates.Select(u => u.Current.EmployeeNumber));
        Assert.Equal(new[] { "e1" }, plan.Unchanged.Select(r => r.EmployeeNumber));
        Assert.Equal(new[] { "E3" }, plan.Deactivates.Select(r => r.EmployeeNumber));
        Assert.Empty(kept.Deactivates);
    }
}
