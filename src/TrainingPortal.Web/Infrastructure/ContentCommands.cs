using TrainingPortal.Core.Content;

namespace TrainingPortal.Web.Infrastructure;

public static class ContentCommands
{
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
            Console.WriteLine($"  {course.Slug} ({course.ContentVersion}): {course.Lessons.Count} lessons, {course.QuestionPool.Count} questions");
        }

        return 0;
    }
}
