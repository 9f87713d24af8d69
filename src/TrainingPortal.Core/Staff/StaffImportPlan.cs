using System.Globalization;

namespace TrainingPortal.Core.Staff;

/// <summary>A person as the portal holds them, in the staff file's terms: BranchCode is null for head office, Role
/// null for an account without one.</summary>
public sealed record StaffRecord(string EmployeeNumber, string Name, string Email, string? BranchCode, string JobTitle, DateOnly HireDate, bool Active, string? Language, string? Role);

/// <summary>A column an import row changes, with the values as the staff file writes them ("" for none).</summary>
public sealed record FieldChange(string Field, string Before, string After);

public sealed record StaffUpdate(StaffRow Row, StaffRecord Current, IReadOnlyList<FieldChange> Changes)
{
    public bool Touches(string field) => Changes.Any(c => c.Field == field);

    /// <summary>
    /// The row gives the person another mailbox, not another spelling of theirs: addresses are one account's whatever
    /// their case, as the portal finds them, so an HR system writing them in capitals changes the spelling only.
    /// </summary>
    public bool Readdresses => Changes.Any(c => c.Field == "email" && !string.Equals(c.Before, c.After, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// What a checked staff file does to the people the portal holds: the one decision both the preview and the import
/// use, so what HR is shown is what is applied. Employees are matched by employee number (ignoring case); a row
/// updates only when a column differs; "deactivate missing" reaches only active branch staff the file leaves out.
/// </summary>
public sealed record StaffImportPlan(IReadOnlyList<StaffRow> Creates, IReadOnlyList<StaffUpdate> Updates, IReadOnlyList<StaffRow> Unchanged, IReadOnlyList<StaffRecord> Deactivates)
{
    public static StaffImportPlan Make(IReadOnlyList<StaffRow> rows, IEnumerable<StaffRecord> existing, bool deactivateMissing)
    {
        var byNumber = existing.ToDictionary(r => r.EmployeeNumber, StringComparer.OrdinalIgnoreCase);
        var creates = new List<StaffRow>();
        var updates = new List<StaffUpdate>();
        var unchanged = new List<StaffRow>();
        foreach (var row in rows)
        {
            if (!byNumber.TryGetValue(row.EmployeeNumber, out var current))
            {
                creates.Add(row);
            }
            else if (Changes(current, row) is { Count: > 0 } changes)
            {
                updates.Add(new StaffUpdate(row, current, changes));
            }
            else
            {
                unchanged.Add(row);
            }
        }

        var inFile = rows.Select(r => r.EmployeeNumber).ToHashSet(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<StaffRecord> deactivates = deactivateMissing
            ? byNumber.Values.Where(r => r.Active && r.BranchCode is not null && !inFile.Contains(r.EmployeeNumber) && Roles.IsBranchStaff(r.Role))
                .OrderBy(r => r.EmployeeNumber, StringComparer.Ordinal)
                .ToList()
            : [];
        return new StaffImportPlan(creates, updates, unchanged, deactivates);
    }

    /// <summary>
    /// The columns a row changes for the person it matches. Empty active and language cells leave the person as they
    /// are; a role changes only between the branch-staff roles, as HR and Admin roles are never changed by an import.
    /// Branch codes are compared ignoring case, as the file's code is matched to the branch that way.
    /// </summary>
    public static IReadOnlyList<FieldChange> Changes(StaffRecord current, StaffRow row)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? before, string? after, StringComparison comparison = StringComparison.Ordinal)
        {
            if (!string.Equals(before, after, comparison))
            {
                changes.Add(new FieldChange(field, before ?? "", after ?? ""));
            }
        }

        Compare("name", current.Name, row.Name);
        Compare("email", current.Email, row.Email);
        Compare("branch_code", current.BranchCode, row.BranchCode, StringComparison.OrdinalIgnoreCase);
        Compare("job_title", current.JobTitle, row.JobTitle);
        Compare("hire_date", Date(current.HireDate), Date(row.HireDate));
        if (row.Role is { } role && Roles.IsBranchStaff(current.Role))
        {
            Compare("role", current.Role, role);
        }

        if (row.Active is { } active)
        {
            Compare("active", YesNo(current.Active), YesNo(active));
        }

        if (row.Language is { } language)
        {
            Compare("language", current.Language, language);
        }

        return changes;
    }

    /// <summary>
    /// The plan in a few characters: equal for two plans that create, change (column by column, from and to) and
    /// deactivate the same people. What HR was shown is compared by it with what an import would now do, so that people
    /// added or edited after the preview are not changed, or deactivated, unseen.
    /// </summary>
    public string Fingerprint()
    {
        var text = new System.Text.StringBuilder();
        void Line(params string[] parts) => text.AppendJoin('\u001f', parts).Append('\u001e');
        foreach (var row in Creates)
        {
            Line("create", row.EmployeeNumber);
        }

        foreach (var update in Updates)
        {
            Line("update", update.Row.EmployeeNumber);
            foreach (var change in update.Changes)
            {
                Line(change.Field, change.Before, change.After);
            }
        }

        foreach (var leaver in Deactivates)
        {
            Line("deactivate", leaver.EmployeeNumber);
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// A new person's columns, each from nothing to what the account gets: what the audit keeps of an account an import
    /// opens, so who was given which role in which branch can be read back without the file.
    /// </summary>
    public static IReadOnlyList<FieldChange> AsCreated(StaffRow row) =>
    [
        new("email", "", row.Email),
        new("branch_code", "", row.BranchCode.ToUpperInvariant()),
        new("job_title", "", row.JobTitle),
        new("hire_date", "", Date(row.HireDate)),
        new("role", "", row.Role ?? Roles.Employee),
        new("active", "", YesNo(row.Active ?? true)),
        .. row.Language is { } language ? [new FieldChange("language", "", language)] : Array.Empty<FieldChange>(),
    ];

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";
}
