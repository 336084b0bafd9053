using System.Text.Json.Nodes;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Recognition;

/// <summary>
/// Recognition in Teams: <c>recognise</c> / <c>kudos</c> open the form (<c>recognise values</c>: admins' values and badges),
/// and the card actions give, +1, thank and define values. Every action is checked on the server.
/// </summary>
internal sealed class RecognitionRoutes(RecognitionService service, RecognitionCards cards, ThanksHandler thanks, PlusOneHandler plusOne, Delivery delivery, IPeopleNames names) : IBotRoutes
{
    public const string YoureWelcome = "You're welcome! If a colleague deserves a thank-you too, type **kudos @their name** and I'll send them a shout-out.";

    /// <summary>Thanks typed to CxBot: alone, a friendly answer; with an @mention, the shout-out form with that person picked.</summary>
    public static readonly IReadOnlyList<string> ThanksPhrases = ["thanks", "thank you", "thankyou", "thx", "ty", "cheers", "many thanks"];

    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't take a shout-out here.";
    public const string Duplicate = "That shout-out was sent already.";
    public const string OnItsWay = "Thanks! Your shout-out is on its way; I'll tell you once it's delivered.";

    public void Map(BotRouteBuilder routes)
    {
        foreach (var phrase in ThanksPhrases)
        {
            routes.OnPhrase(phrase, ThanksTypedAsync);
        }

        MapRoutes(routes);
    }

    private void MapRoutes(BotRouteBuilder routes) => routes
        .OnCommand(RecognitionNames.RecogniseCommand, CommandAsync)
        .OnCommand(RecognitionNames.KudosCommand, CommandAsync)
        .OnVerb(RecognitionNames.ShowForm, FormAsync)
        .OnVerb(RecognitionNames.Give, GiveAsync)
        .OnVerb(RecognitionNames.PlusOne, plusOne.HandleAsync)
        .OnVerb(RecognitionNames.AddThanks, thanks.HandleAsync)
        .OnVerb(RecognitionNames.ShowValues, ValuesAsync)
        .OnVerb(RecognitionNames.AddValue, AddValueAsync);

    private async Task CommandAsync(TurnContext turn)
    {
        var words = turn.Text?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (words.Length > 1 && string.Equals(words[1], RecognitionNames.ValuesArgument, StringComparison.OrdinalIgnoreCase))
        {
            await ValuesAsync(turn);
            return;
        }

        await FormAsync(turn);
    }

    private async Task ThanksTypedAsync(TurnContext turn)
    {
        if (turn.Activity.MentionedOthers().Count == 0)
        {
            await turn.TellAsync(YoureWelcome);
            return;
        }

        await FormAsync(turn);
    }

    private async Task FormAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var (people, behaviours) = await service.ChoicesAsync(caller, turn.CancellationToken);
        var picked = new List<string>();
        var choices = people.ToList();

        // "kudos @Megan": each mentioned colleague CxBot can name in this tenant is picked (never the giver; an unknown id is left out).
        foreach (var (id, _) in turn.Activity.MentionedOthers())
        {
            if (await names.ResolveAsync(caller.TenantId, id, turn.CancellationToken) is not { } person
                || string.Equals(person.AadObjectId, caller.UserId, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(person.Name))
            {
                continue;
            }

            if (choices.FirstOrDefault(c => string.Equals(c.Value, person.AadObjectId, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                picked.Add(known.Value);
            }
            else
            {
                choices.Add(new Choice(person.Name.Trim(), person.AadObjectId));
                picked.Add(person.AadObjectId);
            }
        }

        await turn.ShowCardAsync(cards.Form(Guid.NewGuid().ToString("N"), choices, behaviours, service.Settings.MessageMaxLength, null, picked.Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
    }

    private async Task GiveAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var outcome = await service.GiveAsync(caller, GiveRules.Read(turn.CardData), turn.CancellationToken);
        if (outcome.ShoutOut is not { } shoutOut)
        {
            await turn.TellAsync(outcome.Refusal ?? Duplicate);
            return;
        }

        var type = turn.Activity.Conversation?.ConversationType;
        var channel = type == ConversationTypes.Channel ? turn.Activity.BaseConversationId() : null;
        turn.RunInBackground("recognition.deliver", async (background, cancellationToken) =>
        {
            var report = await delivery.DeliverAsync(shoutOut, channel, cancellationToken);
            await background.SendAsync(DeliveryText.ToGiver(background.Target, mention: type is not (null or ConversationTypes.Personal), report), cancellationToken);
        });
        await turn.TellAsync(OnItsWay);
    }

    private async Task ValuesAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller || !await service.IsAdminAsync(caller, turn.CancellationToken))
        {
            await turn.TellAsync(RecognitionService.NotAdmin);
            return;
        }

        await turn.ShowCardAsync(cards.Values(await service.ValuesAsync(caller.TenantId, turn.CancellationToken), null));
    }

    private async Task AddValueAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(RecognitionService.NotAdmin);
            return;
        }

        var result = await service.AddValueAsync(caller, CardInput.Text(turn.CardData, "valueName", 200), CardInput.Text(turn.CardData, "emoji", 50), turn.CancellationToken);
        if (result == RecognitionService.NotAdmin)
        {
            await turn.TellAsync(result);
            return;
        }

        await turn.ShowCardAsync(cards.Values(await service.ValuesAsync(caller.TenantId, turn.CancellationToken), result));
    }
}
