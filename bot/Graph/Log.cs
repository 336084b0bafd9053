namespace CxBot.Graph;

/// <summary>Graph log messages (event ids 7000-7019): methods, statuses and codes only, never tokens, ids or messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "Graph {Method} answered {Status} {ErrorCode}")]
    public static partial void GraphFailed(ILogger logger, string method, int status, string? errorCode);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Graph {Method} got no answer ({Failure})")]
    public static partial void GraphUnreachable(ILogger logger, string method, string failure);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Graph attempt {Attempt} answered {Status}; retrying in {DelayMs} ms")]
    public static partial void GraphRetry(ILogger logger, int attempt, int status, double delayMs);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Graph gave a next page link outside the configured Graph root; it was not followed and the list stops at {Items} items")]
    public static partial void GraphNextLinkRefused(ILogger logger, int items);
}
