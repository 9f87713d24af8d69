using System.Text.RegularExpressions;
using TrainingPortal.Data;

namespace TrainingPortal.Tests;

public static partial class MailLinks
{
    /// <summary>The path and query of the set-password link in a mail's plain-text body, as a person would click it.</summary>
    public static string SetPasswordLink(OutboxMail mail) => SetPasswordLink(mail.TextBody);

    public static string SetPasswordLink(string body)
    {
        var match = SetPasswordUrl().Match(body);
        Assert.True(match.Success, $"no set-password link in:\n{body}");
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/account/set-password\?\S+")]
    private static partial Regex SetPasswordUrl();
}
