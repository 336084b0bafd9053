namespace CxBot.Features.Ideas;

/// <summary>Ideas log messages (event ids 8100-8199); ids and actions only, never what users typed.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Idea {IdeaId} submitted")]
    public static partial void Submitted(ILogger logger, string ideaId);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Idea {IdeaId}: {Action} saved")]
    public static partial void Changed(ILogger logger, string action, string ideaId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Idea action {Action} refused")]
    public static partial void Refused(ILogger logger, string action);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Idea action {Action} conflicted on attempt {Attempt}; retrying")]
    public static partial void Conflict(ILogger logger, string action, int attempt);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Debug, Message = "Idea {IdeaId}: vote {Vote}, changed {Changed}")]
    public static partial void Voted(ILogger logger, string ideaId, bool vote, bool changed);

    [LoggerMessage(EventId = 8105, Level = LogLevel.Warning, Message = "Idea {IdeaId}: the team's channel card could not be posted or updated ({Outcome})")]
    public static partial void ChannelNotReached(ILogger logger, string ideaId, string outcome);

    [LoggerMessage(EventId = 8106, Level = LogLevel.Information, Message = "Ideas: a {ActivityType} activity without a tenant or user object id")]
    public static partial void NoCaller(ILogger logger, string activityType);

    [LoggerMessage(EventId = 8107, Level = LogLevel.Warning, Message = "Idea {IdeaId}: the submitter could not be told of a decision ({Outcome})")]
    public static partial void SubmitterNotReached(ILogger logger, string ideaId, string outcome);

    [LoggerMessage(EventId = 8108, Level = LogLevel.Information, Message = "Idea {IdeaId}: decided {Status}")]
    public static partial void Decided(ILogger logger, string ideaId, string status);

    [LoggerMessage(EventId = 8109, Level = LogLevel.Information, Message = "Idea {IdeaId}: comment added")]
    public static partial void Commented(ILogger logger, string ideaId);

    [LoggerMessage(EventId = 8112, Level = LogLevel.Warning, Message = "Idea action {Action} gave up: the idea kept changing")]
    public static partial void GaveUp(ILogger logger, string action);

    [LoggerMessage(EventId = 8111, Level = LogLevel.Information, Message = "Ideas CSV export built ({Bytes} bytes)")]
    public static partial void Exported(ILogger logger, int bytes);
}
