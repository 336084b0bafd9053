namespace CxBot.Features.Scorecards;

/// <summary>Scorecard log messages (event ids 8400-8449); never user text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8400, Level = LogLevel.Information, Message = "Scorecards posted: {Count} card(s) for week {Week}")]
    public static partial void Posted(ILogger logger, int count, string week);

    [LoggerMessage(EventId = 8401, Level = LogLevel.Warning, Message = "Scorecard not delivered to a channel: {Outcome}")]
    public static partial void NotPosted(ILogger logger, string outcome);

    [LoggerMessage(EventId = 8402, Level = LogLevel.Error, Message = "Scorecard delivery failed; it is retried at the next look")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8403, Level = LogLevel.Information, Message = "Scorecard shown: {Scopes} scope(s)")]
    public static partial void Shown(ILogger logger, int scopes);

    [LoggerMessage(EventId = 8404, Level = LogLevel.Information, Message = "Scorecard refused: the caller manages no team")]
    public static partial void Refused(ILogger logger);

    [LoggerMessage(EventId = 8405, Level = LogLevel.Information, Message = "Scorecard CSV exported: {Teams} team(s)")]
    public static partial void Exported(ILogger logger, int teams);

    [LoggerMessage(EventId = 8406, Level = LogLevel.Information, Message = "Scorecard: a {ActivityType} activity without a tenant or user object id")]
    public static partial void NoCaller(ILogger logger, string activityType);
}
