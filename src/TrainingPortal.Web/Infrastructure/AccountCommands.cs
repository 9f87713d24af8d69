using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using TrainingPortal.Data;

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
    public static async Task<int> CreateAdminAsync(IServiceProvider services, IConfiguration configuration, string[] args)
    {
        var email = Option(args, "--email");
        var name = Option(args, "--name");
        if (email is null || name is null)
        {
            Console.Error.WriteLine("usage: create-admin --email <address> --name <full name> [--employee-number <number>]");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var employeeNumber = Option(args, "--employee-number") ?? $"ADMIN-{await db.Users.CountAsync() + 1:000}";
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            EmployeeNumber = employeeNumber,
            JobTitle = "Portal Administrator",
            HireDate = DateOnly.FromDateTime(DateTime.UtcNow),
            CreatedAtUtc = DateTime.UtcNow,
        };
        var result = await users.CreateAsync(user);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Roles.Admin);
        }

        if (!result.Succeeded)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
            return 1;
        }

        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var baseUrl = (configuration["Portal:PublicBaseUrl"] is { Length: > 0 } configured ? configured : "http://localhost:5000").TrimEnd('/');
        Console.WriteLine($"Administrator {email} created. Set the password at:");
        Console.WriteLine($"{baseUrl}/Identity/Account/ResetPassword?code={token}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
