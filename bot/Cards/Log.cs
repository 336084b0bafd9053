using Microsoft.Extensions.Logging;

namespace CxBot.Cards;

/// <summary>Card log messages: template names and counts only, never the data bound into a card.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Loaded {Count} card templates from {Directory}")]
    public static partial void TemplatesLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Critical, Message = "Card template {File} could not be loaded")]
    public static partial void TemplateLoadFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Card template {Template} could not be bound")]
    public static partial void TemplateBindFailed(ILogger logger, string template, Exception exception);
}
