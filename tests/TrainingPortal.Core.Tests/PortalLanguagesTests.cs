using TrainingPortal.Core.Languages;

namespace TrainingPortal.Core.Tests;

public class PortalLanguagesTests
{
    [Theory]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh-SG", "zh-Hans")]
    [InlineData("zh", "zh-Hans")]
    [InlineData("zh_cn", "zh-Hans")]
    [InlineData("zh-Hans-CN", "zh-Hans")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("zh-TW", "zh-Hant")]
    [InlineData("zh-MO", "zh-Hant")]
    [InlineData("zh-Hant-HK", "zh-Hant")]
    [InlineData("en-GB", "en")]
    [InlineData("EN", "en")]
    [InlineData("fr-FR", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Every_tag_is_read_by_the_script_it_implies(string? tag, string? expected) =>
        Assert.Equal(expected, PortalLanguages.Match(tag));
}
