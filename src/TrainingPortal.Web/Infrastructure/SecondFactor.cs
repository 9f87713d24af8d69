using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Staff;
using TrainingPortal.Data;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Which roles must sign in with an authenticator app as well as a password (Security:RequireTwoFactorFor, a comma
/// list; Admin, HR and Executive unless set, none in Development so a newcomer can look around).
/// </summary>
public sealed class SecondFactorPolicy
{
    public const string Setting = "Security:RequireTwoFactorFor";
    public const string ProductionDefault = "Admin,HR,Executive";

    /// <summary>The claim Identity adds when a sign-in passed a second factor, and which OpenID Connect providers send.</summary>
    public const string AuthenticationMethodsClaim = "amr";
    public const string MultiFactor = "mfa";

    public IReadOnlyList<string> RequiredFor { get; set; } = [];

    public bool IsRequiredFor(ClaimsPrincipal user) => RequiredFor.Any(user.IsInRole);

    public bool IsRequiredFor(IEnumerable<string> roles) => roles.Any(RequiredFor.Contains);

    public async Task<bool> IsRequiredForAsync(UserManager<PortalUser> users, PortalUser user) => IsRequiredFor(await users.GetRolesAsync(user));

    /// <summary>
    /// For single sign-on: the identity provider's token says it already asked for a second factor (its amr claim
    /// holds "mfa"), so the portal does not ask again. Pass it as <c>bypassTwoFactor</c> to
    /// <c>ExternalLoginSignInAsync</c>, and put amr = mfa on the portal's sign-in too (see <see cref="PassedSecondFactor"/>),
    /// kept there when Identity refreshes the claims, so the enrolment gate lets the session through.
    /// </summary>
    public static bool ProviderAskedForSecondFactor(ClaimsPrincipal external) =>
        external.HasClaim(AuthenticationMethodsClaim, MultiFactor);

    /// <summary>This sign-in passed a second factor: the portal's own code, or the identity provider's (amr = mfa).</summary>
    public static bool PassedSecondFactor(ClaimsPrincipal user) => user.HasClaim(AuthenticationMethodsClaim, MultiFactor);

    /// <summary>
    /// For <see cref="SecurityStampValidatorOptions.OnRefreshingPrincipal"/>: Identity rebuilds the claims every few minutes
    /// from the database, which would drop how the person signed in; this keeps the amr claims, so a single sign-on
    /// session that passed the provider's second factor stays recognised, and the sign-in's method (the provider's
    /// scheme), so signing out still ends the provider's session.
    /// </summary>
    public static Task KeepAuthenticationMethods(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            var kept = context.CurrentPrincipal?.Claims.Where(c => c.Type is AuthenticationMethodsClaim or ClaimTypes.AuthenticationMethod) ?? [];
            foreach (var claim in kept.ToList())
            {
                if (!identity.HasClaim(claim.Type, claim.Value))
                {
                    identity.AddClaim(new Claim(claim.Type, claim.Value));
                }
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Marks the pages a person who must enrol may open before enrolling (the enrolment itself).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowBeforeEnrolmentAttribute : Attribute;

public static class SecondFactorEnrolment
{
    public static IServiceCollection AddSecondFactor(this IServiceCollection services)
    {
        services.AddOptions<SecondFactorPolicy>()
            .Configure<IConfiguration, IHostEnvironment>((policy, configuration, environment) =>
                policy.RequiredFor = (configuration[SecondFactorPolicy.Setting] ?? (environment.IsDevelopment() ? "" : SecondFactorPolicy.ProductionDefault))
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(name => Roles.All.FirstOrDefault(role => role.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name)
                    .ToList())
            .Validate(policy => policy.RequiredFor.All(Roles.All.Contains),
                $"{SecondFactorPolicy.Setting} names a role that does not exist; the roles are {string.Join(", ", Roles.All)}.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SecondFactorPolicy>>().Value);
        return services;
    }

    /// <summary>
    /// A signed-in person whose role needs a second factor and who has not set one up is sent to set it up before any
    /// page that needs a sign-in. Public endpoints (static files, health, sign-out, the error pages) stay reachable.
    /// </summary>
    public static IApplicationBuilder UseSecondFactorEnrolment(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MustEnrolFirst(context))
            {
                var links = context.RequestServices.GetRequiredService<LinkGenerator>();
                var returnUrl = HttpMethods.IsGet(context.Request.Method) ? context.Request.PathBase + context.Request.Path + context.Request.QueryString : null;
                context.Response.Redirect(links.GetPathByPage(context, "/Account/Manage/EnableAuthenticator", values: new { area = "Identity", returnUrl })
                    ?? throw new InvalidOperationException("No route to the authenticator enrolment page."));
                return;
            }

            await next();
        });

    private static bool MustEnrolFirst(HttpContext context)
    {
        var user = context.User;
        var endpoint = context.GetEndpoint();
        if (user.Identity?.IsAuthenticated != true || endpoint is null
            || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
            || endpoint.Metadata.GetMetadata<AllowBeforeEnrolmentAttribute>() is not null
            || context.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            return false;
        }

        if (!context.RequestServices.GetRequiredService<SecondFactorPolicy>().IsRequiredFor(user) || SecondFactorPolicy.PassedSecondFactor(user))
        {
            return false;
        }

        return !user.HasClaim(PortalClaimTypes.TwoFactorEnabled, "true");
    }
}

/// <summary>
/// A browser remembered after a second factor ("don't ask again on this browser") never stands in for one when
/// the person's role requires it, even if it was remembered before they were given that role.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    SecondFactorPolicy policy)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> IsTwoFactorClientRememberedAsync(PortalUser user) =>
        await base.IsTwoFactorClientRememberedAsync(user) && !await policy.IsRequiredForAsync(UserManager, user);
}
