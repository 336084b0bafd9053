namespace CxBot.Features.Measures;

/// <summary>Weekly figures log messages (event ids 8450-8469); counts and reasons only, never figures, names or typed text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8450, Level = LogLevel.Information, Message = "Weekly figures form shown ({Measures} figures to record)")]
    public static partial void Shown(ILogger logger, int measures);

    [LoggerMessage(EventId = 8451, Level = LogLevel.Information, Message = "Weekly figures saved ({Changes} changes asked)")]
    public static partial void Saved(ILogger logger, int changes);

    [LoggerMessage(EventId = 8452, Level = LogLevel.Information, Message = "Weekly figures refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 8453, Level = LogLevel.Information, Message = "Weekly figures not saved: {Conflicts} changed by someone else since the card was drawn")]
    public static partial void Conflict(ILogger logger, int conflicts);

    [LoggerMessage(EventId = 8454, Level = LogLevel.Warning, Message = "Weekly figures not saved: the week's row kept changing")]
    public static partial void Busy(ILogger logger);
}
