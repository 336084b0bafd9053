namespace CxBot.Features.Welcome;

/// <summary>Welcome log messages (event ids 4000-4099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Welcome card sent ({ConversationType})")]
    public static partial void WelcomeSent(ILogger logger, string conversationType);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Help card sent (unrecognised text: {Unrecognised})")]
    public static partial void HelpSent(ILogger logger, bool unrecognised);
}
