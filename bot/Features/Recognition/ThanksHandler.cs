using CxBot.Features.Setup;
using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Recognition;

/// <summary>A manager's one-click "Add my thanks": only a manager of that recipient, once, and the recipient is told.</summary>
internal sealed class ThanksHandler(RecognitionService service, RecognitionCards cards, RecognitionPeople names, IPeopleDirectory people, IProactiveSender sender, ILogger<ThanksHandler> logger)
{
    public const string NotTheirManager = "Only a manager of the colleague recognised can add their thanks here.";

    public async Task HandleAsync(TurnContext turn)
    {
        var caller = Caller.Of(turn);
        var reference = ShoutOutCardInput.Read(turn.CardData);
        var recipientId = Setup.CardInput.UserId(turn.CardData, "recipientId");
        var stored = caller is null || reference is null ? null : await service.GetAsync(caller.TenantId, reference, turn.CancellationToken);
        if (caller is null || reference is null || stored is null || !stored.Recipients.Any(r => r.AadObjectId == recipientId))
        {
            await turn.TellAsync(PlusOneHandler.Gone);
            return;
        }

        var shoutOut = await names.NamedAsync(stored, turn.CancellationToken);
        var recipient = shoutOut.Recipients.First(r => r.AadObjectId == recipientId);
        var managers = await people.GetManagerAsync(caller.TenantId, recipient.AadObjectId, turn.CancellationToken);
        if (!managers.Managers.Any(m => string.Equals(m.AadObjectId, caller.UserId, StringComparison.OrdinalIgnoreCase)))
        {
            await turn.TellAsync(NotTheirManager);
            return;
        }

        var added = await service.AddThanksAsync(caller, reference, recipient.AadObjectId, turn.CancellationToken);
        Log.Thanks(logger, added);
        var notice = added ? await TellRecipientAsync(shoutOut, recipient, caller, turn.CancellationToken) : $"You already thanked {recipient.Name}.";
        await turn.ShowCardAsync(cards.Manager(shoutOut, recipient, notice));
    }

    private async Task<string> TellRecipientAsync(ShoutOut s, Recipient recipient, Caller manager, CancellationToken cancellationToken)
    {
        var reach = await people.GetReachAsync(s.TenantId, recipient.AadObjectId, cancellationToken);
        if (reach is not { CanSend: true, Target: not null })
        {
            return $"Your thanks are recorded, but I could not tell {recipient.Name}: {PeopleReasons.InWords(reach.Reason)}.";
        }

        // The name Teams sent with the manager's click is the freshest; the people record knows it otherwise.
        var managerName = !string.IsNullOrWhiteSpace(manager.Name) ? manager.Name.Trim() : (await names.BookAsync(s.TenantId, [manager.UserId], cancellationToken)).Of(manager.UserId);
        var text = $"{managerName} adds their thanks for your shout-out from {s.GiverName} ({s.Behaviour.Badge} {s.Behaviour.Title}).";
        var result = await sender.SendProactiveAsync(reach, new Activity { Type = ActivityTypes.Message, Text = text, Summary = text }, cancellationToken);
        return result.Outcome == ProactiveOutcome.Sent
            ? $"Your thanks were sent to {recipient.Name}."
            : $"Your thanks are recorded, but I could not tell {recipient.Name}: "
                + (result.Outcome is ProactiveOutcome.Retired or ProactiveOutcome.Blocked ? PeopleReasons.InWords(PeopleReasons.RemovedOrBlocked) : "Teams did not accept the message") + ".";
    }
}
