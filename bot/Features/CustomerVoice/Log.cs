namespace CxBot.Features.CustomerVoice;

/// <summary>Customer survey log messages (event ids 8500-8519): counts and reasons only, never tokens, keys, addresses or what customers typed.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8500, Level = LogLevel.Information, Message = "Customer survey shown ({Questions} questions)")]
    public static partial void Shown(ILogger logger, int questions);

    [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "Customer answer stored ({Scores} scores, comment: {Comment}, contact: {Contact})")]
    public static partial void Stored(ILogger logger, int scores, bool comment, bool contact);

    [LoggerMessage(EventId = 8502, Level = LogLevel.Information, Message = "Customer survey refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 8503, Level = LogLevel.Information, Message = "Customer survey limited: {Limit}")]
    public static partial void Limited(ILogger logger, string limit);

    [LoggerMessage(EventId = 8504, Level = LogLevel.Warning, Message = "Customer survey: storage failed ({Status})")]
    public static partial void StorageFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 8505, Level = LogLevel.Warning, Message = "Customer survey links are off: set CustomerVoice:SigningKey (at least 32 characters) to issue them")]
    public static partial void NoSigningKey(ILogger logger);

    [LoggerMessage(EventId = 8506, Level = LogLevel.Information, Message = "Customer contact details past their retention deleted: {Count}")]
    public static partial void ContactsForgotten(ILogger logger, int count);

    [LoggerMessage(EventId = 8507, Level = LogLevel.Information, Message = "Customer recovery card queued to {Recipients} people")]
    public static partial void RecoveryQueued(ILogger logger, int recipients);

    [LoggerMessage(EventId = 8508, Level = LogLevel.Warning, Message = "Customer recovery card not queued: {Reason}")]
    public static partial void RecoveryNotQueued(ILogger logger, string reason);

    [LoggerMessage(EventId = 8509, Level = LogLevel.Information, Message = "Customer answer followed up (already before: {Already})")]
    public static partial void FollowedUp(ILogger logger, bool already);

    [LoggerMessage(EventId = 8510, Level = LogLevel.Information, Message = "Incident form opened from a customer answer")]
    public static partial void IncidentFormOpened(ILogger logger);

    [LoggerMessage(EventId = 8511, Level = LogLevel.Warning, Message = "Customer recovery action refused: not a manager of the team")]
    public static partial void NotAllowed(ILogger logger);

    [LoggerMessage(EventId = 8512, Level = LogLevel.Warning, Message = "Customer recovery action without a caller ({ActivityType})")]
    public static partial void NoCaller(ILogger logger, string activityType);
}
