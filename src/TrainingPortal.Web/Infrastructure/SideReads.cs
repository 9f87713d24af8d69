using System.Globalization;

namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Starts a read that needs no answer from the request's other reads, on a scope (and so a database connection) of
/// its own and on the thread pool: SQLite's "asynchronous" reads run to the end before they return, so only a thread
/// of their own lets two of them overlap. A board adds up several independent counts this way.
/// </summary>
/// <remarks>
/// A read starts with none of the request's execution context but its cultures (which order names): a kept figure
/// belongs to no request, and EF Core sets an async-local value twice per row read, copying every value the context
/// carries each time: with a request's dozen (its activity, logging scopes, cultures), a bank-wide board's 70,000 rows
/// allocated 28 MB in these copies alone, a third of the board, and each collection they set off stops every thread.
/// </remarks>
public sealed class SideReads(IServiceScopeFactory scopes)
{
    public Task<T> StartAsync<TReader, T>(Func<TReader, Task<T>> read) where TReader : notnull
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(async () =>
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
                await using var scope = scopes.CreateAsyncScope();
                return await read(scope.ServiceProvider.GetRequiredService<TReader>());
            });
        }
    }
}
