using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Data;

namespace TrainingPortal.Tests;

/// <summary>Arranges state that is not under test (accounts, finished lessons) straight in the database.</summary>
public static class TestData
{
    public const string LearnerPassword = "quiet harbour lantern 42";

    /// <param name="branchIndex">Which branch (in id order) the learner works at; branches alternate between regions.</param>
    public static async Task<PortalUser> CreateLearnerAsync(IServiceProvider services, string? name = null, string role = Roles.Employee, int branchIndex = 0)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var branchId = await db.Branches.OrderBy(b => b.Id).Skip(branchIndex).Select(b => b.Id).FirstAsync();
        var user = new PortalUser
        {
            UserName = $"learner-{suffix}@demo.bank",
            Email = $"learner-{suffix}@demo.bank",
            EmployeeNumber = "T" + suffix,
            DisplayName = name ?? $"Learner {suffix}",
            JobTitle = "Teller",
            HireDate = new DateOnly(2024, 1, 15),
            BranchId = branchId,
        };
        var result = await users.CreateAsync(user, LearnerPassword);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.Training.RequiredCourseSync>().RebuildAsync([user.Id], CancellationToken.None);
        return user;
    }

    public static async Task CompleteLessonsAsync(IServiceProvider services, string userId, string courseSlug)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var course = scope.ServiceProvider.GetRequiredService<CourseCatalog>().Find(courseSlug)!;
        foreach (var lesson in course.Lessons)
        {
            db.LessonCompletions.Add(new LessonCompletion
            {
                UserId = userId,
                CourseSlug = course.Slug,
                LessonSlug = lesson.Slug,
                ContentVersion = course.ContentVersion,
                CompletedAtUtc = DateTime.UtcNow,
            });
        }

        await db.SaveChangesAsync();
    }

    public static T Query<T>(IServiceProvider services, Func<PortalDbContext, T> query)
    {
        using var scope = services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
