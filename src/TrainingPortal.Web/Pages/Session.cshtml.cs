using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages;

/// <summary>
/// Keeps a sign-in on request from the timeout warning (session.js): being a signed-in request, it renews the cookie
/// as any page does, and answers how long the sign-in now has left and whether keeping it could give it longer.
/// </summary>
public class SessionModel : PageModel
{
    public IActionResult OnGet()
    {
        var left = SessionLifetime.Remaining(HttpContext);
        return new JsonResult(new { remainingSeconds = (long)(left?.Time.TotalSeconds ?? 0), renewable = left?.Renewable ?? false });
    }
}
