namespace CxBot.Features.Recognition;

/// <summary>Recognition log messages (event ids 8200-8299); never the message, names or other text users typed.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8200, Level = LogLevel.Information, Message = "Shout-out given to {RecipientCount} colleague(s)")]
    public static partial void Given(ILogger logger, int recipientCount);

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Shout-out refused by the server's checks")]
    public static partial void GiveRefused(ILogger logger);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "Shout-out already stored (redelivery); not delivered again")]
    public static partial void GiveDuplicate(ILogger logger);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Information, Message = "Shout-out delivered: {Sent} sent, {Missed} not delivered")]
    public static partial void Delivered(ILogger logger, int sent, int missed);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Information, Message = "+1 on a shout-out (counted: {Counted})")]
    public static partial void PlusOne(ILogger logger, bool counted);

    [LoggerMessage(EventId = 8205, Level = LogLevel.Information, Message = "Manager's thanks (new: {Added})")]
    public static partial void Thanks(ILogger logger, bool added);

    [LoggerMessage(EventId = 8206, Level = LogLevel.Information, Message = "Company value saved")]
    public static partial void ValueSaved(ILogger logger);

    [LoggerMessage(EventId = 8207, Level = LogLevel.Warning, Message = "Card not updated in place ({Outcome})")]
    public static partial void CardNotUpdated(ILogger logger, string outcome);
}
