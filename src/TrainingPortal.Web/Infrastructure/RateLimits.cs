using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TrainingPortal.Web.Areas.Identity.Pages.Account;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>The rate limits (section "RateLimits"), per minute, checked when the portal starts: a limiter cannot hold 0.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimits";

    [Range(1, 1_000_000)]
    public int SignInPerMinute { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int SignInPerEmailPerMinute { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int SignInPerAddressPerMinute { get; set; } = 60;

    [Range(1, 1_000_000)]
    public int VerifyPerMinute { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int PasswordResetPerMinute { get; set; } = 5;
}

public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Verify = "verify";
    public const string PasswordReset = "password-reset";

    private const string SignInEmailField = $"{nameof(LoginModel.Input)}.{nameof(LoginModel.InputModel.Email)}";
    private static readonly object SignInSubjectKey = new();

    /// <summary>
    /// Per minute: public verification look-ups and password-reset requests per client address, and sign-in attempts
    /// (POSTs only) counted three ways. The sign-in policy counts one address at one account (the email typed, or at the
    /// second-factor step the account whose password was accepted), so a noisy client behind a shared address (a
    /// branch's NAT, the proxy when it is not declared) only stops itself; the global limiter adds one account from
    /// every address (one account tried from many machines) and one address at every account (many accounts tried
    /// from one). All limits are settings (RateLimits:*PerMinute), so a busy branch can be given more.
    /// </summary>
    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>().BindConfiguration(RateLimitSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
                    .LogWarning("Rate limit hit on {Path} from {Address}", context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress);
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(SignIn, context => IsSignInAttempt(context)
                ? PerMinute(context, nameof(RateLimitSettings.SignInPerMinute), l => l.SignInPerMinute, $"{Address(context)}|{SignInSubject(context) ?? "(none)"}")
                : RateLimitPartition.GetNoLimiter("reads"));
            options.AddPolicy(Verify, context => PerAddress(context, nameof(RateLimitSettings.VerifyPerMinute), l => l.VerifyPerMinute));
            options.AddPolicy(PasswordReset, context => HttpMethods.IsPost(context.Request.Method)
                ? PerAddress(context, nameof(RateLimitSettings.PasswordResetPerMinute), l => l.PasswordResetPerMinute)
                : RateLimitPartition.GetNoLimiter("reads"));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context) && SignInSubject(context) is { } subject
                    ? PerMinute(context, nameof(RateLimitSettings.SignInPerEmailPerMinute), l => l.SignInPerEmailPerMinute, subject)
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInAttempt(context)
                    ? PerAddress(context, nameof(RateLimitSettings.SignInPerAddressPerMinute), l => l.SignInPerAddressPerMinute)
                    : RateLimitPartition.GetNoLimiter("")));
        });
        return services;
    }

    /// <summary>
    /// The rate limiter, once the account a sign-in attempt is for has been read: partitioners are synchronous, so the
    /// form (model binding later reuses it) and the second-factor step's cookie are read here, asynchronously.
    /// </summary>
    public static IApplicationBuilder UsePortalRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (IsSignInAttempt(context))
            {
                context.Items[SignInSubjectKey] = await SubmittedEmailAsync(context) is { Length: > 0 } email
                    ? "email:" + email[..Math.Min(email.Length, 256)]
                    : await PendingSecondFactorAsync(context) is { } accountId ? "account:" + accountId : null;
            }

            await next();
        });
        return app.UseRateLimiter();
    }

    private static async Task<string?> SubmittedEmailAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return form[SignInEmailField].ToString().Trim().ToUpperInvariant();
        }
        catch (InvalidDataException)
        {
            return null; // a malformed form is refused by model binding; until then it is counted under no account
        }
    }

    /// <summary>
    /// The account whose password was accepted, at the second-factor step: a post without that cookie counts under no
    /// account, so bare posts from a branch's shared address cannot make its colleagues wait at their code.
    /// </summary>
    private static async Task<string?> PendingSecondFactorAsync(HttpContext context)
    {
        var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return pending.Principal?.FindFirstValue(ClaimTypes.Name);
    }

    private static bool IsSignInAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignIn;

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string? SignInSubject(HttpContext context) => context.Items[SignInSubjectKey] as string;

    private static RateLimitPartition<string> PerAddress(HttpContext context, string name, Func<RateLimitSettings, int> limit) =>
        PerMinute(context, name, limit, Address(context));

    private static RateLimitPartition<string> PerMinute(HttpContext context, string name, Func<RateLimitSettings, int> limit, string key)
    {
        var permits = limit(context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter($"{name}:{key}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
