using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Protocol.FileConsent;

/// <summary>
/// Offers a file through its consent card in the caller's personal chat (Teams only takes files there), and tells the caller where
/// it went: as a reply when they are in that chat, else sent there unasked, or that CxBot cannot reach them there yet.
/// </summary>
internal static class FileConsentOffer
{
    /// <summary>
    /// Sends <paramref name="consent"/> (from <see cref="FileConsentCards.Consent"/>) to <paramref name="to"/>'s personal chat.
    /// <paramref name="summary"/> is the notification line of a card sent unasked (phones show "Sent a card" otherwise);
    /// <paramref name="sent"/> what the caller is told once it is there (by default, <see cref="FileConsentNames.Sent"/>, about a CSV).
    /// </summary>
    public static async Task SendAsync(TurnContext turn, IProactiveSender sender, ProactiveTarget to, Attachment consent, string summary, string? sent = null)
    {
        sent ??= FileConsentNames.Sent;
        if (turn.Activity.Conversation?.ConversationType == ConversationTypes.Personal)
        {
            await turn.SendAsync(turn.Activity.CreateReply() with { Attachments = [consent] });
            await turn.TellAsync(sent);
            return;
        }

        var card = new Activity { Type = ActivityTypes.Message, Summary = summary, Attachments = [consent] };
        var result = await sender.SendProactiveAsync(to, card, turn.CancellationToken);
        await turn.TellAsync(result.Outcome == ProactiveOutcome.Sent ? sent : FileConsentNames.NoChat);
    }
}
