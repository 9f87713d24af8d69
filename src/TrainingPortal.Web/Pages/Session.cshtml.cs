using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages;

/// <summary>
/// Keeps a sign-in on request from the timeout warning (session.js): being a signed-in request, it renews the cookie
/// as any page does, and answers how long the sign-in now has left.
/// </summary>
public class SessionModel : PageModel
{
    public IActionResult OnGet()
    {
        Response.Headers.CacheControl = "no-store";
        var left = SessionLifetime.Remaining(HttpContext) ?? TimeSpan.Zero;
        return new JsonResult(new { remainingSeconds = (long)left.TotalSeconds });
    }
}
