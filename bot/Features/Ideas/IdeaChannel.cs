using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;

namespace CxBot.Features.Ideas;

/// <summary>The idea's card in its team's channel (the General channel, whose id is the Teams team id): posted once, then updated in place.</summary>
internal sealed class IdeaChannel(IProactiveSender sender, CardTemplates cards, ILogger<IdeaChannel> logger)
{
    /// <summary>Posts the shared card, or updates it when it was posted before; returns the card's activity id.</summary>
    public async Task<string?> ShowAsync(Idea idea, TenantSetup setup, int votes, CancellationToken cancellationToken)
    {
        if (setup.FindTeam(idea.TeamId)?.TeamsTeamId is not { Length: > 0 } channelId)
        {
            Log.ChannelNotReached(logger, idea.Id, "no Teams team");
            return null;
        }

        var activity = new Activity { Type = ActivityTypes.Message }.WithCard(cards.Bind(IdeaNames.IdeaTemplate, IdeaViews.Card(idea, setup, votes, null, null, null)));
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
}
