using Microsoft.Extensions.Logging;

namespace CxBot.Storage;

/// <summary>Storage log messages; table names and status codes only, never keys or values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Table request attempt failed (status {Status} {Exception}); retried while retries remain")]
    public static partial void TableAttemptFailed(ILogger logger, int status, string exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Table {Table} is ready")]
    public static partial void TableReady(ILogger logger, string table);
}
