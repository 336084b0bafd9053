using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Ideas;

/// <summary>Managers' side of ideas: the decision form and the decision, which updates the channel card in place and tells the submitter.</summary>
internal sealed class IdeaReviewRoutes(IdeaService ideas, IdeaReview review, IdeaChannel channel, IdeaPeople people, CardTemplates cards, ILogger<IdeaReviewRoutes> logger) : IBotRoutes
{
    public void Map(BotRouteBuilder routes) => routes
        .OnVerb(IdeaNames.Review, ReviewFormAsync)
        .OnVerb(IdeaNames.Decide, DecideAsync);

    private async Task ReviewFormAsync(TurnContext turn)
    {
        if (IdeaTurns.CallerOf(turn, logger) is not { } caller)
        {
            await turn.TellAsync(IdeaRoutes.UnknownCaller);
            return;
        }

        var result = await review.DecidableAsync(caller, turn.CardData, turn.CancellationToken);
        if (result.Idea is not { } idea)
        {
            await turn.TellAsync(result.Error!);
            return;
        }

        var (viewed, _) = await ideas.ViewAsync(caller, turn.CardData, allComments: false, turn.CancellationToken);
        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        var names = await people.NamesAsync(caller.TenantId, [idea], turn.CancellationToken);
        await turn.ShowCardAsync(cards.Bind(IdeaNames.DecideTemplate, IdeaViews.DecideForm(idea, setup, names, viewed.Tally.Votes, null)));
    }

    private async Task DecideAsync(TurnContext turn)
    {
        if (IdeaTurns.CallerOf(turn, logger) is not { } caller)
        {
            await turn.TellAsync(IdeaRoutes.UnknownCaller);
            return;
        }

        var result = await review.DecideAsync(caller, turn.CardData, turn.CancellationToken);
        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        if (result.Idea is not { } idea)
        {
            await RefusedAsync(turn, caller, setup, result.Error!);
            return;
        }

        string? notTold = null;
        if (result.Changed)
        {
            Log.Decided(logger, idea.Id, idea.Status.ToString());
            await channel.ShowAsync(idea, setup, result.Tally, turn.CancellationToken);
            notTold = await channel.TellSubmitterAsync(idea, setup, result.Tally, turn.CancellationToken);
        }

        var voted = await ideas.HasVotedAsync(caller, idea, turn.CancellationToken);
        var card = await people.CardAsync(idea, setup, result.Tally, caller.UserId, voted, null, review.CanDecide(setup, idea, caller), false, turn.CancellationToken);
        // Only what happened: the submitter is told, or could not be reached and why.
        var notice = $"Decision saved: {IdeaViews.StatusLabel(idea.Status).ToLowerInvariant()}."
            + (!result.Changed ? "" : notTold is null ? $" {card.Submitter} is told." : $" {card.Submitter} could not be told ({notTold}); please tell them yourself.");
        await turn.ShowCardAsync(cards.Bind(IdeaNames.IdeaTemplate, card with { Notice = notice }));
    }

    /// <summary>A missing reason or an impossible status shows the form again; anything else is a short message.</summary>
    private async Task RefusedAsync(TurnContext turn, Caller caller, TenantSetup setup, string error)
    {
        if (error is IdeaReview.NeedReason or IdeaReview.NotAllowed && turn.Activity.Type == ActivityTypes.Invoke
            && (await review.DecidableAsync(caller, turn.CardData, turn.CancellationToken)).Idea is { } idea)
        {
            var (viewed, _) = await ideas.ViewAsync(caller, turn.CardData, allComments: false, turn.CancellationToken);
            var names = await people.NamesAsync(caller.TenantId, [idea], turn.CancellationToken);
            turn.Respond(InvokeResponse.Card(cards.Bind(IdeaNames.DecideTemplate, IdeaViews.DecideForm(idea, setup, names, viewed.Tally.Votes, error))));
            return;
        }

        await turn.TellAsync(error);
    }
}
