using TrainingPortal.Core.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;
using TrainingPortal.Web.Accounts;

namespace TrainingPortal.Web.Infrastructure;

public static class AccountCommands
{
    /// <summary>Roles are reference data: every database has all five, whatever the environment.</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>
    /// <c>create-admin --email you@bank.example --name "Your Name" [--employee-number A0001]</c>: the first
    /// administrator of a new production database. Prints a one-time link to set the password.
    /// </summary>
    public static async Task<int> CreateAdminAsync(IServiceProvider services, string[] args)
    {
        var email = Option(args, "--email");
        var name = Option(args, "--name");
        if (email is null || name is null)
        {
            Console.Error.WriteLine("usage: create-admin --email <address> --name <full name> [--employee-number <number>] [--job-title <title>]");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var today = scope.ServiceProvider.GetRequiredService<BankCalendar>().DateOf(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var employeeNumber = Option(args, "--employee-number") ?? $"ADMIN-{await db.Users.CountAsync() + 1:000}";
        var outcome = await scope.ServiceProvider.GetRequiredService<CreateAccount>().ExecuteAsync(
            new NewAccount(employeeNumber, name, email, Option(args, "--job-title") ?? "Portal Administrator", today, BranchId: null, Roles.Admin), Actor.Console, CancellationToken.None);
        if (!outcome.Succeeded)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, outcome.Refusals.Select(r => r.Message)));
            return 1;
        }

        // The first administrator has nobody to invite them: the link goes to this console, once, and says so.
        var user = outcome.Value!;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var token = await users.GenerateUserTokenAsync(user, AccountLinkTokens.ProviderName, AccountLinkTokens.InvitationPurpose);
        Console.WriteLine($"Administrator {email} created. This link is shown only here, once; it sets the password and works until it expires:");
        Console.WriteLine(scope.ServiceProvider.GetRequiredService<PublicUrls>().SetPassword(user.Id, token, AccountLinkTokens.InvitationPurpose));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
