using System.Text;
using TrainingPortal.Core.Staff;

namespace TrainingPortal.Core.Tests;

/// <summary>How a staff file's bytes become text: real GB18030, Big5, UTF-8 and UTF-16 bytes, never a guessed character.</summary>
public class StaffImportFileTextTests
{
    private static readonly Encoding Gb18030 = Legacy("GB18030");
    private static readonly Encoding Big5 = Legacy("big5");

    /// <summary>GB18030 and Big5 need .NET's code-pages provider, registered before the first use.</summary>
    private static Encoding Legacy(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }

    private const string Simplified = "employee_number,name,email\nE1,陈美玲,chen@bank.example\nE2,\"王, 芳\",wang@bank.example\n";
    private const string Traditional = "employee_number,name,email\nE1,陳美玲,chan@bank.example\nE2,黃志強,wong@bank.example\n";

    [Fact]
    public void Gb18030_bytes_are_read_with_the_chosen_encoding()
    {
        var bytes = Gb18030.GetBytes(Simplified);
        Assert.NotEqual(Encoding.UTF8.GetBytes(Simplified), bytes);

        var result = StaffFileText.Decode(bytes, StaffFileEncoding.Gb18030);

        Assert.Empty(result.Problems);
        Assert.Equal(Simplified, result.Text);
        Assert.Equal(("GB18030", false), (result.EncodingName, result.Detected));
    }

    [Fact]
    public void Big5_bytes_are_read_with_the_chosen_encoding()
    {
        var result = StaffFileText.Decode(Big5.GetBytes(Traditional), StaffFileEncoding.Big5);

        Assert.Empty(result.Problems);
        Assert.Equal(Traditional, result.Text);
        Assert.Equal(("Big5", false), (result.EncodingName, result.Detected));
    }

    [Theory]
    [InlineData(StaffFileEncoding.Utf8)]
    [InlineData(StaffFileEncoding.Gb18030)]
    [InlineData(StaffFileEncoding.Big5)]
    public void Utf8_with_or_without_a_bom_is_utf8_whatever_was_chosen(StaffFileEncoding chosen)
    {
        var plain = StaffFileText.Decode(Encoding.UTF8.GetBytes(Traditional), chosen);
        var withBom = StaffFileText.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Traditional)], chosen);

        Assert.Equal((Traditional, "UTF-8", true), (plain.Text, plain.EncodingName, plain.Detected));
        Assert.Equal((Traditional, "UTF-8", true), (withBom.Text, withBom.EncodingName, withBom.Detected));
    }

    [Theory]
    [InlineData(false, "UTF-16LE")]
    [InlineData(true, "UTF-16BE")]
    public void Utf16_with_a_bom_is_recognised(bool bigEndian, string name)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);

        var result = StaffFileText.Decode([.. encoding.GetPreamble(), .. encoding.GetBytes(Simplified)], StaffFileEncoding.Big5);

        Assert.Equal((Simplified, name, true), (result.Text, result.EncodingName, result.Detected));
    }

    [Fact]
    public void A_lone_gb18030_lead_byte_is_a_problem_on_its_row_and_column_and_no_text_is_returned()
    {
        // Row 3's name is 0x81 followed by a comma: a lead byte with no trail byte.
        byte[] bytes = [.. Gb18030.GetBytes("employee_number,name,email\nE1,陈美玲,chen@bank.example\nE2,"), 0x81, .. Gb18030.GetBytes(",wang@bank.example\n")];

        var result = StaffFileText.Decode(bytes, StaffFileEncoding.Gb18030);

        Assert.Null(result.Text);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, "name", ImportProblemCodes.InvalidBytes, "GB18030"), (problem.Row, problem.Field, problem.Code, problem.Args[0]));
        Assert.Contains("0x81", problem.Args[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_ff_byte_in_big5_is_a_problem_on_its_row_and_column()
    {
        byte[] bytes = [.. Big5.GetBytes("employee_number,name,email\nE1,陳美玲,chan@bank.example\nE2,黃志強,wong"), 0xFF, .. Big5.GetBytes("@bank.example\n")];

        var result = StaffFileText.Decode(bytes, StaffFileEncoding.Big5);

        Assert.Null(result.Text);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, "email", "Big5"), (problem.Row, problem.Field, problem.Args[0]));
        Assert.Contains("0xFF", problem.Args[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StaffFileEncoding.Big5, new byte[] { 0x80 }, "0x80")] // .NET's Big5 table would make it U+0080
    [InlineData(StaffFileEncoding.Big5, new byte[] { 0xFE, 0xFE }, "0xFE 0xFE")] // user-defined area: a private-use stand-in
    [InlineData(StaffFileEncoding.Gb18030, new byte[] { 0xA1, 0x40 }, "0xA1 0x40")] // user-defined area
    [InlineData(StaffFileEncoding.Gb18030, new byte[] { 0xFF }, "0xFF")]
    public void Bytes_that_are_no_character_are_problems_even_where_dotnet_would_give_a_stand_in(StaffFileEncoding encoding, byte[] bad, string hex)
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("employee_number,name\nE1,"), .. bad, .. Encoding.ASCII.GetBytes("\n")];

        var result = StaffFileText.Decode(bytes, encoding);

        Assert.Null(result.Text);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "name", hex), (problem.Row, problem.Field, problem.Args[1]));
    }

    [Fact]
    public void Gb18030_bytes_read_as_utf8_give_a_problem_on_every_bad_row_not_replacement_characters()
    {
        var result = StaffFileText.Decode(Gb18030.GetBytes(Simplified), StaffFileEncoding.Utf8);

        Assert.Null(result.Text);
        Assert.Equal([(2, "name"), (3, "name")], result.Problems.Select(p => (p.Row, p.Field)));
        Assert.All(result.Problems, p => Assert.Equal("UTF-8", p.Args[0]));
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public void Rows_that_end_in_a_carriage_return_alone_are_counted_as_the_csv_reader_counts_them(string lineEnd)
    {
        // An old Mac export: Mac Roman's é (0x8E) in Latin-1 is no problem, so the bad byte is one UTF-8 cannot read.
        byte[] bytes = [.. Encoding.ASCII.GetBytes($"employee_number,name{lineEnd}E1,Ann{lineEnd}E2,Jos"), 0xFF, .. Encoding.ASCII.GetBytes(lineEnd)];

        var problem = Assert.Single(StaffFileText.Decode(bytes, StaffFileEncoding.Utf8).Problems);

        Assert.Equal((3, "name"), (problem.Row, problem.Field));
    }

    [Fact]
    public void A_quoted_line_break_does_not_start_a_new_row()
    {
        byte[] bytes = [.. Big5.GetBytes("employee_number,name,email\nE1,\"陳\n美玲\",chan@bank.example\nE2,"), 0xFF, .. Big5.GetBytes(",wong@bank.example\n")];

        var problem = Assert.Single(StaffFileText.Decode(bytes, StaffFileEncoding.Big5).Problems);

        Assert.Equal((3, "name"), (problem.Row, problem.Field));
    }

    [Fact]
    public void Bad_bytes_in_a_file_read_through_the_parser_name_the_canonical_column_of_a_localised_header()
    {
        var options = new StaffImportOptions
        {
            WhenNotUtf8 = StaffFileEncoding.Gb18030,
            HeaderAliases = new Dictionary<string, string> { ["工号"] = "employee_number", ["姓名"] = "name" },
        };
        byte[] bytes = [.. Gb18030.GetBytes("工号,姓名,email,branch_code,job_title,hire_date\nE1,"), 0x81, .. Gb18030.GetBytes(",a@bank.example,BR1,Teller,2024-01-01\n")];

        var result = StaffImportFile.Read(bytes, options, new HashSet<string> { "BR1" }, new Dictionary<string, string>());

        Assert.Empty(result.Rows);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, "name", ImportProblemCodes.InvalidBytes), (problem.Row, problem.Field, problem.Code));
        Assert.Equal("GB18030", result.EncodingName);
    }
}
