using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Refuses passwords that appear in breach lists (Openwall's list of the most common, see CommonPasswords.LICENSE.txt)
/// or are built from the bank's name or the person's own name, email or employee number.
/// Length is what protects (ten characters at least); composition rules are deliberately not used.
/// </summary>
public sealed partial class CommonPasswordValidator(IConfiguration configuration, IStringLocalizer<Shared> text) : IPasswordValidator<PortalUser>
{
    private const int MinTokenLength = 4;

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
        if (Common.Value.Contains(normalised) || Common.Value.Contains(StripTrailingDigits(normalised)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = text["Password.Common"] }));
        }

        if (IsBuiltFrom(normalised, PortalSettings.BankNames(configuration).SelectMany(Tokens)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "BankNamePassword", Description = text["Password.BankName"] }));
        }

        var personal = Tokens(user.Email?.Split('@')[0]).Concat(Tokens(user.UserName?.Split('@')[0])).Concat(Tokens(user.DisplayName))
            .Append(user.EmployeeNumber).Where(p => p is { Length: >= MinTokenLength });
        var letters = Letters(normalised);
        if (personal.Any(p => normalised.Contains(p, StringComparison.OrdinalIgnoreCase) || letters.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PersonalPassword", Description = text["Password.Personal"] }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>
    /// Nothing but these words with digits, spaces and symbols around them ("Harbourline2026!", "Bank Harbourline 1"),
    /// where a passphrase that merely includes one ("quiet riverbank stroll") is left alone.
    /// </summary>
    private static bool IsBuiltFrom(string password, IEnumerable<string> words)
    {
        var rest = Letters(password);
        foreach (var word in words.OrderByDescending(w => w.Length))
        {
            rest = rest.Replace(Letters(word), "", StringComparison.OrdinalIgnoreCase);
        }

        return rest.Length < MinTokenLength && rest.Length < Letters(password).Length;
    }

    /// <summary>The words of a name or an email's local part ("Mary-Jane O'Neil", "mary.oneil") of four characters or more, and all of them run together.</summary>
    private static IEnumerable<string> Tokens(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = NonWord().Split(text).Where(w => w.Length >= MinTokenLength).ToList();
        var whole = Letters(text);
        return whole.Length >= MinTokenLength ? words.Append(whole) : words;
    }

    private static string Letters(string text) => string.Concat(text.Where(char.IsLetter));

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NonWord();

    private static string StripTrailingDigits(string password) => password.TrimEnd("0123456789!".ToCharArray());
}
