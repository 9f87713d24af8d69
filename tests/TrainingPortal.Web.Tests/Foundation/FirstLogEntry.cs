using Microsoft.Extensions.Logging;

namespace TrainingPortal.Web.Tests.Foundation;

/// <summary>A logger provider that signals the first entry one class logs at a level or above.</summary>
public sealed class FirstLogEntry<TCategory>(LogLevel minimum) : ILoggerProvider, ILogger
{
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> First => _first.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(TCategory).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _first.TrySetResult(formatter(state, exception));
        }
    }

    public void Dispose()
    {
    }
}
