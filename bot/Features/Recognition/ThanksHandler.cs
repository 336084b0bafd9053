using CxBot.Features.Setup;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Recognition;

/// <summary>A manager's one-click "Add my thanks": only a manager of that recipient, once, and the recipient is told.</summary>
internal sealed class ThanksHandler(RecognitionService service, RecognitionCards cards, IPeopleDirectory people, IProactiveSender sender, ILogger<ThanksHandler> logger)
{
    public const string NotTheirManager = "Only a manager of the colleague recognised can add their thanks here.";

    public async Task HandleAsync(TurnContext turn)
    {
        var caller = Caller.Of(turn);
        var reference = ShoutOutCardInput.Read(turn.CardData);
        var recipientId = Setup.CardInput.UserId(turn.CardData, "recipientId");
        var shoutOut = caller is null || reference is null ? null : await service.GetAsync(caller.TenantId, reference, turn.CancellationToken);
        if (caller is null || reference is null || shoutOut?.Recipients.FirstOrDefault(r => r.AadObjectId == recipientId) is not { } recipient)
        {
            await turn.TellAsync(PlusOneHandler.Gone);
            return;
        }

        var managers = await people.GetManagerAsync(caller.TenantId, recipient.AadObjectId, turn.CancellationToken);
        if (!managers.Managers.Any(m => string.Equals(m.AadObjectId, caller.UserId, StringComparison.OrdinalIgnoreCase)))
        {
            await turn.TellAsync(NotTheirManager);
            return;
        }

        var added = await service.AddThanksAsync(caller, reference, recipient.AadObjectId, turn.CancellationToken);
        Log.Thanks(logger, added);
        var notice = added ? await TellRecipientAsync(shoutOut, recipient, caller.Name, turn.CancellationToken) : $"You already thanked {recipient.Name}.";
        await turn.ShowCardAsync(cards.Manager(shoutOut, recipient, notice));
    }

    private async Task<string> TellRecipientAsync(ShoutOut s, Recipient recipient, string? managerName, CancellationToken cancellationToken)
    {
        var reach = await people.GetReachAsync(s.TenantId, recipient.AadObjectId, cancellationToken);
        if (reach is not { CanSend: true, Target: not null })
        {
            return $"Your thanks are recorded, but I could not tell {recipient.Name}: {Delivery.Words(reach.Reason)}.";
        }

        var text = $"{managerName ?? "Your manager"} adds their thanks for your shout-out from {s.GiverName} ({s.Behaviour.Badge} {s.Behaviour.Title}).";
        var result = await sender.SendProactiveAsync(reach, new Activity { Type = ActivityTypes.Message, Text = text }, cancellationToken);
        return result.Outcome == ProactiveOutcome.Sent
            ? $"Your thanks were sent to {recipient.Name}."
            : $"Your thanks are recorded, but I could not tell {recipient.Name} ({result.Outcome}).";
    }
}
