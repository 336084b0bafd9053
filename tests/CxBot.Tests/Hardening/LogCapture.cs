using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CxBot.Tests.Hardening;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every entry (category, level, event, formatted message, exception) in memory.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    /// <summary>Error or Critical entries, and any entry carrying an exception at Warning or above.</summary>
    public IReadOnlyList<LogEntry> Failures => [.. _entries.Where(e => e.Level >= LogLevel.Error)];

    /// <summary>Every entry as one line (message and exception text included) for scanning.</summary>
    public string AllText => string.Join('\n', _entries.Select(e => e.ToString()));

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Structured values too: a secret passed as a parameter must be caught even if the template leaves it out.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(';', pairs.Select(p => p.Key + "=" + p.Value)) : "";
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), values, exception));
        }
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, string Values, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId}] {Message} {{{Values}}} {Exception}";
}
