using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Data;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Foundation;

public class SignInTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("employee@demo.bank", "Li Na 李娜", "Employee")]
    [InlineData("manager@demo.bank", "Chen Wei 陈伟", "Branch manager")]
    [InlineData("hr@demo.bank", "Grace Okafor", "HR")]
    [InlineData("exec@demo.bank", "Daniel Wong", "Executive")]
    [InlineData("admin@demo.bank", "Priya Nair", "Admin")]
    public async Task Each_demo_account_signs_in_through_the_form_and_lands_on_its_home_page(string email, string name, string role)
    {
        var client = new PortalClient(factory);

        var response = await client.SignInAsync(email, PortalClient.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/home", response.Headers.Location?.OriginalString); // which sends each role to its own work: HrHomeTests
        var home = await client.GetPageAsync("/");
        Assert.Equal("My learning", PortalClient.Text(home.QuerySelector("h1")));
        var userBox = PortalClient.Text(home.QuerySelector("[data-testid=signed-in-user]"));
        Assert.Contains(name, userBox);
        Assert.Contains(role, userBox);
    }

    [Fact]
    public async Task The_top_bar_shows_the_branch_of_a_branch_employee_and_head_office_for_hr()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var employeeBox = PortalClient.Text((await employee.GetPageAsync("/")).QuerySelector("[data-testid=signed-in-user]"));
        var hrBox = PortalClient.Text((await hr.GetPageAsync("/")).QuerySelector("[data-testid=signed-in-user]"));

        Assert.Contains("Harbin Central", employeeBox);
        Assert.Contains("Head office", hrBox);
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_does_not_sign_in()
    {
        var client = new PortalClient(factory);

        var response = await client.SignInAsync("exec@demo.bank", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await client.ParseAsync(response);
        Assert.Contains("do not match an active account", PortalClient.Text(page.QuerySelector(".alert-danger")));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/courses")).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_request_to_a_protected_page_redirects_to_sign_in()
    {
        var client = new PortalClient(factory);

        var response = await client.Http.GetAsync("/courses");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login?ReturnUrl=%2Fcourses", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        const string email = "lockout.test@demo.bank";
        const string password = "a-long-enough-password";
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, EmployeeNumber = "LOCK-1", DisplayName = "Lock Test", JobTitle = "Teller" }, password);
            Assert.True(created.Succeeded);
        }

        var client = new PortalClient(factory);
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(email, "wrong-password-" + i);
        }

        var response = await client.SignInAsync(email, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await client.ParseAsync(response);
        Assert.Contains("do not match an active account", PortalClient.Text(page.QuerySelector(".alert-danger"))); // the same words as a wrong password: no hint that the email exists
        Assert.True(TestData.Query(factory.Services, db => db.Users.Single(u => u.Email == email).LockoutEnd) > factory.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("/courses")).StatusCode);
    }

    [Fact]
    public async Task An_employee_gets_403_on_an_admin_page_and_hr_does_not()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var denied = await employee.Http.GetAsync("/admin/users");
        var allowed = await hr.Http.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("You do not have access to this page", await denied.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Self_registration_does_not_exist()
    {
        var client = new PortalClient(factory);

        var response = await client.Http.GetAsync("/Identity/Account/Register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_health_endpoint_is_public_and_reports_the_database()
    {
        var client = new PortalClient(factory);

        var response = await client.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Navigation_shows_only_what_the_role_may_open()
    {
        var employee = await PortalClient.SignedInAsync(factory, "employee@demo.bank");
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        var employeeLinks = (await employee.GetPageAsync("/")).QuerySelectorAll("#main-nav a").Select(a => a.GetAttribute("href")).ToList();
        var adminLinks = (await admin.GetPageAsync("/")).QuerySelectorAll("#main-nav a").Select(a => a.GetAttribute("href")).ToList();

        Assert.DoesNotContain("/admin/users", employeeLinks);
        Assert.Contains("/admin/users", adminLinks);
    }
}
