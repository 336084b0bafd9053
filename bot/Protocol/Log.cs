namespace CxBot.Protocol;

/// <summary>Protocol log messages (event ids 2000-2999): types, statuses and counts only, never tokens or user text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "LOCAL MODE: Bot:AppId is empty, so /api/messages accepts requests WITHOUT authentication and replies are sent without tokens. Never expose this instance.")]
    public static partial void LocalMode(ILogger logger);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Inbound token rejected with {Status}: {Reason}")]
    public static partial void AuthRejected(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Channel signing keys refreshed ({Count} keys)")]
    public static partial void SigningKeysRefreshed(ILogger logger, int count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Channel signing keys could not be fetched")]
    public static partial void SigningKeysFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Activity {Type} {Name}")]
    public static partial void ActivityReceived(ILogger logger, string type, string name);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Card action with an unknown verb ({Length} characters)")]
    public static partial void UnknownVerb(ILogger logger, int length);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Typed text read forgivingly as a command ({Length} characters)")]
    public static partial void TypedCommandForgiven(ILogger logger, int length);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Refused to post to a serviceUrl outside Bot:AllowedServiceUrlHosts")]
    public static partial void ServiceUrlRefused(ILogger logger);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Connector {Method} answered {Status} {ErrorCode}")]
    public static partial void ConnectorFailed(ILogger logger, string method, int status, string? errorCode);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Connector attempt {Attempt} answered {Status}; retrying in {DelayMs} ms")]
    public static partial void ConnectorRetry(ILogger logger, int attempt, int status, double delayMs);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "Connector token acquired, expires {ExpiresOn}")]
    public static partial void ConnectorTokenAcquired(ILogger logger, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Conversation reference ({Kind}) retired: {Reason}")]
    public static partial void ReferenceRetired(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Warning, Message = "Conversation reference not written: table status {Status} {ErrorCode}")]
    public static partial void ReferenceWriteFailed(ILogger logger, int status, string? errorCode);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Warning, Message = "Background queue full; job {Name} refused")]
    public static partial void BackgroundQueueFull(ILogger logger, string name);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Warning, Message = "Background job {Name} timed out after {Seconds} s")]
    public static partial void BackgroundTimedOut(ILogger logger, string name, double seconds);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Error, Message = "Background job {Name} failed")]
    public static partial void BackgroundFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 2043, Level = LogLevel.Warning, Message = "Background failure could not be reported: {Error}")]
    public static partial void BackgroundReportFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2044, Level = LogLevel.Warning, Message = "Background queue stopping; job {Name} refused")]
    public static partial void BackgroundStopping(ILogger logger, string name);

    [LoggerMessage(EventId = 2045, Level = LogLevel.Warning, Message = "Background queue stopped before {Count} queued jobs could run")]
    public static partial void BackgroundDropped(ILogger logger, int count);

    [LoggerMessage(EventId = 2090, Level = LogLevel.Information, Message = "Activity refused: {Field} is not a plausible identifier ({Length} characters)")]
    public static partial void ActivityIdRefused(ILogger logger, string field, int length);

    [LoggerMessage(EventId = 2094, Level = LogLevel.Information, Message = "Activity refused: its body is not UTF-8, holds a lone UTF-16 surrogate, or names a property twice")]
    public static partial void ActivityJsonRefused(ILogger logger);

    [LoggerMessage(EventId = 2095, Level = LogLevel.Information, Message = "Activity refused: it has no {Field}, which a reply needs")]
    public static partial void ActivityIdMissing(ILogger logger, string field);

    [LoggerMessage(EventId = 2091, Level = LogLevel.Warning, Message = "Turn {Type} {Name} could not finish: storage answered {Status} {Code}; the user was asked to try again")]
    public static partial void TurnStorageFailed(ILogger logger, string type, string name, int status, string? code);

    [LoggerMessage(EventId = 2092, Level = LogLevel.Warning, Message = "Turn {Type} {Name} could not reply: the connector answered {Status} {Code}")]
    public static partial void TurnReplyFailed(ILogger logger, string type, string name, int status, string? code);

    [LoggerMessage(EventId = 2093, Level = LogLevel.Warning, Message = "The storage failure notice could not be sent: {Error}")]
    public static partial void TurnNoticeFailed(ILogger logger, string error);
}
