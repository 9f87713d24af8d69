using System.Security.Claims;

namespace TrainingPortal.Web.Infrastructure;

public static class LoggingScopes
{
    /// <summary>
    /// Every log line written while handling a request carries the signed-in user's id next to the request
    /// id the host already adds, so one person's actions can be followed without logging anything they typed.
    /// </summary>
    public static IApplicationBuilder UseUserLoggingScope(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TrainingPortal.Request");
            var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
            using (logger.BeginScope(new Dictionary<string, object> { ["UserId"] = userId, ["RequestId"] = context.TraceIdentifier }))
            {
                await next();
            }
        });
}
