using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TrainingPortal.Core.Languages;
using TrainingPortal.Web.Infrastructure;

namespace TrainingPortal.Web.Accounts;

/// <summary>The Authentication section: how staff may sign in.</summary>
public sealed class SignInSettings
{
    public const string Section = "Authentication";

    /// <summary>False for banks that sign in only through their provider: the password form is gone and a posted password refused.</summary>
    public bool LocalPasswords { get; set; } = true;

    public OpenIdConnectSettings OpenIdConnect { get; set; } = new();
}

public sealed class OpenIdConnectSettings
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The provider's name on the sign-in page; when not set, a description in the reader's language is shown.</summary>
    public string DisplayName { get; set; } = DefaultDisplayName;

    /// <summary>
    /// The provider's name in other languages, by language (zh-Hans, zh-Hant; a tag such as zh-HK is read as its
    /// language): a bank whose sign-in has a Chinese name shows it to Chinese readers, where they read the English one.
    /// </summary>
    public Dictionary<string, string> DisplayNames { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public const string DefaultDisplayName = "the bank's sign-in";

    /// <summary>The provider's name as a reader sees it: the configured one in their language, else the configured one, else "the bank's sign-in" in their language.</summary>
    public string DisplayNameFor(Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        var language = PortalLanguages.Match(System.Globalization.CultureInfo.CurrentUICulture.Name) ?? PortalLanguages.English;
        var named = DisplayNames.Where(n => PortalLanguages.Match(n.Key) == language && !string.IsNullOrWhiteSpace(n.Value)).Select(n => n.Value).FirstOrDefault();
        return named ?? (DisplayName == DefaultDisplayName ? text["Account.External.DefaultProvider"] : DisplayName);
    }

    /// <summary>
    /// A sign-on link's provider as the reader knows it: the portal's own provider by its name in their language (the
    /// name stored with the link is the English one of when it was made), any other by the name stored with it.
    /// </summary>
    public string NameOf(string? loginProvider, string? storedName, Microsoft.Extensions.Localization.IStringLocalizer text) =>
        loginProvider == SingleSignOn.Scheme ? DisplayNameFor(text) : storedName ?? loginProvider ?? "";

    public string EmployeeNumberClaim { get; set; } = "employee_number";
    public string EmailClaim { get; set; } = "email";

    /// <summary>An http:// authority, allowed outside Development only when this says so (a test provider on a closed network).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Whether signing out of a session begun at the provider also ends the provider's session (when the provider
    /// publishes an end-session endpoint), so the next person at a shared terminal is asked who they are.
    /// </summary>
    public bool SignOutAtProvider { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Where the sign-in button's answer redirects the browser to.</summary>
    public string? Origin => Uri.TryCreate(Authority, UriKind.Absolute, out var authority) ? authority.GetLeftPart(UriPartial.Authority) : null;
}

/// <summary>A person as the provider describes them, read from the claims of their sign-in there.</summary>
public sealed record ExternalIdentity(string Provider, string ProviderKey, string ProviderDisplayName, string? EmployeeNumber, string? Email, bool EmailVerified);

/// <summary>Optional sign-in through the bank's OpenID Connect provider, as an external login of ASP.NET Core Identity.</summary>
public static class SingleSignOn
{
    /// <summary>Also the LoginProvider stored with each linked login, so it never changes.</summary>
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;

    public const string EmailVerifiedClaim = "email_verified";

    public const string IdTokenName = OpenIdConnectParameterNames.IdToken;

    /// <returns>Why the portal cannot start with these settings, or null.</returns>
    public static string? Add(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, CookieSecurePolicy cookiePolicy)
    {
        var settings = configuration.GetSection(SignInSettings.Section).Get<SignInSettings>() ?? new SignInSettings();
        services.Configure<SignInSettings>(configuration.GetSection(SignInSettings.Section));
        var oidc = settings.OpenIdConnect;
        if (!oidc.Enabled)
        {
            return settings.LocalPasswords ? null
                : "Authentication:LocalPasswords is false but Authentication:OpenIdConnect:Authority is not set, so nobody could sign in.";
        }

        if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return "Authentication:OpenIdConnect:Authority must be the provider's absolute https:// address.";
        }

        var plainHttp = authority.Scheme == "http";
        if (plainHttp && !environment.IsDevelopment() && !oidc.AllowHttp)
        {
            return "Authentication:OpenIdConnect:Authority is http://: use https://, or set Authentication:OpenIdConnect:AllowHttp=true for a test provider.";
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            return "Authentication:OpenIdConnect:ClientId is required when Authority is set.";
        }

        services.AddAuthentication().AddOpenIdConnect(Scheme, oidc.DisplayName, options =>
        {
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = oidc.Authority;
            options.RequireHttpsMetadata = !plainHttp;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            options.SaveTokens = true; // for the id token, which ProviderSession keeps to name the session when ending it
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");

            // Claims keep the names the provider gives them (sub, email, amr), which the settings name.
            options.MapInboundClaims = false;

            // Many providers put the employee number and the email's verification in the user-info response only.
            options.GetClaimsFromUserInfoEndpoint = true;
            options.ClaimActions.MapUniqueJsonKey(oidc.EmployeeNumberClaim, oidc.EmployeeNumberClaim);
            options.ClaimActions.MapUniqueJsonKey(oidc.EmailClaim, oidc.EmailClaim);
            options.ClaimActions.MapUniqueJsonKey(EmailVerifiedClaim, EmailVerifiedClaim);

            if (cookiePolicy != CookieSecurePolicy.Always)
            {
                // Over plain HTTP a browser drops SameSite=None cookies that are not Secure; a query response is a
                // top-level GET, which carries Lax cookies back from the provider.
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.CorrelationCookie.SecurePolicy = cookiePolicy;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = cookiePolicy;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
            }

            options.Events.OnRedirectToIdentityProvider = context =>
            {
                if (ProviderSession.IsMarked(context.HttpContext))
                {
                    context.ProtocolMessage.Prompt = OpenIdConnectPrompt.Login; // see ProviderSession
                }
                else
                {
                    ProviderSession.Remember(context.HttpContext, idToken: null);
                }

                return Task.CompletedTask;
            };

            options.Events.OnSignedOutCallbackRedirect = context =>
            {
                ProviderSession.Forget(context.HttpContext);
                return Task.CompletedTask;
            };

            options.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                // The portal's own sign-out has already ended the cookie the handler would read the id token from.
                if (context.Properties.GetParameter<string>(IdTokenName) is { } idToken)
                {
                    context.ProtocolMessage.IdTokenHint = idToken;
                }

                context.ProtocolMessage.ClientId = oidc.ClientId; // lets a provider given no token still send the browser back
                return Task.CompletedTask;
            };

            options.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
                    .LogWarning(context.Failure, "Sign-in through {Provider} failed", Scheme);
                var links = context.HttpContext.RequestServices.GetRequiredService<LinkGenerator>();
                context.Response.Redirect(links.GetPathByPage(context.HttpContext, "/Account/ExternalLogin", "Callback",
                    new { area = "Identity", remoteError = "failed" }) ?? "/");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });

        // The security-stamp check rebuilds the cookie's claims every few minutes: keep amr, so a provider's second factor still counts.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal ??= SecondFactorPolicy.KeepAuthenticationMethods);
        return null;
    }

    public static ExternalIdentity ReadIdentity(ExternalLoginInfo info, OpenIdConnectSettings settings) => new(
        info.LoginProvider,
        info.ProviderKey,
        info.ProviderDisplayName ?? info.LoginProvider,
        info.Principal.FindFirstValue(settings.EmployeeNumberClaim),
        info.Principal.FindFirstValue(settings.EmailClaim),
        bool.TryParse(info.Principal.FindFirstValue(EmailVerifiedClaim), out var verified) && verified);

    public static string? IdTokenOf(ExternalLoginInfo info) => info.AuthenticationTokens?.FirstOrDefault(t => t.Name == IdTokenName)?.Value;

    /// <summary>Whether this session began at the provider (with or without the portal's own second step after it).</summary>
    public static bool BeganAtProvider(ClaimsPrincipal user) => user.HasClaim(ClaimTypes.AuthenticationMethod, Scheme);

    /// <summary>
    /// The sign-out to send the browser on to after the portal's own, so the provider's session ends too; null when no
    /// session began there on this browser, the settings say not to, or the provider cannot be asked (it publishes no
    /// end-session endpoint, or its metadata cannot be read now: the portal's session has ended either way).
    /// </summary>
    public static async Task<SignOutResult?> ProviderSignOutAsync(HttpContext context, ClaimsPrincipal user, string afterwards)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<SignInSettings>>().Value.OpenIdConnect;
        var (open, idToken) = ProviderSession.Read(context);
        if (!settings.Enabled || !settings.SignOutAtProvider || !(open || BeganAtProvider(user))) // a password session too, on a browser the provider signed someone into
        {
            return null;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        try
        {
            var provider = await options.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
            if (string.IsNullOrEmpty(provider.EndSessionEndpoint))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException or TaskCanceledException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
                .LogWarning(ex, "Could not read {Provider}'s metadata to end its session; signed out of the portal only", Scheme);
            return null;
        }

        var properties = new AuthenticationProperties { RedirectUri = afterwards };
        if (!string.IsNullOrEmpty(idToken))
        {
            properties.SetParameter(IdTokenName, idToken);
        }

        return new SignOutResult(Scheme, properties);
    }
}
