using Microsoft.AspNetCore.StaticFiles;
using TrainingPortal.Core.Content;

namespace TrainingPortal.Web.Infrastructure;

public static class CourseAssetEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>
    /// Pictures and files that lessons link to, served from the course's own folder only: no '..',
    /// no Markdown or quiz sources (the quiz file holds the answer key).
    /// </summary>
    public static void MapCourseAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/courses/{course}/" + AssetResolver.RouteSegment + "/{**path}", (string course, string path, CourseCatalog catalog, HttpContext http) =>
        {
            if (catalog.Find(course) is not { } found || AssetResolver.FindFile(found.FolderPath, path) is not { } file)
            {
                return Results.NotFound();
            }

            if (!ContentTypes.TryGetContentType(file, out var contentType))
            {
                contentType = "application/octet-stream";
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            // An SVG opened on its own must not run script in the portal's origin.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
            return Results.File(file, contentType, enableRangeProcessing: false, lastModified: File.GetLastWriteTimeUtc(file));
        });
}
