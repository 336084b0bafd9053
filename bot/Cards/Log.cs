using Microsoft.Extensions.Logging;

namespace CxBot.Cards;

/// <summary>Card log messages: template names and counts only, never the data bound into a card.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Loaded {Count} card templates from {Directory}")]
    public static partial void TemplatesLoaded(ILogger logger, int count, string directory);

    // Failures are not logged here: they throw CardTemplateException, and whoever handles it logs it once.
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Loaded card template {Template} from {File}")]
    public static partial void TemplateLoaded(ILogger logger, string template, string file);
}
