namespace CxBot.Features.CustomerVoice;

/// <summary>The manager's survey card log messages (event ids 8515-8519): counts and reasons only, never links or tokens.</summary>
internal static partial class SurveyCardLog
{
    [LoggerMessage(EventId = 8515, Level = LogLevel.Information, Message = "Customer survey card shown (reissued: {Reissued}, {Questions} questions)")]
    public static partial void Shown(ILogger logger, bool reissued, int questions);

    [LoggerMessage(EventId = 8516, Level = LogLevel.Information, Message = "Customer survey card refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 8517, Level = LogLevel.Information, Message = "Customer survey poster offered ({Bytes} bytes)")]
    public static partial void PosterOffered(ILogger logger, int bytes);

    [LoggerMessage(EventId = 8518, Level = LogLevel.Warning, Message = "Customer survey links are off: no signing key or public address")]
    public static partial void LinksOff(ILogger logger);

    public static void NoCaller(ILogger logger, string reason) => Refused(logger, reason);
}
