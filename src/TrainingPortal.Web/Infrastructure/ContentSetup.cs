namespace TrainingPortal.Web.Infrastructure;

public static class ContentSetup
{
    /// <summary>
    /// The content folder: Content:Path when set, otherwise the nearest 'content' folder with courses
    /// above the app, so a fresh clone runs without configuration.
    /// </summary>
    public static string ResolveContentPath(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Content:Path"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured));
        }

        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "content");
                if (Directory.Exists(Path.Combine(candidate, "courses")))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(contentRoot, "content");
    }
}
