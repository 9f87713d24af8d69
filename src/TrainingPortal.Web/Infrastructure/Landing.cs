using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using TrainingPortal.Core.Staff;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Where each role's work is, and so where signing in lands when the person asked for no page in particular:
/// HR and Admin on the HR home, executives on the dashboard, managers on their branch, everyone else on My learning
/// (one click away from every other home).
/// </summary>
public static class Landing
{
    public static string PageFor(ClaimsPrincipal user) =>
        user.IsInRole(Roles.HR) || user.IsInRole(Roles.Admin) ? "/Hr/Index"
        : user.IsInRole(Roles.Executive) ? "/Dashboard/Index"
        : user.IsInRole(Roles.BranchManager) ? "/Branch/Index"
        : "/Index";

    /// <summary>
    /// The return address after signing in: the page the person was sent away from, or, when that was only the site's
    /// root (the address everyone types), the landing page for their role.
    /// </summary>
    public static string AfterSignIn(this IUrlHelper url, string? returnUrl) =>
        returnUrl is null or "" or "/" or "~/" ? url.Page("/Home", new { area = "" })! : url.LocalOr(returnUrl)!;
}
