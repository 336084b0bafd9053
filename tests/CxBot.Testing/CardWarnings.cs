using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CxBot.Testing;

/// <summary>Keeps the card binder's "missing value" warnings (event 3002: template and expression, never data) of a test app.</summary>
internal sealed class CardWarnings : ILoggerProvider
{
    private const int ValueMissing = 3002;
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("CxBot.Cards", StringComparison.Ordinal) ? new Logger(_entries) : NullLogger;

    public void Dispose()
    {
    }

    private static readonly ILogger NullLogger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private sealed class Logger(ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == ValueMissing)
            {
                entries.Enqueue(formatter(state, exception));
            }
        }
    }
}
