using Microsoft.Extensions.Logging;

namespace CxBot.Cards;

/// <summary>Card log messages: template names and counts only, never the data bound into a card.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Loaded {Count} card templates from {Directory}")]
    public static partial void TemplatesLoaded(ILogger logger, int count, string directory);

    // The expression is template text; the data bound into the card is never logged.
    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Card template {Template} has no value for {Expression}: the element that needed it was left out of the card")]
    public static partial void ValueMissing(ILogger logger, string template, string expression);

    // Load failures are not logged here: they throw CardTemplateException, and whoever handles it logs it once.
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Loaded card template {Template} from {File}")]
    public static partial void TemplateLoaded(ILogger logger, string template, string file);
}
