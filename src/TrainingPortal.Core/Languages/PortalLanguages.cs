namespace TrainingPortal.Core.Languages;

/// <summary>
/// The three languages of the portal and how any language tag a browser, a cookie or a staff file carries is
/// mapped onto one of them. Simplified and Traditional Chinese are chosen by script, not by country: a Hong Kong,
/// Taiwan or Macau tag reads Traditional, a mainland or Singapore tag Simplified.
/// </summary>
public static class PortalLanguages
{
    public const string English = "en";
    public const string Simplified = "zh-Hans";
    public const string Traditional = "zh-Hant";

    public static readonly IReadOnlyList<string> All = [English, Simplified, Traditional];

    /// <summary>Whether the language sets spaces between its words: English does, Chinese does not.</summary>
    public static bool SpacesWords(string language) => language == English;

    private static readonly Dictionary<string, string> ByTag = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = English,
        ["zh-Hans"] = Simplified,
        ["zh-CN"] = Simplified,
        ["zh-SG"] = Simplified,
        ["zh"] = Simplified,
        ["zh-Hant"] = Traditional,
        ["zh-HK"] = Traditional,
        ["zh-TW"] = Traditional,
        ["zh-MO"] = Traditional,
    };

    /// <summary>The portal language for a tag such as zh-HK, zh-Hant-TW, zh_CN or en-GB; null when none fits.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        if (parts[0].Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            return English;
        }

        // zh-Hant-HK or zh-Hans-CN: the script decides; zh-HK: the region does; a bare "zh" reads Simplified.
        for (var length = Math.Min(parts.Length, 2); length >= 1; length--)
        {
            if (ByTag.TryGetValue(string.Join('-', parts[..length]), out var language))
            {
                return language;
            }
        }

        return null;
    }

    public static bool IsChinese(string language) => language is Simplified or Traditional;

    /// <summary>Each language's own name, as the picker shows it whatever the page's language.</summary>
    public static string NativeName(string language) => language switch
    {
        Simplified => "简体中文",
        Traditional => "繁體中文",
        _ => "English",
    };
}
