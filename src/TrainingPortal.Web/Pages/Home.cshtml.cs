using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Pages;

/// <summary>Sends each person to where their work is; the target of signing in and of the portal's name in the header.</summary>
public class HomeModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage(Landing.PageFor(User), new { area = "" });
}
