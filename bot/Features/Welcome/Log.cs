namespace CxBot.Features.Welcome;

/// <summary>Welcome log messages (event ids 4000-4099). Only kinds and lengths: never what was typed.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Welcome card sent ({ConversationType})")]
    public static partial void WelcomeSent(ILogger logger, string conversationType);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Conversation answer: {Kind} (typed text of {Length} characters)")]
    public static partial void Answered(ILogger logger, string kind, int length);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Welcome card queued ({ConversationType})")]
    public static partial void WelcomeQueued(ILogger logger, string conversationType);
}
