namespace CxBot.Features.Checkins;

/// <summary>Check-in log messages (event ids 8300-8349); never user text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8300, Level = LogLevel.Information, Message = "Check-in prompt sent to {Recipients} of {FrontLine} front-line members")]
    public static partial void Prompted(ILogger logger, int recipients, int frontLine);

    [LoggerMessage(EventId = 8301, Level = LogLevel.Information, Message = "Check-in reminder to {Recipients} non-responders")]
    public static partial void Reminded(ILogger logger, int recipients);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Warning, Message = "Check-in reminder dropped: past its cutoff (the bot was down)")]
    public static partial void ReminderDropped(ILogger logger);

    [LoggerMessage(EventId = 8303, Level = LogLevel.Error, Message = "Check-in scheduling failed for a team; the next pass tries again")]
    public static partial void TeamFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8304, Level = LogLevel.Information, Message = "Check-in answered ({Values} values)")]
    public static partial void Answered(ILogger logger, int values);

    [LoggerMessage(EventId = 8305, Level = LogLevel.Information, Message = "Check-in answer refused: {Reason}")]
    public static partial void AnswerRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 8306, Level = LogLevel.Information, Message = "Check-in preferences changed (stopped {Stopped}, paused {Paused}, quiet hours {Quiet})")]
    public static partial void PreferencesChanged(ILogger logger, bool stopped, bool paused, bool quiet);

    [LoggerMessage(EventId = 8307, Level = LogLevel.Information, Message = "Team check-in settings changed (enabled {Enabled}, {Days} days)")]
    public static partial void TeamSettingsChanged(ILogger logger, bool enabled, int days);

    [LoggerMessage(EventId = 8308, Level = LogLevel.Information, Message = "Team check-in settings refused: caller may not manage the team")]
    public static partial void SettingsRefused(ILogger logger);

    [LoggerMessage(EventId = 8309, Level = LogLevel.Information, Message = "Check-in delivery recorded: {Changed} person-days changed ({Delivered} delivered, {NotReached} not reached so far)")]
    public static partial void DeliveryRecorded(ILogger logger, int changed, int delivered, int notReached);
}
