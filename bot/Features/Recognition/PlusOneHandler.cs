using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Recognition;

/// <summary>"+1" on the channel card: one per person, counted with ETags, and the card updated in place.</summary>
internal sealed class PlusOneHandler(RecognitionService service, RecognitionCards cards, RecognitionPeople people, IConnectorClient connector, ILogger<PlusOneHandler> logger)
{
    public const string Gone = "That shout-out is no longer here.";

    public async Task HandleAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller || ShoutOutCardInput.Read(turn.CardData) is not { } reference)
        {
            await turn.TellAsync(Gone);
            return;
        }

        if (await service.PlusOneAsync(caller, reference, turn.CancellationToken) is not { } result)
        {
            await turn.TellAsync(Gone);
            return;
        }

        Log.PlusOne(logger, result.Counted);
        var card = cards.ShoutOut(await people.NamedAsync(result.ShoutOut, turn.CancellationToken), inChannel: true);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            turn.Respond(InvokeResponse.Card(card));
            return;
        }

        // Action.Submit cannot replace the card in its answer: put the new one over the message it came from.
        if (turn.Activity.ReplyToId is { } messageId && turn.Activity.ServiceUrl is { } serviceUrl && turn.Activity.Conversation?.Id is { } conversation)
        {
            var updated = await connector.UpdateActivityAsync(serviceUrl, conversation, messageId, new Activity { Type = ActivityTypes.Message, Id = messageId }.WithCard(card), turn.CancellationToken);
            if (!updated.IsOk)
            {
                Log.CardNotUpdated(logger, updated.Outcome.ToString());
            }
        }
    }
}
