using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Content;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;
using TrainingPortal.Web.Staff;

namespace TrainingPortal.Web.Seeding;

/// <summary>
/// Development demo data, written once: an empty database gets the organisation, staff, the five demo
/// sign-ins and some progress; a database that already holds staff (an earlier run or generate-demo) is left alone.
/// </summary>
public static class DemoSeeder
{
    public const string DemoPassword = "Train#2026";

    public static readonly IReadOnlyList<(string Email, string Role, string Name, string JobTitle)> DemoAccounts =
    [
        ("employee@demo.bank", Roles.Employee, "Li Na 李娜", "Teller"),
        ("manager@demo.bank", Roles.BranchManager, "Chen Wei 陈伟", "Branch Manager"),
        ("hr@demo.bank", Roles.HR, "Grace Okafor", "HR Business Partner"),
        ("exec@demo.bank", Roles.Executive, "Daniel Wong", "Chief Customer Officer"),
        ("admin@demo.bank", Roles.Admin, "Priya Nair", "Portal Administrator"),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await AccountCommands.EnsureRolesAsync(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSeeder));
        if (await db.Users.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo data not seeded: the database already holds staff.");
            return;
        }

        var catalog = scope.ServiceProvider.GetRequiredService<ContentLibrary>().Base;
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await Organisation.WriteAsync(db, new OrganisationGenerator(seed: 2026, time.GetUtcNow().UtcDateTime), regionCount: 4, branchCount: 16, employeeCount: 240, time, scope.ServiceProvider.GetRequiredService<BankCalendar>(), cancellationToken);
        await new DemoActivity(db, catalog, scope.ServiceProvider.GetRequiredService<BankCalendar>(), new Random(2026), time.GetUtcNow().UtcDateTime).WriteAsync(result, cancellationToken);
        await DemoAssignments.WriteAsync(db, catalog, result, scope.ServiceProvider.GetRequiredService<BankCalendar>(), time, cancellationToken);
        await new DemoCulture(db, catalog, scope.ServiceProvider.GetRequiredService<BankCalendar>(), new Random(2026), time.GetUtcNow().UtcDateTime).WriteAsync(result, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded demo data: {Branches} branches, {Employees} employees.", result.Branches.Count, result.Employees.Count);
    }
}

public sealed record SeededOrganisation(List<Region> Regions, List<Branch> Branches, List<SeededEmployee> Employees, Dictionary<string, SeededEmployee> DemoUsers);

/// <summary>What the rest of the seeding needs of a person written: half a million accounts are not kept in memory whole.</summary>
public sealed record SeededEmployee(string Id, int? BranchId, string DisplayName, string EmployeeNumber, string JobTitle)
{
    public static SeededEmployee Of(PortalUser user) => new(user.Id, user.BranchId ?? user.Branch?.Id, user.DisplayName, user.EmployeeNumber, user.JobTitle);
}

public static class Organisation
{
    public static async Task<SeededOrganisation> WriteAsync(
        PortalDbContext db, OrganisationGenerator generator, int regionCount, int branchCount, int employeeCount,
        TimeProvider time, BankCalendar calendar, CancellationToken cancellationToken)
    {
        var today = calendar.DateOf(time.GetUtcNow().UtcDateTime);
        // Roles exist already: AccountCommands.EnsureRolesAsync runs before any seeding.
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);

        var regions = generator.Regions(regionCount);
        var branches = generator.Branches(regions, branchCount);
        db.Regions.AddRange(regions);
        db.Branches.AddRange(branches);
        await db.SaveChangesAsync(cancellationToken);

        var demoUsers = new Dictionary<string, PortalUser>();
        var number = 1;
        foreach (var (email, role, name, jobTitle) in DemoSeeder.DemoAccounts)
        {
            var branch = role is Roles.Employee or Roles.BranchManager ? branches[0] : null;
            var user = generator.DemoAccount(email, $"E{number++:000000}", name, jobTitle, branch, today.AddYears(-3));
            demoUsers[email] = user;
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var employees = new List<SeededEmployee>(employeeCount);
        const int batchSize = 5_000;
        foreach (var chunk in Enumerable.Range(0, employeeCount).Chunk(batchSize))
        {
            var batch = chunk.Select(_ =>
            {
                var branch = branches[generator.Next(branches.Count)];
                var employee = generator.Employee(number++, null, today);
                employee.BranchId = branch.Id;
                return employee;
            }).ToList();
            await TableWriter.InsertAsync(db, batch, cancellationToken);
            await TableWriter.InsertAsync(db, batch.Select(e => new IdentityUserRole<string> { UserId = e.Id, RoleId = roleIds[Roles.Employee] }).ToList(), cancellationToken);
            employees.AddRange(batch.Select(SeededEmployee.Of));
        }

        await new ActiveStaffTallies(db).RebuildAsync(cancellationToken);
        return new SeededOrganisation(regions, branches, employees, demoUsers.ToDictionary(d => d.Key, d => SeededEmployee.Of(d.Value)));
    }
}

