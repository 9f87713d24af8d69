using System.Globalization;
using System.Net.Mail;
using TrainingPortal.Core.Languages;
using CsvHelper;
using CsvHelper.Configuration;

namespace TrainingPortal.Core.Staff;

public sealed record StaffRow(int Row, string EmployeeNumber, string Name, string Email, string BranchCode, string JobTitle, DateOnly HireDate, string? Role, bool? Active, string? Language = null);

/// <summary>
/// One thing wrong with a staff file: the row (header = 1; 0 for the whole file), the column (its canonical name such
/// as "branch_code", "file" for the whole file, or a header as the file spells it) and what is wrong, as a code from
/// <see cref="ImportProblemCodes"/> with its arguments. The web layer turns it into the reader's language.
/// </summary>
public sealed record ImportProblem(int Row, string Field, string Code, IReadOnlyList<string> Args)
{
    public ImportProblem(int row, string field, string code) : this(row, field, code, [])
    {
    }

    public override string ToString() => $"row {Row}, {Field}: {Code}({string.Join(", ", Args)})";
}

/// <summary>What can be wrong with a staff file; the arguments each code carries are listed with it.</summary>
public static class ImportProblemCodes
{
    public const string FileEmpty = "FileEmpty";
    public const string NoRows = "NoRows";
    /// <summary>Row 1; Field is the missing column.</summary>
    public const string MissingColumn = "MissingColumn";
    /// <summary>Row 1; [header as spelt in the file].</summary>
    public const string UnknownColumn = "UnknownColumn";
    /// <summary>Row 1; [header as spelt in the file].</summary>
    public const string DuplicateColumn = "DuplicateColumn";
    /// <summary>[the column's number, from 1]: a value under a column whose header cell is empty (a spreadsheet's stray cell).</summary>
    public const string UnnamedColumn = "UnnamedColumn";
    public const string Required = "Required";
    /// <summary>[number, maximum length].</summary>
    public const string EmployeeNumberInvalid = "EmployeeNumberInvalid";
    /// <summary>[number, the other row].</summary>
    public const string DuplicateEmployeeNumber = "DuplicateEmployeeNumber";
    /// <summary>[maximum length].</summary>
    public const string NameTooLong = "NameTooLong";
    /// <summary>[maximum length].</summary>
    public const string JobTitleTooLong = "JobTitleTooLong";
    /// <summary>[email].</summary>
    public const string InvalidEmail = "InvalidEmail";
    /// <summary>[email, the other row].</summary>
    public const string DuplicateEmail = "DuplicateEmail";
    /// <summary>[email, the employee number that has it].</summary>
    public const string EmailTaken = "EmailTaken";
    /// <summary>[code].</summary>
    public const string UnknownBranch = "UnknownBranch";
    /// <summary>[text].</summary>
    public const string InvalidDate = "InvalidDate";
    /// <summary>[text, earliest date, latest date].</summary>
    public const string HireDateOutOfRange = "HireDateOutOfRange";
    /// <summary>[text, first role, second role].</summary>
    public const string InvalidRole = "InvalidRole";
    /// <summary>[text].</summary>
    public const string InvalidActive = "InvalidActive";
    /// <summary>[text].</summary>
    public const string InvalidLanguage = "InvalidLanguage";
    /// <summary>[encoding name, the bytes in hex]; Field is the column's header as spelt in the file, or "".</summary>
    public const string InvalidBytes = "InvalidBytes";
    /// <summary>The text holds U+FFFD, the mark of an earlier failed conversion: the real character is lost.</summary>
    public const string ReplacementCharacter = "ReplacementCharacter";
    /// <summary>[the character as U+XXXX]: a control character (a NUL, a line break) inside a field, which no name, address or title has.</summary>
    public const string ControlCharacter = "ControlCharacter";
    /// <summary>[employee number]: the row is for an HR, executive or administrator account.</summary>
    public const string Privileged = "Privileged";
    /// <summary>[employee number]: the row would disable the account of the person importing the file.</summary>
    public const string OwnAccountDisabled = "OwnAccountDisabled";
    /// <summary>Row 0: other changes to the same people were saved while the file was applied, twice over; nothing was applied.</summary>
    public const string ChangedMeanwhile = "ChangedMeanwhile";
    /// <summary>Row 0: the people the file matches changed after HR's preview, so it would now do something else; nothing was applied.</summary>
    public const string PlanChanged = "PlanChanged";
    /// <summary>Row 0: the person importing may not import staff (only HR and administrators may).</summary>
    public const string NotPermitted = "NotPermitted";
    /// <summary>[title]: a job title nobody holds yet, and HR has not confirmed the new titles are intended.</summary>
    public const string NewJobTitleNotConfirmed = "NewJobTitleNotConfirmed";
}

/// <summary>How to read a staff file: the encoding to use when it is not UTF-8 and no byte order mark says otherwise,
/// and the headers accepted for each column besides its canonical name (alias → canonical, e.g. 工号 → employee_number).</summary>
public sealed record StaffImportOptions
{
    public StaffFileEncoding WhenNotUtf8 { get; init; } = StaffFileEncoding.Utf8;

    public IReadOnlyDictionary<string, string> HeaderAliases { get; init; } = new Dictionary<string, string>();
}

public sealed record StaffImportResult(IReadOnlyList<StaffRow> Rows, IReadOnlyList<ImportProblem> Problems, string EncodingName = "UTF-8", bool EncodingDetected = true)
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
    public static readonly IReadOnlyList<string> OptionalColumns = ["role", "active", "language"];
    public static IEnumerable<string> AllColumns => RequiredColumns.Concat(OptionalColumns);

    public static StaffImportResult Read(Stream csv, IReadOnlySet<string> branchCodes, IReadOnlyDictionary<string, string> employeeNumberByEmail) =>
        Read(ReadAll(csv), new StaffImportOptions(), branchCodes, employeeNumberByEmail);

    public static StaffImportResult Read(ReadOnlySpan<byte> file, StaffImportOptions options, IReadOnlySet<string> branchCodes, IReadOnlyDictionary<string, string> employeeNumberByEmail)
    {
        var decoded = StaffFileText.Decode(file, options.WhenNotUtf8);
        if (decoded.Text is not { } text)
        {
            var named = decoded.Problems.Select(p => p with { Field = Canonical(p.Field, options) ?? p.Field }).ToList();
            return new StaffImportResult([], named, decoded.EncodingName, decoded.Detected);
        }

        var (rows, problems) = Check(text, options, branchCodes, employeeNumberByEmail);
        return new StaffImportResult(rows, problems, decoded.EncodingName, decoded.Detected);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The canonical column a header names, or null when it names none.</summary>
    public static string? Canonical(string header, StaffImportOptions options)
    {
        var trimmed = header.Trim();
        var known = AllColumns.FirstOrDefault(c => c.Equals(trimmed, StringComparison.OrdinalIgnoreCase));
        if (known is not null)
        {
            return known;
        }

        foreach (var (alias, column) in options.HeaderAliases)
        {
            if (alias.Trim().Equals(trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }

        return null;
    }

    private static (List<StaffRow> Rows, List<ImportProblem> Problems) Check(string text, StaffImportOptions options, IReadOnlySet<string> branchCodes, IReadOnlyDictionary<string, string> employeeNumberByEmail)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<StaffRow>();
        using var reader = new StringReader(text);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var parser = new CsvReader(reader, configuration);
        if (!parser.Read() || !parser.ReadHeader() || parser.HeaderRecord is not { } headerRecord || headerRecord.All(string.IsNullOrWhiteSpace))
        {
            problems.Add(new ImportProblem(0, "file", ImportProblemCodes.FileEmpty));
            return (rows, problems);
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        // Header cells left empty, as a spreadsheet writes them once a cell to the right of the data was used: ignored
        // while their column is empty too.
        var unnamed = new List<int>();
        for (var i = 0; i < headerRecord.Length; i++)
        {
            var spelt = headerRecord[i].Trim();
            if (spelt.Length == 0)
            {
                unnamed.Add(i);
            }
            else if (spelt.Contains('\uFFFD', StringComparison.Ordinal))
            {
                problems.Add(new ImportProblem(1, spelt, ImportProblemCodes.ReplacementCharacter));
            }
            else if (Canonical(spelt, options) is not { } column)
            {
                problems.Add(new ImportProblem(1, spelt, ImportProblemCodes.UnknownColumn, [spelt]));
            }
            else if (!columns.TryAdd(column, i))
            {
                problems.Add(new ImportProblem(1, column, ImportProblemCodes.DuplicateColumn, [spelt]));
            }
        }

        foreach (var missing in RequiredColumns.Where(c => !columns.ContainsKey(c)))
        {
            problems.Insert(0, new ImportProblem(1, missing, ImportProblemCodes.MissingColumn));
        }

        if (problems.Count > 0)
        {
            // Missing columns first, in the order the template lists them.
            problems = problems.Where(p => p.Code == ImportProblemCodes.MissingColumn).OrderBy(p => RequiredColumns.ToList().IndexOf(p.Field))
                .Concat(problems.Where(p => p.Code != ImportProblemCodes.MissingColumn)).ToList();
            return (rows, problems);
        }

        var seenNumbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenEmails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (parser.Read())
        {
            var row = parser.Parser.Row;
            var record = parser.Parser.Record ?? [];
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var before = problems.Count;
            foreach (var index in unnamed.Where(i => i < record.Length && !string.IsNullOrWhiteSpace(record[i])))
            {
                problems.Add(new ImportProblem(row, "file", ImportProblemCodes.UnnamedColumn, [Row(index + 1)]));
            }

            foreach (var (column, index) in columns)
            {
                if (index < record.Length && record[index].Contains('\uFFFD', StringComparison.Ordinal))
                {
                    problems.Add(new ImportProblem(row, column, ImportProblemCodes.ReplacementCharacter));
                }
                else if (index < record.Length && FirstControlCharacter(record[index]) is { } control)
                {
                    problems.Add(new ImportProblem(row, column, ImportProblemCodes.ControlCharacter, [$"U+{(int)control:X4}"]));
                }
            }

            string Field(string name) => columns.TryGetValue(name, out var index) && index < record.Length ? record[index].Trim() : "";
            var number = EmployeeNumbers.Normalise(Field("employee_number"));
            var name = Field("name");
            var email = Field("email");
            var branch = Field("branch_code");
            var jobTitle = Field("job_title");
            var hireText = Field("hire_date");
            var roleText = Field("role");
            var activeText = Field("active");
            var languageText = Field("language");

            Require(number, "employee_number");
            Require(name, "name");
            Require(email, "email");
            Require(branch, "branch_code");
            Require(jobTitle, "job_title");
            Require(hireText, "hire_date");

            if (number.Length > 0 && EmployeeNumbers.Problem(number) is not null)
            {
                problems.Add(new ImportProblem(row, "employee_number", ImportProblemCodes.EmployeeNumberInvalid, [number, EmployeeNumbers.MaxLength.ToString(CultureInfo.InvariantCulture)]));
            }
            else if (number.Length > 0 && !seenNumbers.TryAdd(number, row))
            {
                problems.Add(new ImportProblem(row, "employee_number", ImportProblemCodes.DuplicateEmployeeNumber, [number, Row(seenNumbers[number])]));
            }

            if (name.Length > StaffFields.MaxNameLength)
            {
                problems.Add(new ImportProblem(row, "name", ImportProblemCodes.NameTooLong, [Row(StaffFields.MaxNameLength)]));
            }

            if (jobTitle.Length > StaffFields.MaxJobTitleLength)
            {
                problems.Add(new ImportProblem(row, "job_title", ImportProblemCodes.JobTitleTooLong, [Row(StaffFields.MaxJobTitleLength)]));
            }

            if (email.Length > 0)
            {
                if (!IsEmail(email))
                {
                    problems.Add(new ImportProblem(row, "email", ImportProblemCodes.InvalidEmail, [email]));
                }
                else if (!seenEmails.TryAdd(email, row))
                {
                    problems.Add(new ImportProblem(row, "email", ImportProblemCodes.DuplicateEmail, [email, Row(seenEmails[email])]));
                }
                else if (employeeNumberByEmail.TryGetValue(email, out var owner) && !string.Equals(owner, number, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(new ImportProblem(row, "email", ImportProblemCodes.EmailTaken, [email, owner]));
                }
            }

            if (branch.Length > 0 && !branchCodes.Contains(branch))
            {
                problems.Add(new ImportProblem(row, "branch_code", ImportProblemCodes.UnknownBranch, [branch]));
            }

            var hireDate = default(DateOnly);
            if (hireText.Length > 0 && !DateOnly.TryParseExact(hireText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out hireDate))
            {
                problems.Add(new ImportProblem(row, "hire_date", ImportProblemCodes.InvalidDate, [hireText]));
            }
            else if (hireText.Length > 0 && !StaffFields.IsHireDateInRange(hireDate))
            {
                problems.Add(new ImportProblem(row, "hire_date", ImportProblemCodes.HireDateOutOfRange,
                    [hireText, Iso(StaffFields.EarliestHireDate), Iso(StaffFields.LatestHireDate)]));
            }

            string? role = null;
            if (roleText.Length > 0)
            {
                role = Roles.BranchStaff.FirstOrDefault(r => string.Equals(r, roleText, StringComparison.OrdinalIgnoreCase));
                if (role is null)
                {
                    problems.Add(new ImportProblem(row, "role", ImportProblemCodes.InvalidRole, [roleText, .. Roles.BranchStaff]));
                }
            }

            bool? active = null;
            if (activeText.Length > 0)
            {
                active = activeText.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" or "y" or "是" => true,
                    "false" or "no" or "0" or "n" or "否" => false,
                    _ => null,
                };
                if (active is null)
                {
                    problems.Add(new ImportProblem(row, "active", ImportProblemCodes.InvalidActive, [activeText]));
                }
            }

            string? language = null;
            if (languageText.Length > 0)
            {
                language = PortalLanguages.Match(languageText);
                if (language is null)
                {
                    problems.Add(new ImportProblem(row, "language", ImportProblemCodes.InvalidLanguage, [languageText]));
                }
            }

            if (problems.Count == before)
            {
                rows.Add(new StaffRow(row, number, name, email, branch, jobTitle, hireDate, role, active, language));
            }

            void Require(string value, string field)
            {
                if (value.Length == 0)
                {
                    problems.Add(new ImportProblem(row, field, ImportProblemCodes.Required));
                }
            }
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ImportProblem(0, "file", ImportProblemCodes.NoRows));
        }

        return (rows, problems);
    }

    private static char? FirstControlCharacter(string field)
    {
        foreach (var c in field)
        {
            if (char.IsControl(c))
            {
                return c;
            }
        }

        return null;
    }

    private static string Row(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsEmail(string text) =>
        text.Length <= 256 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);
}
