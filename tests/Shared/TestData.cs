using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Learning;

namespace TrainingPortal.Tests;

/// <summary>Arranges state that is not under test (accounts, finished lessons) through the same use cases the pages call.</summary>
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
        var outcome = await scope.ServiceProvider.GetRequiredService<CreateAccount>().ExecuteAsync(
            new NewAccount("T" + suffix, name ?? $"Learner {suffix}", $"learner-{suffix}@demo.bank", "Teller", new DateOnly(2024, 1, 15), branchId, role),
            Actor.Console, CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Refusals.Select(r => r.Message)));
        var user = (await users.FindByIdAsync(outcome.Value!.Id))!;
        var result = await users.AddPasswordAsync(user, LearnerPassword);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>Gives a person a corrected email address the way HR does, through a staff import of their row as HR.</summary>
    public static async Task CorrectEmailByImportAsync(IServiceProvider services, PortalUser person, string email)
    {
        var branchCode = Query(services, db => db.Branches.Where(b => b.Id == person.BranchId).Select(b => b.Code).Single());
        var hr = Query(services, db => db.Users.AsNoTracking().Single(u => u.Email == "hr@demo.bank"));
        using var csv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $"employee_number,name,email,branch_code,job_title,hire_date\n{person.EmployeeNumber},{person.DisplayName},{email},{branchCode},{person.JobTitle},{person.HireDate:yyyy-MM-dd}\n"));
        await using var scope = services.CreateAsyncScope();
        var imported = await scope.ServiceProvider.GetRequiredService<TrainingPortal.Web.Staff.ImportStaff>().ExecuteAsync(
            csv, "corrected.csv", deactivateMissing: false, new Actor(hr.Id, hr.DisplayName, [Roles.HR]), CancellationToken.None);
        Assert.Empty(imported.Problems);
    }

    public static async Task CompleteLessonsAsync(IServiceProvider services, string userId, string courseSlug)
    {
        using var scope = services.CreateScope();
        var course = scope.ServiceProvider.GetRequiredService<CourseCatalog>().Find(courseSlug)!;
        var completeLesson = scope.ServiceProvider.GetRequiredService<CompleteLesson>();
        foreach (var lesson in course.Lessons)
        {
            await completeLesson.ExecuteAsync(userId, course, lesson, CancellationToken.None);
        }
    }

    public static T Query<T>(IServiceProvider services, Func<PortalDbContext, T> query)
    {
        using var scope = services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
