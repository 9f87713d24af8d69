using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace TrainingPortal.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class StatusCodeModel(IStringLocalizer<TrainingPortal.Web.Shared> text) : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public string RequestId { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        // A refused form re-executed here binds from that form first, which may leave the code unbound: the response has it.
        Code = code is >= 400 and <= 599 ? code : Response.StatusCode;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var key = Code switch
        {
            400 => "BadRequest",
            403 => "Forbidden",
            404 => "NotFound",
            413 => "TooLarge",
            429 => "TooManyRequests",
            _ => "Other",
        };
        Heading = text[$"StatusCode.{key}.Heading"];
        Explanation = text[$"StatusCode.{key}.Explanation"];
    }
}
