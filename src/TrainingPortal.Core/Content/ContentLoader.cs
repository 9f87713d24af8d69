using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrainingPortal.Core.Content;

/// <param name="Warnings">Things to review that do not stop the portal, such as a translation whose base file changed since.</param>
public sealed record ContentLoadResult(ContentLibrary Library, IReadOnlyList<ContentProblem> Problems, IReadOnlyList<ContentProblem> Warnings)
{
    public CourseCatalog Catalog => Library.Base;

    public bool IsValid => Problems.Count == 0;
}

/// <summary>Loads and validates the whole content folder in one pass.</summary>
public static partial class ContentLoader
{
    /// <summary>Words that are routes under /courses/{course}/ and so cannot be lesson slugs.</summary>
    public static readonly IReadOnlySet<string> ReservedLessonSlugs =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "quiz", "attempts", AssetResolver.RouteSegment, "certificate", PracticeCardRoute };

    /// <summary>The printable huddle card of a course: <c>practice-card.md</c>, served at /courses/{course}/practice-card.</summary>
    public const string PracticeCardFile = "practice-card.md";

    public const string PracticeCardRoute = "practice-card";

    /// <summary>course.md's <c>review</c> values.</summary>
    public static readonly IReadOnlyDictionary<string, ReviewPolicy> ReviewPolicies = new Dictionary<string, ReviewPolicy>(StringComparer.Ordinal)
    {
        ["after-pass"] = ReviewPolicy.AfterPass,
        ["after-last-attempt"] = ReviewPolicy.AfterLastAttempt,
        ["never"] = ReviewPolicy.Never,
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    /// <summary>What is wrong with a slug a folder or file name gives (lower-case words joined by hyphens, no longer than the database keeps), or null.</summary>
    private static string? SlugProblem(string what, string slug) =>
        !SlugPattern().IsMatch(slug) ? $"{what} '{slug}' is not a valid slug (lower-case letters, digits and hyphens)"
        : slug.Length > ContentIds.MaxLength ? $"{what} '{slug}' is {slug.Length} characters long; a slug may be at most {ContentIds.MaxLength}"
        : null;

    [GeneratedRegex(@"^(\d{2})-(.+)\.md$")]
    private static partial Regex LessonFilePattern();

    /// <summary>The list in a course's <c>checklist.yml</c>.</summary>
    public const string ChecklistKey = "behaviours";

    /// <summary>The list in <c>pulse/statements.yml</c>.</summary>
    public const string PulseKey = "statements";

    public const int MinPulseStatements = 5;
    public const int MaxPulseStatements = 8;

    public static CourseCatalog LoadOrThrow(string contentRoot) => LoadLibraryOrThrow(contentRoot).Base;

    public static ContentLibrary LoadLibraryOrThrow(string contentRoot)
    {
        var result = Load(contentRoot);
        return result.IsValid ? result.Library : throw new ContentValidationException(result.Problems);
    }

    public static ContentLoadResult Load(string contentRoot)
    {
        var problems = new List<ContentProblem>();
        var root = Path.GetFullPath(contentRoot);
        var coursesFolder = Path.Combine(root, "courses");
        var courses = new List<Course>();
        var warnings = new List<ContentProblem>();
        if (!Directory.Exists(coursesFolder))
        {
            problems.Add(new ContentProblem(Relative(root, coursesFolder), 0, "the content folder has no 'courses' folder"));
            return new ContentLoadResult(new ContentLibrary(new Dictionary<string, CourseCatalog> { [ContentVocabulary.English] = new(courses) }), problems, warnings);
        }

        foreach (var folder in Directory.GetDirectories(coursesFolder).Order(StringComparer.Ordinal))
        {
            var course = LoadCourse(root, folder, problems);
            if (course is not null)
            {
                courses.Add(course);
            }
        }

        if (courses.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ContentProblem("courses", 0, "no courses found"));
        }

        var glossaryFile = Path.Combine(root, "glossary.md");
        var glossary = LoadPage(root, glossaryFile, problems);
        var pulseFile = Path.Combine(root, "pulse", "statements.yml");
        IReadOnlyList<PulseStatement> pulse = File.Exists(pulseFile)
            ? TextListLoader.Load(root, pulseFile, PulseKey, MinPulseStatements, MaxPulseStatements, problems)?.Select(i => new PulseStatement(i.Id, i.Text)).ToList() ?? []
            : [];
        var catalogs = new Dictionary<string, CourseCatalog> { [ContentVocabulary.English] = new(courses, glossary, ContentVocabulary.English, pulse) };
        var translations = new ContentTranslations(root, problems, warnings);
        foreach (var folder in Directory.GetDirectories(coursesFolder))
        {
            translations.ReportStrayFiles(folder, courses.FirstOrDefault(c => c.FolderPath == folder));
        }

        translations.ReportStrayFiles(root, null);
        if (Directory.Exists(Path.GetDirectoryName(pulseFile)))
        {
            translations.ReportStrayFiles(Path.GetDirectoryName(pulseFile)!, null);
        }

        foreach (var language in ContentVocabulary.TranslationLanguages)
        {
            catalogs[language] = new CourseCatalog(
                courses.Select(course => translations.Translate(course, language)),
                glossary is null ? null : translations.TranslatePage(glossary, glossaryFile, language),
                language,
                translations.TranslatePulse(pulse, pulseFile, language));
        }

        return new ContentLoadResult(new ContentLibrary(catalogs), problems, warnings);
    }

    private static Course? LoadCourse(string root, string folder, List<ContentProblem> problems)
    {
        var slug = Path.GetFileName(folder);
        var folderName = Relative(root, folder);
        var before = problems.Count;
        if (SlugProblem("course folder", slug) is { } slugProblem)
        {
            problems.Add(new ContentProblem(folderName, 0, slugProblem));
        }

        var courseFile = Path.Combine(folder, "course.md");
        if (!File.Exists(courseFile))
        {
            problems.Add(new ContentProblem(folderName, 0, "missing course.md"));
            return null;
        }

        var assets = new AssetResolver(folder, slug);
        var courseDoc = ReadFrontMatterDocument(root, courseFile, problems);
        string? title = null, summary = null, category = null;
        int? order = null, minutes = null, passMark = null, maxAttempts = null, draw = null, validity = null;
        var introduction = string.Empty;
        YamlNode? drawNode = null;
        var review = ReviewPolicy.AfterLastAttempt;
        ComplianceSignOff? signOff = null;
        if (courseDoc is not null)
        {
            var fields = courseDoc.Fields;
            title = fields.RequiredString("title", Course.MaxTitleLength);
            summary = fields.RequiredString("summary");
            category = fields.RequiredString("category");
            order = fields.RequiredInt("order", 0, 10_000);
            minutes = fields.RequiredInt("estimated_minutes", 1, 10_000);
            passMark = fields.RequiredInt("pass_mark", 1, 100);
            maxAttempts = fields.RequiredInt("max_attempts", 1, 100);
            drawNode = fields.Node("questions_per_attempt");
            draw = fields.RequiredInt("questions_per_attempt", 1, 1_000);
            validity = fields.RequiredInt("certificate_validity_months", 0, 120);
            review = ReadReviewPolicy(fields);
            signOff = ReadSignOff(fields);
            fields.ReportUnknownKeys();
            introduction = MarkdownRenderer.Render(courseDoc.Body, courseDoc.BodyLine, courseDoc.File, assets, problems);
        }

        var lessons = LoadLessons(root, folder, assets, problems);
        var lessonSlugs = lessons.Select(l => l.Slug).ToList();
        var pool = QuizLoader.Load(root, Path.Combine(folder, "quiz.yml"), lessonSlugs, problems);
        var practice = PracticeLoader.Load(root, Path.Combine(folder, PracticeLoader.FileName), lessonSlugs, problems);
        var card = LoadPage(root, Path.Combine(folder, PracticeCardFile), problems);
        var checklistFile = Path.Combine(folder, "checklist.yml");
        var checklist = File.Exists(checklistFile)
            ? TextListLoader.Load(root, checklistFile, ChecklistKey, Checklist.MinBehaviours, Checklist.MaxBehaviours, problems)
            : null;

        if (draw is not null && pool.Count > 0 && draw > pool.Count && drawNode is not null)
        {
            problems.Add(new ContentProblem(Relative(root, courseFile), (int)drawNode.Start.Line + 1,
                $"'questions_per_attempt' is {draw} but quiz.yml has only {pool.Count} question(s)"));
        }

        if (problems.Count > before || courseDoc is null)
        {
            return null;
        }

        return new Course(slug, title!, summary!, category!, order!.Value, minutes!.Value, passMark!.Value,
            maxAttempts!.Value, draw!.Value, validity!.Value, introduction, lessons, pool, ContentVersionOf(folder), folder,
            Checklist: checklist is null ? null : new Checklist(checklist.Select(i => new ObservedBehaviour(i.Id, i.Text)).ToList()),
            Review: review, SignOff: signOff, Practice: practice, PracticeCard: card);
    }

    private static ReviewPolicy ReadReviewPolicy(YamlFields fields)
    {
        if (fields.OptionalString("review") is not { } text)
        {
            return ReviewPolicy.AfterLastAttempt;
        }

        if (ReviewPolicies.TryGetValue(text, out var policy))
        {
            return policy;
        }

        fields.Add(fields.Node("review")!, $"review '{text}' is unknown; use {string.Join(", ", ReviewPolicies.Keys)}");
        return ReviewPolicy.AfterLastAttempt;
    }

    /// <summary>Both fields empty until a compliance officer signs; then both set, the date a real one and not in the future.</summary>
    private static ComplianceSignOff? ReadSignOff(YamlFields fields)
    {
        var by = fields.OptionalString("reviewed_by")?.Trim() ?? "";
        var on = fields.OptionalString("reviewed_on")?.Trim() ?? "";
        if (by.Length == 0 && on.Length == 0)
        {
            return null;
        }

        var node = fields.Node(on.Length == 0 ? "reviewed_by" : "reviewed_on")!;
        if (by.Length == 0 || on.Length == 0)
        {
            fields.Add(node, "reviewed_by and reviewed_on are set together, when a compliance officer signs the course off; leave both empty until then");
            return null;
        }

        if (!DateOnly.TryParseExact(on, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            fields.Add(node, $"reviewed_on '{on}' is not a date written yyyy-MM-dd");
            return null;
        }

        return new ComplianceSignOff(by, date);
    }

    private static List<Lesson> LoadLessons(string root, string folder, AssetResolver assets, List<ContentProblem> problems)
    {
        var lessons = new List<Lesson>();
        var slugsSeen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var numbersSeen = new Dictionary<int, string>();
        foreach (var path in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name is "course.md" or PracticeCardFile || ContentTranslations.IsTranslationFileName(name))
            {
                continue;
            }

            var file = Relative(root, path);
            var match = LessonFilePattern().Match(name);
            if (!match.Success)
            {
                problems.Add(new ContentProblem(file, 0, "a lesson file name must be NN-<lesson-slug>.md, e.g. 01-welcome.md"));
                continue;
            }

            var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var slug = match.Groups[2].Value;
            if (SlugProblem("lesson slug", slug) is { } slugProblem)
            {
                problems.Add(new ContentProblem(file, 0, slugProblem));
            }
            else if (ReservedLessonSlugs.Contains(slug))
            {
                problems.Add(new ContentProblem(file, 0, $"lesson slug '{slug}' collides with the portal's route /courses/<course>/{slug}; choose another slug"));
            }

            if (!slugsSeen.TryAdd(slug, name))
            {
                problems.Add(new ContentProblem(file, 0, $"duplicate lesson slug '{slug}' (also used by {slugsSeen[slug]})"));
            }

            if (!numbersSeen.TryAdd(number, name))
            {
                problems.Add(new ContentProblem(file, 0, $"duplicate lesson number {number:00} (also used by {numbersSeen[number]})"));
            }

            var doc = ReadFrontMatterDocument(root, path, problems);
            if (doc is null)
            {
                continue;
            }

            var title = doc.Fields.RequiredString("title");
            var minutes = doc.Fields.RequiredInt("estimated_minutes", 1, 1_000);
            doc.Fields.ReportUnknownKeys();
            var html = MarkdownRenderer.Render(doc.Body, doc.BodyLine, file, assets, problems);
            lessons.Add(new Lesson(number, slug, title ?? slug, minutes ?? 0, html, MarkdownRenderer.CountWords(doc.Body)));
        }

        var folderName = Relative(root, folder);
        if (lessons.Count == 0)
        {
            problems.Add(new ContentProblem(folderName, 0, "the course has no lessons (files named 01-<slug>.md)"));
        }

        var expected = 1;
        foreach (var number in numbersSeen.Keys.Order())
        {
            if (number != expected)
            {
                problems.Add(new ContentProblem(Relative(root, Path.Combine(folder, numbersSeen[number])), 0,
                    expected == 1 && number > 1
                        ? $"lesson numbers must start at 01, but the first is {number:00}"
                        : $"lesson number gap: {number:00} follows {expected - 1:00}; expected {expected:00}"));
                break;
            }

            expected++;
        }

        lessons.Sort((a, b) => a.Number.CompareTo(b.Number));
        return lessons;
    }

    internal static ContentPage? LoadPage(string root, string path, List<ContentProblem> problems)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var doc = ReadFrontMatterDocument(root, path, problems);
        if (doc is null)
        {
            return null;
        }

        var title = doc.Fields.RequiredString("title");
        doc.Fields.ReportUnknownKeys();
        var html = MarkdownRenderer.Render(doc.Body, doc.BodyLine, doc.File, null, problems);
        return new ContentPage(title ?? "Glossary", html);
    }

    internal sealed record FrontMatterDocument(string File, YamlFields Fields, string Body, int BodyLine);

    internal static FrontMatterDocument? ReadFrontMatterDocument(string root, string path, List<ContentProblem> problems)
    {
        var file = Relative(root, path);
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problems.Add(new ContentProblem(file, 1, "the file must start with YAML front matter between '---' lines"));
            return null;
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            problems.Add(new ContentProblem(file, 1, "the front matter is not closed by a '---' line"));
            return null;
        }

        var yaml = string.Join('\n', lines[1..end]);
        var mapping = ParseMapping(yaml, file, lineOffset: 1, problems);
        if (mapping is null)
        {
            return null;
        }

        var body = string.Join('\n', lines[(end + 1)..]);
        return new FrontMatterDocument(file, new YamlFields(mapping, file, 1, problems), body, end + 2);
    }

    internal static YamlMappingNode? ParseMapping(string yaml, string file, int lineOffset, List<ContentProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            problems.Add(new ContentProblem(file, (int)ex.Start.Line + lineOffset, $"invalid YAML: {message}"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            problems.Add(new ContentProblem(file, 1 + lineOffset, "expected a YAML mapping of 'key: value' lines"));
            return null;
        }

        return mapping;
    }

    /// <summary>A short hash of every file in the course folder: changes whenever anything a learner sees changes.</summary>
    private static string ContentVersionOf(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, path).Replace('\\', '/') + "\n"));
            hash.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    /// <summary>
    /// What a translation records in <c>translated_from</c>: a short hash of its base file's text (line endings
    /// ignored), so the validator can tell that the base changed after the translation was written.
    /// </summary>
    public static string SourceHash(string baseFile) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(baseFile, Encoding.UTF8).Replace("\r", "", StringComparison.Ordinal))))[..12];

    internal static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace('\\', '/');
}
