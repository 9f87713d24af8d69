using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TrainingPortal.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Where Identity sends a signed-in person a page refused. The portal answers refusals with 403 and its status page
/// instead, so this is only reached by its address; like Identity's own page, it is for signed-in staff.
/// </summary>
public class AccessDeniedModel : PageModel
{
    public void OnGet()
    {
    }
}
