using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using TrainingPortal.Data;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>A one-time link with which the owner of a new account sets its password (Identity's reset token).</summary>
public sealed class SetPasswordLinks(UserManager<PortalUser> userManager, PublicUrls urls)
{
    public async Task<string> ForAsync(PortalUser user, HttpRequest? request)
    {
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        return urls.SetPassword(WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)), request);
    }
}
