using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TrainingPortal.Web.Infrastructure;

public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Verify = "verify";

    /// <summary>
    /// Per client address and minute: sign-in attempts (POSTs only) and public verification look-ups.
    /// Limits are settings (RateLimits:SignInPerMinute, RateLimits:VerifyPerMinute) so a busy branch
    /// behind one proxy address can be given more.
    /// </summary>
    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
                    .LogWarning("Rate limit hit on {Path} from {Address}", context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress);
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? PerAddress(context, "RateLimits:SignInPerMinute", 10)
                : RateLimitPartition.GetNoLimiter("reads"));
            options.AddPolicy(Verify, context => PerAddress(context, "RateLimits:VerifyPerMinute", 30));
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string setting, int defaultLimit)
    {
        var limit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue(setting, defaultLimit);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{setting}:{address}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
