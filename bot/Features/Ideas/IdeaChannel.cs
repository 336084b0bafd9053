using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;

namespace CxBot.Features.Ideas;

/// <summary>
/// The idea's card in its team's channel (the General channel, whose id is the Teams team id): posted once, then updated in place;
/// and the submitter's personal chat, where each decision is told. Both carry a notification line: phones show "Sent a card" otherwise.
/// </summary>
internal sealed class IdeaChannel(IProactiveSender sender, IPeopleDirectory directory, CardTemplates cards, IdeaPeople people, ILogger<IdeaChannel> logger)
{
    /// <summary>Posts the shared card, or updates it when it was posted before; returns the card's activity id.</summary>
    public async Task<string?> ShowAsync(Idea idea, TenantSetup setup, IdeaTally tally, CancellationToken cancellationToken)
    {
        if (setup.FindTeam(idea.TeamId)?.TeamsTeamId is not { Length: > 0 } channelId)
        {
            Log.ChannelNotReached(logger, idea.Id, "no Teams team");
            return null;
        }

        var data = await people.CardAsync(idea, setup, tally, null, null, null, canDecide: false, allComments: false, cancellationToken);
        var summary = $"{data.Submitter} shared an idea for {data.TeamName}";
        var activity = new Activity { Type = ActivityTypes.Message, Summary = summary }.WithCard(cards.Bind(IdeaNames.IdeaTemplate, data));
        var target = ProactiveTarget.Conversation(idea.TenantId, channelId);
        try
        {
            var result = idea.ChannelActivityId is { } id
                ? await sender.UpdateProactiveAsync(target, id, activity, cancellationToken)
                : await sender.SendProactiveAsync(target, activity, cancellationToken);
            if (result.Outcome != ProactiveOutcome.Sent)
            {
                Log.ChannelNotReached(logger, idea.Id, result.Outcome.ToString());
            }

            return result.ActivityId;
        }
        catch (ConnectorException)
        {
            // The idea is saved either way; the next change tries the card again.
            Log.ChannelNotReached(logger, idea.Id, "connector failed");
            return null;
        }
    }

    /// <summary>Tells the submitter, in their chat with the bot, who decided what and why; null when told, else why not (in words).</summary>
    public async Task<string?> TellSubmitterAsync(Idea idea, TenantSetup setup, IdeaTally tally, CancellationToken cancellationToken)
    {
        var book = await people.NamesAsync(idea.TenantId, [idea], cancellationToken);
        var decider = idea.DeciderId is { } id ? CardText.Clip(book.Of(id), 80) : "A manager of your team";
        var status = IdeaViews.StatusLabel(idea.Status).ToLowerInvariant();
        var notice = $"{decider} decided on your idea: it is now {status}.";
        var data = await people.CardAsync(idea, setup, tally, idea.SubmitterId, null, notice, canDecide: false, allComments: false, cancellationToken);
        var card = cards.Bind(IdeaNames.IdeaTemplate, data with { ShowVote = false, ShowUnvote = false });
        var message = new Activity { Type = ActivityTypes.Message, Summary = $"{decider} decided on your idea: {status}" }.WithCard(card);
        try
        {
            // Their chat with the bot, or one opened through a team they are in (they may have shared it from a channel).
            var reach = await directory.GetReachAsync(idea.TenantId, idea.SubmitterId, cancellationToken);
            if (!reach.CanSend)
            {
                Log.SubmitterNotReached(logger, idea.Id, reach.Reason ?? reach.Outcome.ToString());
                return PeopleReasons.InWords(reach.Reason);
            }

            var result = await sender.SendProactiveAsync(reach, message, cancellationToken);
            if (result.Outcome != ProactiveOutcome.Sent)
            {
                Log.SubmitterNotReached(logger, idea.Id, result.Outcome.ToString());
                return "Teams did not accept the message";
            }

            return null;
        }
        catch (ConnectorException)
        {
            Log.SubmitterNotReached(logger, idea.Id, "connector failed");
            return "Teams was unavailable";
        }
    }
}
