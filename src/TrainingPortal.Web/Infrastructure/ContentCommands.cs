using TrainingPortal.Core.Content;

namespace TrainingPortal.Web.Infrastructure;

public static class ContentCommands
{
    /// <summary>How much of a course a language has: "all", or the parts translated so far.</summary>
    private static string Coverage(Course course)
    {
        if (course.IsFullyTranslated)
        {
            return "all";
        }

        var lessons = course.Lessons.Count(l => l.IsTranslated);
        return lessons == 0 && !course.IsTranslated && !course.QuizIsTranslated
            ? "none"
            : $"{lessons}/{course.Lessons.Count} lessons{(course.IsTranslated ? ", course page" : "")}{(course.QuizIsTranslated ? ", quiz" : "")}";
    }

    /// <summary><c>validate-content [path]</c>: the same checks as start-up, for content authors.</summary>
    public static int Validate(string[] args)
    {
        var path = args.SkipWhile(a => a != "validate-content").Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
        var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();
        var contentPath = path is not null ? Path.GetFullPath(path) : ContentSetup.ResolveContentPath(configuration, Directory.GetCurrentDirectory());
        if (!Directory.Exists(contentPath))
        {
            Console.Error.WriteLine($"{contentPath}: no such folder");
            return 2;
        }

        var result = ContentLoader.Load(contentPath);
        if (!result.IsValid)
        {
            Console.Error.WriteLine($"{contentPath}: {result.Problems.Count} problem(s)");
            foreach (var problem in result.Problems)
            {
                Console.Error.WriteLine("  " + problem);
            }

            return 1;
        }

        var courses = result.Catalog.Courses;
        Console.WriteLine($"{contentPath}: OK, {courses.Count} course(s), {courses.Sum(c => c.Lessons.Count)} lesson(s), {courses.Sum(c => c.QuestionPool.Count)} question(s)");
        foreach (var course in courses)
        {
            var translations = ContentVocabulary.TranslationLanguages.Select(language => $"{language} {Coverage(result.Library.For(language).Find(course.Slug)!)}");
            var checklist = course.Checklist is { } list ? $"{list.Behaviours.Count} behaviours to observe" : "no observation checklist";
            var practice = $"{course.Practice?.Decisions.Count ?? 0} practice decisions{(course.PracticeCard is null ? "" : ", a practice card")}";
            var signOff = course.SignOff is { } s ? $"signed off by {s.ReviewedBy} on {s.ReviewedOn:yyyy-MM-dd}" : "compliance sign-off pending";
            Console.WriteLine($"  {course.Slug} ({course.ContentVersion}): {course.Lessons.Count} lessons, {course.QuestionPool.Count} questions, {practice}, {checklist}; {signOff}; translated: {string.Join(", ", translations)}");
        }

        Console.WriteLine(result.Catalog.PulseStatements.Count == 0
            ? "  pulse: no statements (pulse/statements.yml), so HR cannot open a pulse"
            : $"  pulse: {result.Catalog.PulseStatements.Count} statements");

        if (result.Warnings.Count > 0)
        {
            Console.WriteLine($"{result.Warnings.Count} warning(s), to review:");
            foreach (var warning in result.Warnings)
            {
                Console.WriteLine("  " + warning);
            }
        }

        // The portal runs content that misses these; the learning team does not ship it.
        var standards = CurriculumStandards.Review(result.Library);
        if (standards.Count > 0)
        {
            Console.Error.WriteLine($"{standards.Count} place(s) below the curriculum standards (content/README.md, \"Authoring rules\"):");
            foreach (var problem in standards)
            {
                Console.Error.WriteLine("  " + problem);
            }

            return 1;
        }

        return 0;
    }
}
