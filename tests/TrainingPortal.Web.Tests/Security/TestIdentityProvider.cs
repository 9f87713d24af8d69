using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TrainingPortal.Web.Tests.Security;

/// <summary>A person as the bank's provider knows them; <paramref name="Amr"/> is how they signed in there.</summary>
public sealed record ProviderUser(string Subject, string? Email, bool EmailVerified, string? EmployeeNumber, params string[] Amr)
{
    public static ProviderUser New(string? email = null, bool emailVerified = false, string? employeeNumber = null, params string[] amr) =>
        new($"sso-{Guid.NewGuid():N}", email, emailVerified, employeeNumber, amr.Length > 0 ? amr : ["pwd"]);
}

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on Kestrel at 127.0.0.1 with a random port: authorization code flow with
/// PKCE, an in-memory SQLite store for its client registrations, ephemeral keys. It has no login form: the test names
/// the person who "signs in" by adding <c>test_user</c> to the authorization request, as a person would type their name.
/// Like a real provider it then keeps a session (a cookie of its own): a request naming nobody is answered for the
/// session's person, until the end-session endpoint ends it, unless it asks for a new sign-in (prompt=login). The id token carries sub, email, email_verified and amr;
/// the employee number comes only from the user-info endpoint, as many providers do.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string UserParameter = "test_user";
    public const string ClientSecret = "portal-test-secret";
    public const string EmployeeNumberClaim = "employee_number";
    private const string AuthorizePath = "/connect/authorize";
    private const string EndSessionPath = "/connect/endsession";
    private const string SessionScheme = "provider-session";

    private readonly ConcurrentDictionary<string, ProviderUser> _users = new();
    private readonly ConcurrentQueue<string?> _endSessionHints = new();
    private readonly SqliteConnection _store = new("Data Source=:memory:");
    private WebApplication? _app;

    public Uri Authority { get; private set; } = null!;

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        await provider.StartCoreAsync();
        return provider;
    }

    public void Add(ProviderUser user) => _users[user.Subject] = user;

    public bool IsAuthorizationRequest(Uri uri) =>
        uri.Authority == Authority.Authority && uri.AbsolutePath == AuthorizePath;

    public bool IsEndSessionRequest(Uri uri) =>
        uri.Authority == Authority.Authority && uri.AbsolutePath == EndSessionPath;

    /// <summary>The id_token_hint of each end-session request, in order (null where none was given).</summary>
    public IReadOnlyCollection<string?> EndSessionHints => _endSessionHints;

    public async Task RegisterClientAsync(string clientId, Uri redirectUri, Uri? postLogoutRedirectUri = null)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Email,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (postLogoutRedirectUri is not null)
        {
            client.PostLogoutRedirectUris.Add(postLogoutRedirectUri);
            client.Permissions.Add(Permissions.Endpoints.EndSession);
        }

        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(client);
    }

    private async Task StartCoreAsync()
    {
        await _store.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDbContext<ProviderStore>(o => o.UseSqlite(_store).UseOpenIddict());
        builder.Services.AddAuthentication().AddCookie(SessionScheme, o => o.Cookie.Name = "TestProvider.Session");
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderStore>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris(EndSessionPath.TrimStart('/'));
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        _app = builder.Build();
        _app.UseAuthentication();
        _app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);
        _app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)EndSessionAsync);
        _app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)UserInfoAsync);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderStore>().Database.EnsureCreatedAsync();
        }

        await _app.StartAsync();
        Authority = new Uri(_app.Urls.Single());
    }

    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var named = context.Request.Query[UserParameter].ToString();
        var subject = named.Length > 0 ? named
            : request.HasPromptValue(PromptValues.Login) ? null
            : (await context.AuthenticateAsync(SessionScheme)).Principal?.FindFirstValue(Claims.Subject);
        if (subject is null || !_users.TryGetValue(subject, out var user))
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        await context.SignInAsync(SessionScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, user.Subject)], SessionScheme)));

        var identity = new ClaimsIdentity(authenticationType: "test-provider", nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailVerified)
            .SetClaims(Claims.AuthenticationMethodReference, [.. user.Amr]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> EndSessionAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        _endSessionHints.Enqueue(request.IdTokenHint);
        await context.SignOutAsync(SessionScheme);
        return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (principal?.GetClaim(Claims.Subject) is not { } subject || !_users.TryGetValue(subject, out var user))
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object> { [Claims.Subject] = user.Subject, [Claims.EmailVerified] = user.EmailVerified };
        if (user.Email is not null)
        {
            claims[Claims.Email] = user.Email;
        }

        if (user.EmployeeNumber is not null)
        {
            claims[EmployeeNumberClaim] = user.EmployeeNumber;
        }

        return Results.Ok(claims);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    private sealed class ProviderStore(DbContextOptions<ProviderStore> options) : DbContext(options);
}
