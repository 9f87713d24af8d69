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
        Assert.Contains("unknown branch code 'BR9999'", result.Problems[0].Message);
        Assert.Contains("also on row 2", result.Problems[2].Message);
    }

    [Fact]
    public void A_missing_column_is_reported_before_any_row()
    {
        var result = Read("employee_number,name,email,branch_code,job_title\nE1,Ann,ann@bank.example,BR0001,Teller\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("hire_date", problem.Field);
        Assert.Equal(1, problem.Row);
    }

    [Fact]
    public void An_email_that_belongs_to_another_employee_is_refused()
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ann@bank.example"] = "E9" };

        var result = Read(Header + "E1,Ann,ann@bank.example,BR0001,Teller,2024-03-01,,\n", owners: owners);

        Assert.Contains("already belongs to employee E9", Assert.Single(result.Problems).Message);
    }
}
