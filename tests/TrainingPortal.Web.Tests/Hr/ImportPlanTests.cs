using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

/// <summary>On a database of its own, as the file deactivates most of the demo staff.</summary>
public partial class ImportPlanTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [GeneratedRegex(@"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) deactivated")]
    private static partial Regex SummaryCounts();

    private static string Cell(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    [Fact]
    public async Task The_preview_shows_what_the_import_then_does_created_updated_unchanged_and_deactivated()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var staff = TestData.Query(factory.Services, db => db.Users
            .Where(u => u.IsActive && u.BranchId != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == "Employee")))
            .OrderBy(u => u.EmployeeNumber)
            .Take(5)
            .Select(u => new { u.EmployeeNumber, u.DisplayName, u.Email, BranchCode = u.Branch!.Code, u.JobTitle, u.HireDate })
            .ToList());
        Assert.Equal(5, staff.Count);
        var lines = new List<string> { "employee_number,name,email,branch_code,job_title,hire_date" };
        lines.AddRange(staff.Select((p, i) => string.Join(',', Cell(p.EmployeeNumber), Cell(i < 2 ? p.DisplayName + " Renamed" : p.DisplayName), Cell(p.Email!),
            Cell(p.BranchCode), Cell(p.JobTitle), p.HireDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        var id = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        lines.Add($"PL-{id}-1,New One,pl1.{id}@demo.bank,{staff[0].BranchCode},Teller,2025-02-03");
        lines.Add($"PL-{id}-2,New Two,pl2.{id}@demo.bank,{staff[0].BranchCode},Teller,2025-02-03");
        var others = TestData.Query(factory.Services, db => db.Users.Count(u => u.IsActive && u.BranchId != null));

        var preview = await hr.ParseAsync(await ImportTests.PreviewAsync(hr, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), null, deactivateMissing: true));

        var plan = preview.QuerySelector("[data-testid=import-plan]")!;
        var planned = (Created: Count(plan, "data-created"), Updated: Count(plan, "data-updated"), Unchanged: Count(plan, "data-unchanged"), Deactivated: Count(plan, "data-deactivated"));
        Assert.Equal((2, 2, 3), (planned.Created, planned.Updated, planned.Unchanged));
        Assert.InRange(planned.Deactivated, 1, others - 5);
        Assert.Equal(2, preview.QuerySelectorAll("[data-testid=import-plan-updates] li[data-field=name]").Length);
        Assert.Contains(" Renamed", PortalClient.Text(preview.QuerySelector("[data-testid=import-plan-updates]")));
        Assert.Equal(Math.Min(5, planned.Deactivated), preview.QuerySelectorAll("[data-testid=import-plan-deactivates] tbody tr").Length);

        var applied = await hr.ParseAsync(await hr.SubmitAsync(preview, "form[data-testid=import-apply]", ImportTests.ConfirmingNewJobTitles(preview)));

        var summary = SummaryCounts().Match(PortalClient.Text(applied.QuerySelector("[data-testid=import-summary]")));
        Assert.True(summary.Success);
        Assert.Equal(planned, (Number(summary, 1), Number(summary, 2), Number(summary, 3), Number(summary, 4)));
    }

    private static int Count(IElement plan, string attribute) => int.Parse(plan.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
}
