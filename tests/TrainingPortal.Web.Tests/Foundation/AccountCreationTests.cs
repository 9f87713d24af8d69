using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Foundation;

public class AccountCreationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_admin_creates_an_account_whose_owner_sets_a_password_through_the_mailed_link_and_signs_in()
    {
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var form = await admin.GetPageAsync("/admin/users/new");
        var branchId = form.QuerySelectorAll("#Input_BranchId option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;

        var created = await admin.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.EmployeeNumber"] = "E900001",
            ["Input.DisplayName"] = "张敏 Zhang Min",
            ["Input.Email"] = "zhang.min@demo.bank",
            ["Input.JobTitle"] = "Relationship Manager",
            ["Input.HireDate"] = "2026-10-01",
            ["Input.BranchId"] = branchId,
            ["Input.Role"] = Roles.BranchManager,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var confirmation = await admin.FollowAsync(created);
        var confirmationHtml = await confirmation.Content.ReadAsStringAsync();
        Assert.Contains("an invitation to set a password has been mailed to zhang.min@demo.bank", confirmationHtml);
        Assert.DoesNotContain("set-password", confirmationHtml); // the link goes to the person's mailbox only
        var audit = Assert.Single(TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.Action == "account.created" && a.Summary.Contains("E900001")).ToList()));
        Assert.Contains("BranchManager", audit.AfterJson);

        var link = MailLinks.SetPasswordLink(Assert.Single(TestData.Query(factory.Services, db => db.OutboxMails.Where(m => m.ToAddress == "zhang.min@demo.bank").ToList())));
        var newcomer = new PortalClient(factory);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.SignInAsync("zhang.min@demo.bank", "anything-at-all")).StatusCode); // no password yet
        var setPage = await newcomer.GetPageAsync(link);
        Assert.Equal("张敏 Zhang Min", PortalClient.Text(setPage.QuerySelector("[data-testid=holder-name]")));
        var set = await newcomer.SubmitAsync(setPage, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.Password"] = "my new passphrase",
            ["Input.ConfirmPassword"] = "my new passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var signIn = await newcomer.SignInAsync("zhang.min@demo.bank", "my new passphrase");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var home = await newcomer.GetPageAsync("/");
        Assert.Contains("Branch manager", PortalClient.Text(home.QuerySelector("[data-testid=signed-in-user]")));
    }

    [Fact]
    public async Task A_refused_field_is_marked_invalid_and_described_by_its_message_and_required_fields_say_so()
    {
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var form = await admin.GetPageAsync("/admin/users/new");
        Assert.Equal("true", form.QuerySelector("#Input_DisplayName")!.GetAttribute("aria-required"));
        Assert.Null(form.QuerySelector("#Input_DisplayName")!.GetAttribute("aria-invalid"));

        var refused = await admin.ParseAsync(await admin.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.EmployeeNumber"] = "ARIA-1", ["Input.DisplayName"] = "", ["Input.Email"] = "aria.1@demo.bank", ["Input.JobTitle"] = "Teller",
            ["Input.HireDate"] = "2026-01-05",
        }));

        var name = refused.QuerySelector("#Input_DisplayName")!;
        Assert.Equal("true", name.GetAttribute("aria-invalid"));
        var message = refused.GetElementById(name.GetAttribute("aria-describedby")!);
        Assert.NotNull(message);
        Assert.False(string.IsNullOrWhiteSpace(message!.TextContent));
        Assert.Null(refused.QuerySelector("#Input_Email")!.GetAttribute("aria-invalid"));
        AssertEveryDescriptionExists(refused);

        // A form that shows its messages only in its summary: the refused field is still described by its message.
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var pulse = await hr.GetPageAsync("/hr/pulse");
        var refusedPulse = await hr.ParseAsync(await hr.SubmitAsync(pulse, "[data-testid=open-pulse]", new Dictionary<string, string> { ["Input.Title"] = "" }));
        var title = refusedPulse.QuerySelector("#Input_Title")!;
        Assert.Equal("true", title.GetAttribute("aria-invalid"));
        Assert.NotNull(refusedPulse.GetElementById(title.GetAttribute("aria-describedby")!));
        AssertEveryDescriptionExists(refusedPulse);
    }

    private static void AssertEveryDescriptionExists(AngleSharp.Dom.IDocument page) =>
        Assert.All(page.QuerySelectorAll("[aria-describedby]").SelectMany(e => e.GetAttribute("aria-describedby")!.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            id => Assert.True(page.GetElementById(id) is not null, $"aria-describedby names {id}, which is not on the page"));

    [Fact]
    public async Task Hr_may_create_branch_staff_but_not_give_other_roles()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var form = await hr.GetPageAsync("/admin/users/new");
        Assert.Equal(["Employee", "BranchManager"], form.QuerySelectorAll("#Input_Role option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["Employee", "Branch manager"], form.QuerySelectorAll("#Input_Role option").Select(o => o.TextContent));

        var response = await hr.SubmitAsync(form, "main form[method=post]", new Dictionary<string, string>
        {
            ["Input.EmployeeNumber"] = "E900002",
            ["Input.DisplayName"] = "Tampered Role",
            ["Input.Email"] = "tampered@demo.bank",
            ["Input.JobTitle"] = "Teller",
            ["Input.HireDate"] = "2026-10-01",
            ["Input.Role"] = Roles.Admin,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You may not give that role.", await response.Content.ReadAsStringAsync());
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.EmployeeNumber == "E900002"));
    }

    [Fact]
    public async Task A_password_shorter_than_ten_characters_is_refused()
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();

        var result = await users.CreateAsync(new PortalUser { UserName = "short@demo.bank", Email = "short@demo.bank", EmployeeNumber = "SHORT-1" }, "short pw1");

        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }

    [Fact]
    public void Passwords_are_stored_with_pbkdf2_at_210000_iterations()
    {
        var hash = TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "exec@demo.bank").PasswordHash!);
        var bytes = Convert.FromBase64String(hash);

        Assert.Equal(0x01, bytes[0]); // Identity v3 format: PBKDF2
        var iterations = (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
    }
}
