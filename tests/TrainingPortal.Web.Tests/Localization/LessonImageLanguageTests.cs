using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TrainingPortal.Web.Tests.Localization;

/// <summary>
/// A Chinese lesson's diagrams are Chinese too: the text a reader sees in an SVG it shows (labels, title, description)
/// is in the lesson's language, where an English diagram in a Chinese lesson was only noticed by reading it.
/// </summary>
public partial class LessonImageLanguageTests
{
    public static TheoryData<string> ChineseLessons()
    {
        var lessons = new TheoryData<string>();
        var courses = Path.Combine(ResourceFilesTests.RepositoryRoot(), "content", "courses");
        foreach (var file in Directory.EnumerateFiles(courses, "*.zh-Han?.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            lessons.Add(Path.GetRelativePath(courses, file));
        }

        return lessons;
    }

    [Theory]
    [MemberData(nameof(ChineseLessons))]
    public void Every_svg_a_chinese_lesson_shows_is_written_in_its_language(string lesson)
    {
        var path = Path.Combine(ResourceFilesTests.RepositoryRoot(), "content", "courses", lesson);
        var language = Path.GetFileNameWithoutExtension(path).Split('.')[^1];
        foreach (Match image in SvgImage().Matches(File.ReadAllText(path)))
        {
            var svg = XDocument.Load(Path.Combine(Path.GetDirectoryName(path)!, image.Groups["path"].Value));
            var shown = svg.Descendants().Where(e => e.Name.LocalName is "text" or "tspan" or "title" or "desc").Select(e => e.Value);

            Assert.Equal(language, (string?)svg.Root!.Attribute("lang"));
            Assert.All(shown, text => Assert.DoesNotMatch(EnglishWord(), text));
        }
    }

    [GeneratedRegex(@"!\[[^\]]*\]\((?<path>[^)\s]+\.svg)\)")]
    private static partial Regex SvgImage();

    /// <summary>Two Latin letters together: a word, where single letters ("客户A") are names.</summary>
    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex EnglishWord();
}
