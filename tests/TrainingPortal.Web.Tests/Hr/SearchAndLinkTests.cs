using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;

namespace TrainingPortal.Web.Tests.Hr;

/// <summary>Finding a person by a Chinese name on every list that has a search, and each list's name leading to the person.</summary>
public class SearchAndLinkTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_manager_finds_their_own_person_by_chinese_name_on_the_branch_view_with_course_titles_and_a_link_to_them()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "欧阳晓燕 Ouyang Xiaoyan");
        await TestData.CreateLearnerAsync(factory.Services, "欧阳修 Ouyang Xiu", branchIndex: 1); // same surname, another branch
        var manager = await PortalClient.SignedInAsync(factory, "manager@demo.bank");

        var page = await manager.GetPageAsync("/branch?q=" + Uri.EscapeDataString("晓燕"));

        var rows = Rows(page);
        Assert.NotEmpty(rows);
        Assert.All(rows, row =>
        {
            var name = row.QuerySelector("td a")!;
            Assert.Equal("欧阳晓燕 Ouyang Xiaoyan", PortalClient.Text(name));
            Assert.Equal($"/branch/observations?person={person.Id}", name.GetAttribute("href"));
            AssertCourseTitle(PortalClient.Text(row.QuerySelectorAll("td")[3]));
        });
        Assert.Empty(Rows(await manager.GetPageAsync("/branch?q=" + Uri.EscapeDataString("欧阳修"))));
    }

    [Fact]
    public async Task The_accounts_page_finds_a_person_by_part_of_a_chinese_name_and_links_to_their_record()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "司徒嘉欣 Szeto Ka Yan");
        var admin = await PortalClient.SignedInAsync(factory, "admin@demo.bank");

        var page = await admin.GetPageAsync("/admin/users?q=" + Uri.EscapeDataString("嘉欣"));

        var row = Assert.Single(page.QuerySelectorAll("tbody tr[data-employee]"));
        Assert.Equal(person.EmployeeNumber, row.GetAttribute("data-employee"));
        var name = row.QuerySelector("td a")!;
        Assert.Equal("司徒嘉欣 Szeto Ka Yan", PortalClient.Text(name));
        Assert.Equal($"/hr/employees/{person.Id}", name.GetAttribute("href"));
    }

    [Fact]
    public async Task A_persons_record_names_their_courses_by_title()
    {
        var person = await TestData.CreateLearnerAsync(factory.Services, "Title Reader");
        var hr = await PortalClient.SignedInAsync(factory, "hr@demo.bank");

        var page = await hr.GetPageAsync($"/hr/employees/{person.Id}");

        var required = page.QuerySelectorAll("[data-testid=employee-required] tbody tr").ToList();
        Assert.NotEmpty(required);
        Assert.All(required, row => AssertCourseTitle(PortalClient.Text(row.QuerySelector("td"))));
    }

    private static List<IHtmlTableRowElement> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=completion-rows] tbody tr").OfType<IHtmlTableRowElement>().ToList();

    private void AssertCourseTitle(string shown)
    {
        var courses = factory.Services.GetRequiredService<CourseCatalog>().Courses;
        Assert.Contains(shown, courses.Select(c => c.Title));
        Assert.DoesNotContain(shown, courses.Select(c => c.Slug));
    }
}
