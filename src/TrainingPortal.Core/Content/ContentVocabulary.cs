namespace TrainingPortal.Core.Content;

/// <summary>
/// The few words the content model itself puts into a course (the labels of call-out blocks, the two answers of a
/// true-or-false question), in each language a course can be written in. Everything else comes from the files.
/// </summary>
public static class ContentVocabulary
{
    public const string English = Languages.PortalLanguages.English;
    public const string Simplified = Languages.PortalLanguages.Simplified;
    public const string Traditional = Languages.PortalLanguages.Traditional;

    /// <summary>The languages a translation may be written in, as the suffix of its file name (01-x.zh-Hans.md).</summary>
    public static readonly IReadOnlyList<string> TranslationLanguages = [Simplified, Traditional];

    private static readonly Dictionary<string, Dictionary<string, string>> Callouts = new(StringComparer.Ordinal)
    {
        ["tip"] = new() { [English] = "Tip", [Simplified] = "提示", [Traditional] = "提示" },
        ["example"] = new() { [English] = "Example", [Simplified] = "案例", [Traditional] = "案例" },
        ["takeaways"] = new() { [English] = "Key takeaways", [Simplified] = "要点回顾", [Traditional] = "重點回顧" },
        [HongKong] = new() { [English] = "In Hong Kong", [Simplified] = "在香港", [Traditional] = "在香港" },
        [MainlandChina] = new() { [English] = "In mainland China", [Simplified] = "在中国内地", [Traditional] = "在中國內地" },
        [Illustration] = new() { [English] = "Illustration: check the bank's current policy", [Simplified] = "示例：以本行现行政策为准", [Traditional] = "示例：以本行現行政策為準" },
    };

    /// <summary>Call-outs that state the law of one place: they may not state a figure as fact.</summary>
    public const string HongKong = "hong-kong";

    public const string MainlandChina = "mainland-china";

    /// <summary>The call-out that holds a threshold, deadline or amount as an example, under "check the bank's current policy".</summary>
    public const string Illustration = "illustration";

    public static readonly IReadOnlySet<string> LawCallouts = new HashSet<string>(StringComparer.Ordinal) { HongKong, MainlandChina };

    private static readonly Dictionary<string, (string True, string False)> TrueFalse = new(StringComparer.Ordinal)
    {
        [English] = ("True", "False"),
        [Simplified] = ("正确", "错误"),
        [Traditional] = ("正確", "錯誤"),
    };

    public static IReadOnlyCollection<string> CalloutKinds => Callouts.Keys;

    public static string? CalloutLabel(string kind, string language) =>
        Callouts.TryGetValue(kind, out var labels) ? labels.GetValueOrDefault(language) ?? labels[English] : null;

    public static (string True, string False) TrueFalseAnswers(string language) =>
        TrueFalse.GetValueOrDefault(language, TrueFalse[English]);
}
