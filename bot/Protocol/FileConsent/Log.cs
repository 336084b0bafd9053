namespace CxBot.Protocol.FileConsent;

/// <summary>File consent log messages (event ids 2100-2119): kinds, reasons and sizes, never file contents.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "File consent answer for an unknown kind ignored")]
    public static partial void UnknownKind(ILogger logger);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "File consent upload for {Kind} not made ({Reason})")]
    public static partial void UploadRefused(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "File consent upload for {Kind} made ({Bytes} bytes)")]
    public static partial void Uploaded(ILogger logger, string kind, int bytes);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "File consent for {Kind} declined")]
    public static partial void Declined(ILogger logger, string kind);
}
