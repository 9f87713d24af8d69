using System.Reflection;
using Microsoft.AspNetCore.Identity;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Refuses passwords that appear in breach lists or are built from the person's own email or name.
/// Length is what protects (ten characters at least); composition rules are deliberately not used.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TrainingPortal.CommonPasswords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }

        return set;
    });

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var normalised = password.Trim();
        var personal = new[] { user.Email?.Split('@')[0], user.UserName?.Split('@')[0], user.EmployeeNumber }
            .Concat(user.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p is { Length: >= 4 });
        if (Common.Value.Contains(normalised) || Common.Value.Contains(StripTrailingDigits(normalised)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is too common: it appears in lists attackers try first. Choose a longer phrase of your own." }));
        }

        if (personal.Any(p => normalised.Contains(p!, StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PersonalPassword", Description = "The password must not contain your name, email or employee number." }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static string StripTrailingDigits(string password) => password.TrimEnd("0123456789!".ToCharArray());
}
