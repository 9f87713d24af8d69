using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Accounts;

public class AccountEditTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_administrator_corrects_name_branch_job_title_and_role_and_the_person_must_sign_in_again()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Wrong Name");
        var session = await PortalClient.SignedInAsync(factory, person.Email!, TestData.LearnerPassword);
        var branch = TestData.Query(factory.Services, db => db.Branches.OrderBy(b => b.Id).Skip(3).Select(b => new { b.Id, b.Name }).First());
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var page = await admin.GetPageAsync($"/admin/users/{person.Id}/edit");

        var saved = await admin.SubmitAsync(page, "[data-testid=edit-account]", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "王芳 Wang Fang", ["Input.JobTitle"] = "Relationship Manager", ["Input.BranchId"] = branch.Id.ToString(), ["Input.Role"] = "BranchManager",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var user = TestData.Query(factory.Services, db => db.Users.Single(u => u.Id == person.Id));
        Assert.Equal(("王芳 Wang Fang", "Relationship Manager", branch.Id), (user.DisplayName, user.JobTitle, user.BranchId!.Value));
        Assert.Equal("BranchManager", TestData.Query(factory.Services, db => db.UserRoles.Where(r => r.UserId == person.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).Single()));
        Assert.All(TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.UserId == person.Id).ToList()), r => Assert.Equal((branch.Name, "王芳 Wang Fang"), (r.BranchName, r.DisplayName)));
        var entry = TestData.Query(factory.Services, db => db.AuditEntries.Single(a => a.Action == "account.changed" && a.TargetId == person.Id));
        Assert.Contains("Wrong Name", entry.BeforeJson);
        Assert.Contains("BranchManager", entry.AfterJson);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/")).StatusCode); // the old session ended with the new role
    }

    [Fact]
    public async Task An_administrator_ends_a_stale_sign_on_link_and_hr_cannot()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Stale Link");
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Data.PortalUser>>();
            Assert.True((await users.AddLoginAsync((await users.FindByIdAsync(person.Id))!, new UserLoginInfo("oidc", "subject-" + person.Id, "Bank sign-on"))).Succeeded);
        }

        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var hrPage = await hr.GetPageAsync($"/admin/users/{person.Id}/edit");
        Assert.Null(hrPage.QuerySelector("[data-testid=sign-on-links]"));
        var token = PortalClient.FormFields(hrPage.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("[data-testid=edit-account]")!).Single(f => f.Key == "__RequestVerificationToken");
        var refused = await hr.Http.PostAsync($"/admin/users/{person.Id}/edit?handler=EndSignOn", new FormUrlEncodedContent([token]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var page = await admin.GetPageAsync($"/admin/users/{person.Id}/edit");
        Assert.Contains("Bank sign-on", PortalClient.Text(page.QuerySelector("[data-testid=sign-on-links]")));
        var ended = await admin.SubmitAsync(page, "[data-testid=sign-on-links] form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("The sign-on link of Stale Link was ended.", PortalClient.Text((await admin.ParseAsync(await admin.FollowAsync(ended))).QuerySelector("[data-testid=account-saved]")));
        Assert.False(TestData.Query(factory.Services, db => db.UserLogins.Any(l => l.UserId == person.Id)));
        Assert.Contains("Bank sign-on", TestData.Query(factory.Services, db => db.AuditEntries.Single(a => a.Action == "account.external-login-ended" && a.TargetId == person.Id).Summary));
    }

    [Fact]
    public async Task Disabling_ends_the_sessions_at_once_and_enabling_lets_the_person_back_in()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "To Disable");
        var session = await PortalClient.SignedInAsync(factory, person.Email!, TestData.LearnerPassword);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/")).StatusCode);
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        var disabled = await admin.SubmitAsync(await admin.GetPageAsync($"/admin/users/{person.Id}/edit"), "form[action*='handler=Disable']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await new PortalClient(factory).SignInAsync(person.Email!, TestData.LearnerPassword)).StatusCode);
        Assert.Empty(TestData.Query(factory.Services, db => db.RequiredCourses.Where(r => r.UserId == person.Id).ToList()));

        await admin.SubmitAsync(await admin.GetPageAsync($"/admin/users/{person.Id}/edit"), "form[action*='handler=Enable']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, (await new PortalClient(factory).SignInAsync(person.Email!, TestData.LearnerPassword)).StatusCode);
        Assert.Equal(["account.disabled", "account.enabled"], TestData.Query(factory.Services, db => db.AuditEntries.Where(a => a.TargetId == person.Id && a.Action.StartsWith("account.") && a.Action != "account.created").OrderBy(a => a.Id).Select(a => a.Action).ToList()));
    }

    [Fact]
    public async Task Hr_may_change_branch_staff_but_not_an_administrator_and_no_one_changes_their_own_role_or_access()
    {
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");
        var adminId = TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == "admin@demo.bank").Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await hr.Http.GetAsync($"/admin/users/{adminId}/edit")).StatusCode);

        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");
        var own = await admin.GetPageAsync($"/admin/users/{adminId}/edit");
        Assert.Null(own.QuerySelector("[data-testid=disable-account]"));
        var refused = await admin.Http.PostAsync($"/admin/users/{adminId}/edit?handler=Disable", new FormUrlEncodedContent(PortalClient.FormFields(own.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("[data-testid=edit-account]")!)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("No one may disable their own account.", await refused.Content.ReadAsStringAsync());
        var forged = await admin.SubmitAsync(own, "[data-testid=edit-account]", new Dictionary<string, string> { ["Input.Role"] = "Employee" });
        Assert.Contains("No one may change their own role", await forged.Content.ReadAsStringAsync());
        Assert.True(TestData.Query(factory.Services, db => db.Users.Single(u => u.Id == adminId).IsActive));
    }
}
