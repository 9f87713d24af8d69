using System.Globalization;
using System.Net.Mail;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace TrainingPortal.Core.Staff;

public sealed record StaffRow(int Row, string EmployeeNumber, string Name, string Email, string BranchCode, string JobTitle, DateOnly HireDate, string? Role, bool? Active);

public sealed record ImportProblem(int Row, string Field, string Message)
{
    public override string ToString() => Row > 0 ? $"row {Row}, {Field}: {Message}" : $"{Field}: {Message}";
}

public sealed record StaffImportResult(IReadOnlyList<StaffRow> Rows, IReadOnlyList<ImportProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads and checks a staff CSV from the HR system. Every row is checked and every problem reported with
/// its row number and field; rows are numbered as a spreadsheet shows them, the header being row 1.
/// </summary>
public static class StaffImportFile
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["employee_number", "name", "email", "branch_code", "job_title", "hire_date"];
    public static readonly IReadOnlyList<string> OptionalColumns = ["role", "active"];
    

    public static StaffImportResult Read(Stream csv, IReadOnlySet<string> branchCodes, IReadOnlyDictionary<string, string> employeeNumberByEmail)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<StaffRow>();
        using var reader = new StreamReader(csv, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var parser = new CsvReader(reader, configuration);
        if (!parser.Read() || !parser.ReadHeader())
        {
            problems.Add(new ImportProblem(0, "file", "the file is empty; the first row must name the columns"));
            return new StaffImportResult(rows, problems);
        }

        var header = parser.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var missing in RequiredColumns.Where(c => !header.Contains(c)))
        {
            problems.Add(new ImportProblem(1, missing, $"required column '{missing}' is missing from the header"));
        }

        foreach (var unknown in header.Where(h => !RequiredColumns.Contains(h) && !OptionalColumns.Contains(h)))
        {
            problems.Add(new ImportProblem(1, unknown, $"unknown column '{unknown}'; expected {string.Join(", ", RequiredColumns.Concat(OptionalColumns))}"));
        }

        if (problems.Count > 0)
        {
            return new StaffImportResult(rows, problems);
        }

        var seenNumbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenEmails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (parser.Read())
        {
            var row = parser.Parser.Row;
            string Field(string name) => header.Contains(name) ? (parser.GetField(name) ?? "").Trim() : "";
            if (parser.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var before = problems.Count;
            var number = EmployeeNumbers.Normalise(Field("employee_number"));
            var name = Field("name");
            var email = Field("email");
            var branch = Field("branch_code");
            var jobTitle = Field("job_title");
            var hireText = Field("hire_date");
            var roleText = Field("role");
            var activeText = Field("active");

            Require(number, "employee_number");
            Require(name, "name");
            Require(email, "email");
            Require(branch, "branch_code");
            Require(jobTitle, "job_title");
            Require(hireText, "hire_date");

            if (number.Length > 0 && EmployeeNumbers.Problem(number) is { } numberProblem)
            {
                problems.Add(new ImportProblem(row, "employee_number", numberProblem));
            }
            else if (number.Length > 0 && !seenNumbers.TryAdd(number, row))
            {
                problems.Add(new ImportProblem(row, "employee_number", $"duplicate employee number '{number}' (also on row {seenNumbers[number]})"));
            }

            if (name.Length > 200)
            {
                problems.Add(new ImportProblem(row, "name", "the name is longer than 200 characters"));
            }

            if (email.Length > 0)
            {
                if (!IsEmail(email))
                {
                    problems.Add(new ImportProblem(row, "email", $"'{email}' is not a valid email address"));
                }
                else if (!seenEmails.TryAdd(email, row))
                {
                    problems.Add(new ImportProblem(row, "email", $"'{email}' is used twice in the file (also on row {seenEmails[email]})"));
                }
                else if (employeeNumberByEmail.TryGetValue(email, out var owner) && !string.Equals(owner, number, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new ImportProblem(row, "email", $"'{email}' already belongs to employee {owner}"));
                }
            }

            if (branch.Length > 0 && !branchCodes.Contains(branch))
            {
                problems.Add(new ImportProblem(row, "branch_code", $"unknown branch code '{branch}'"));
            }

            var hireDate = default(DateOnly);
            if (hireText.Length > 0 && !DateOnly.TryParseExact(hireText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out hireDate))
            {
                problems.Add(new ImportProblem(row, "hire_date", $"'{hireText}' is not a date; use YYYY-MM-DD"));
            }

            string? role = null;
            if (roleText.Length > 0)
            {
                role = Roles.BranchStaff.FirstOrDefault(r => string.Equals(r, roleText, StringComparison.OrdinalIgnoreCase));
                if (role is null)
                {
                    problems.Add(new ImportProblem(row, "role", $"'{roleText}' is not a role the import can give; use {string.Join(" or ", Roles.BranchStaff)}"));
                }
            }

            bool? active = null;
            if (activeText.Length > 0)
            {
                active = activeText.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" or "y" => true,
                    "false" or "no" or "0" or "n" => false,
                    _ => null,
                };
                if (active is null)
                {
                    problems.Add(new ImportProblem(row, "active", $"'{activeText}' is not yes or no"));
                }
            }

            if (problems.Count == before)
            {
                rows.Add(new StaffRow(row, number, name, email, branch, jobTitle, hireDate, role, active));
            }

            void Require(string value, string field)
            {
                if (value.Length == 0)
                {
                    problems.Add(new ImportProblem(row, field, "is empty"));
                }
            }
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ImportProblem(0, "file", "the file has a header but no staff rows"));
        }

        return new StaffImportResult(rows, problems);
    }

    private static bool IsEmail(string text) =>
        text.Length <= 256 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}
