namespace TrainingPortal.Web.Infrastructure;

/// <summary>
/// Starts a read that needs no answer from the request's other reads, on a scope (and so a database connection) of
/// its own and on the thread pool: SQLite's "asynchronous" reads run to the end before they return, so only a thread
/// of their own lets two of them overlap. A board adds up several independent counts this way.
/// </summary>
public sealed class SideReads(IServiceScopeFactory scopes)
{
    public Task<T> StartAsync<TReader, T>(Func<TReader, Task<T>> read) where TReader : notnull => Task.Run(async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TReader>());
    });
}
