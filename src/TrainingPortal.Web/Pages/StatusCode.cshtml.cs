using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainingPortal.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class StatusCodeModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public string RequestId { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        Code = code;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        (Heading, Explanation) = code switch
        {
            400 => ("That request could not be accepted", "Something in what was sent did not match what this page expects, so nothing was saved. Go back, reload the page and try again."),
            403 => ("You do not have access to this page", "Your role does not include this page. If you think it should, ask HR or the portal administrator."),
            404 => ("Page not found", "There is no page at this address. It may have been moved, or the link may be mistyped."),
            413 => ("The file is too large", "The upload is bigger than this page accepts."),
            429 => ("Too many requests", "Please wait a minute before trying again."),
            _ => ("Something went wrong", "The portal could not complete that request."),
        };
    }
}
