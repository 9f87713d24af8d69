using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Refuses (400, nothing done) a page request whose address, query or form holds a NUL character. Nobody types one;
/// PostgreSQL refuses it in any text value, so a search, a filter or a saved name carrying one would fail there as a
/// 500, and a text that keeps one is cut short by whatever reads it as a C string. A global page filter, so it runs
/// after the page's own request limits and reads the form model binding has already read.
/// </summary>
public sealed class RefuseNulCharacters : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // The status page shown for the refusal runs with the same request: it must not be refused in turn.
        if (context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && await CarriesNulAsync(context.HttpContext.Request))
        {
            context.Result = new BadRequestResult();
            return;
        }

        await next();
    }

    public static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    private static async Task<bool> CarriesNulAsync(HttpRequest request)
    {
        if (HasNul(request.Path.Value) || request.Query.Any(p => HasNul(p.Key) || p.Value.Any(HasNul)))
        {
            return true;
        }

        if (!request.HasFormContentType)
        {
            return false;
        }

        try
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return form.Any(f => HasNul(f.Key) || f.Value.Any(HasNul)) || form.Files.Any(f => HasNul(f.Name) || HasNul(f.FileName));
        }
        catch (InvalidDataException)
        {
            return false; // a malformed form: the page's own binding has already refused or ignored it
        }
    }
}
