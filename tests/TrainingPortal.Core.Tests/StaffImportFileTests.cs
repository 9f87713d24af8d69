using System.Text;
using TrainingPortal.Core.Staff;

namespace TrainingPortal.Core.Tests;

public class StaffImportFileTests
{
    private static readonly HashSet<string> Branches = new(StringComparer.OrdinalIgnoreCase) { "BR0001", "BR0002" };

    private static StaffImportResult Read(string csv, bool bom = false, Dictionary<string, string>? owners = null)
    {
        var bytes = Encoding.UTF8.GetBytes(csv.Replace("\r\n", "\n"));
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }

        return StaffImportFile.Read(new MemoryStream(bytes), Branches, owners ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    private const string Header = "employee_number,name,email,branch_code,job_title,hire_date,role,active\n";

    [Fact]
    public void A_good_file_with_a_bom_and_chinese_names_reads_every_row()
    {
        var result = Read(Header + "E1,王芳,wang.fang@bank.example,BR0001,Teller,2024-03-01,,\nE2,Sam Lee,sam.lee@bank.example,br0002,Personal Banker,2020-01-15,BranchManager,yes\n", bom: true);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal("王芳", result.Rows[0].Name);
        Assert.Equal("BranchManager", result.Rows[1].Role);
        Assert.True(result.Rows[1].Active);
        Assert.Equal(3, result.Rows[1].Row);
    }

    [Fact]
    public void Empty_header_cells_a_spreadsheet_leaves_are_ignored_until_a_row_has_a_value_under_one()
    {
        var clean = Read(Header.TrimEnd('\n') + ",,\nE1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,,,\n");
        var stray = Read(Header.TrimEnd('\n') + ",,\nE1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,,,\nE2,Bo,bo@bank.example,BR0001,Teller,2024-03-01,,,,note\n");

        Assert.True(clean.IsValid, string.Join("; ", clean.Problems));
        Assert.Equal("Ann", Assert.Single(clean.Rows).Name);
        var problem = Assert.Single(stray.Problems);
        Assert.Equal((3, ImportProblemCodes.UnnamedColumn, "10"), (problem.Row, problem.Code, problem.Args.Single()));
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_row_number_and_field()
    {
        var result = Read(Header +
            "E1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,\n" +
            "E2,Bob,bob@bank.example,BR9999,Teller,2024-03-01,,\n" +
            "E3,Cai,cai@bank.example,BR0001,Teller,2024-13-01,,\n" +
            "E1,Dee,dee@bank.example,BR0001,Teller,2024-03-01,,\n" +
            "E5,Eve,not-an-email,BR0001,Teller,2024-03-01,,\n" +
            "E6,Fay,fay@bank.example,BR0001,Teller,2024-03-01,Admin,\n");

        Assert.False(result.IsValid);
        Assert.Equal(
            ["row 3, branch_code", "row 4, hire_date", "row 5, employee_number", "row 6, email", "row 7, role"],
            result.Problems.Select(p => $"row {p.Row}, {p.Field}"));
        Assert.Equal(ImportProblemCodes.UnknownBranch, result.Problems[0].Code);
        Assert.Equal(["BR9999"], result.Problems[0].Args);
        Assert.Equal(ImportProblemCodes.DuplicateEmployeeNumber, result.Problems[2].Code);
        Assert.Equal(["E1", "2"], result.Problems[2].Args);
    }

    [Fact]
    public void A_job_title_too_long_for_the_database_and_a_hire_date_outside_the_years_accepted_are_reported()
    {
        var title = new string('T', StaffFields.MaxJobTitleLength);
        var result = Read(Header +
            $"E1,Ann,ann@bank.example,BR0001,{title},2099-12-31,,\n" +
            $"E2,Bob,bob@bank.example,BR0001,{title}x,1900-01-01,,\n" +
            "E3,Cai,cai@bank.example,BR0001,Teller,9999-12-31,,\n" +
            "E4,Dee,dee@bank.example,BR0001,Teller,1899-12-31,,\n");

        Assert.Equal(
            [$"row 3, job_title, {ImportProblemCodes.JobTitleTooLong}", $"row 4, hire_date, {ImportProblemCodes.HireDateOutOfRange}", $"row 5, hire_date, {ImportProblemCodes.HireDateOutOfRange}"],
            result.Problems.Select(p => $"row {p.Row}, {p.Field}, {p.Code}"));
        Assert.Equal(["100"], result.Problems[0].Args);
        Assert.Equal(["9999-12-31", "1900-01-01", "2099-12-31"], result.Problems[1].Args);
    }

    [Fact]
    public void A_missing_column_is_reported_before_any_row()
    {
        var result = Read("employee_number,name,email,branch_code,job_title\nE1,Ann,ann@bank.example,BR0001,Teller\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("hire_date", problem.Field);
        Assert.Equal(1, problem.Row);
        Assert.Equal(ImportProblemCodes.MissingColumn, problem.Code);
    }

    [Fact]
    public void An_email_that_belongs_to_another_employee_is_refused()
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ann@bank.example"] = "E9" };

        var result = Read(Header + "E1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,\n", owners: owners);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ImportProblemCodes.EmailTaken, problem.Code);
        Assert.Equal(["ann@bank.example", "E9"], problem.Args);
    }

    private static readonly StaffImportOptions Chinese = new()
    {
        HeaderAliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["工号"] = "employee_number", ["員工編號"] = "employee_number", ["姓名"] = "name", ["电子邮箱"] = "email", ["電郵"] = "email",
            ["支行代码"] = "branch_code", ["分行編號"] = "branch_code", ["岗位"] = "job_title", ["職位"] = "job_title",
            ["入职日期"] = "hire_date", ["入職日期"] = "hire_date", ["语言"] = "language", ["語言"] = "language",
        },
    };

    private static StaffImportResult ReadBytes(byte[] bytes, StaffImportOptions? options = null) =>
        StaffImportFile.Read(bytes, options ?? new StaffImportOptions(), Branches, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void Headers_may_be_the_localised_names_passed_in_as_aliases()
    {
        var simplified = ReadBytes(Encoding.UTF8.GetBytes("工号,姓名,电子邮箱,支行代码,岗位,入职日期,语言\nE1,陈美玲,chen.meiling@bank.example,BR0001,柜员,2024-03-01,zh-CN\n"), Chinese);
        var traditional = ReadBytes(Encoding.UTF8.GetBytes("員工編號,姓名,電郵,分行編號,職位,入職日期,語言\nE1,陳美玲,chan.meiling@bank.example,BR0001,櫃員,2024-03-01,zh-HK\n"), Chinese);

        Assert.True(simplified.IsValid, string.Join("; ", simplified.Problems));
        Assert.True(traditional.IsValid, string.Join("; ", traditional.Problems));
        Assert.Equal(("陈美玲", "zh-Hans"), (simplified.Rows[0].Name, simplified.Rows[0].Language));
        Assert.Equal(("陳美玲", "zh-Hant"), (traditional.Rows[0].Name, traditional.Rows[0].Language));
        Assert.Equal([(ImportProblemCodes.MissingColumn, "employee_number"), (ImportProblemCodes.UnknownColumn, "工号")],
            ReadBytes(Encoding.UTF8.GetBytes("工号,name,email,branch_code,job_title,hire_date\n")).Problems.Select(p => (p.Code, p.Field)));
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("zh-Hans", "zh-Hans")]
    [InlineData("zh-Hant", "zh-Hant")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("zh_TW", "zh-Hant")]
    [InlineData("", null)]
    public void The_language_column_takes_a_portal_language_or_a_tag_that_maps_to_one(string value, string? expected)
    {
        var result = Read(Header.TrimEnd('\n') + ",language\nE1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,," + value + "\n");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(expected, result.Rows[0].Language);
    }

    [Fact]
    public void A_language_that_is_not_a_portal_language_is_a_problem_naming_the_row_and_the_value()
    {
        var result = Read(Header.TrimEnd('\n') + ",language\nE1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,,fr-FR\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "language", ImportProblemCodes.InvalidLanguage, "fr-FR"), (problem.Row, problem.Field, problem.Code, problem.Args[0]));
    }

    [Fact]
    public void A_control_character_inside_a_field_is_named_with_its_row_and_column()
    {
        var result = Read(Header + "E1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,\nE2,Bo\0b,bob@bank.example,BR0001,Teller,2024-03-01,,\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, "name", ImportProblemCodes.ControlCharacter, "U+0000"), (problem.Row, problem.Field, problem.Code, problem.Args[0]));
    }

    [Fact]
    public void A_replacement_character_in_valid_utf8_is_never_taken_as_a_name()
    {
        var result = Read(Header + "E1,Chen \uFFFD,chen@bank.example,BR0001,Teller,2024-03-01,,\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "name", ImportProblemCodes.ReplacementCharacter), (problem.Row, problem.Field, problem.Code));
        Assert.Empty(result.Rows);
    }
}
