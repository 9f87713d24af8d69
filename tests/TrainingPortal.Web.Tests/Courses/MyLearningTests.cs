using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Tests;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Web.Tests.Courses;

public class MyLearningTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_overdue_course_not_yet_started_says_start_and_one_begun_says_continue()
    {
        var learner = await TestData.CreateLearnerAsync(factory.Services, "Late Starter");
        factory.Clock.Advance(TimeSpan.FromDays(400)); // every due date of the demo assignments has passed
        var client = await PortalClient.SignedInAsync(factory, learner.Email!, TestData.LearnerPassword);
        var catalog = factory.Services.GetRequiredService<CourseCatalog>();
        var required = (await client.GetPageAsync("/")).QuerySelectorAll("[data-testid=required-courses] tbody tr").ToList();
        Assert.True(required.Count >= 2, "the demo assignments require several courses of every employee");
        var begun = catalog.Courses.First(c => PortalClient.Text(required[0]).Contains(c.Title, StringComparison.Ordinal));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CompleteLesson>().ExecuteAsync(learner.Id, begun, begun.Lessons[0], CancellationToken.None);
        }

        var rows = (await client.GetPageAsync("/")).QuerySelectorAll("[data-testid=required-courses] tbody tr").ToList();

        Assert.All(rows, row => Assert.Contains("Overdue", PortalClient.Text(row)));
        foreach (var row in rows)
        {
            var action = PortalClient.Text(row.QuerySelector("td:last-child a"));
            Assert.StartsWith(PortalClient.Text(row).Contains(begun.Title, StringComparison.Ordinal) ? "Continue" : "Start", action);
        }
    }
}
