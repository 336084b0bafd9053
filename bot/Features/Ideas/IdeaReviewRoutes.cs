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
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
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

        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        var names = await people.NamesAsync(caller.TenantId, [idea], turn.CancellationToken);
        await turn.ShowCardAsync(cards.Bind(IdeaNames.DecideTemplate, IdeaViews.DecideForm(idea, setup, names, result.Tally.Votes, null)));
    }

    private async Task DecideAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
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

    /// <summary>
    /// A refusal about the form itself (no status, no reason to decline, out of date) shows the form again as the idea now is,
    /// with what was picked and typed; anything else is a short message.
    /// </summary>
    private async Task RefusedAsync(TurnContext turn, Caller caller, TenantSetup setup, string error)
    {
        if (IdeaReview.RedrawsForm(error) && turn.Activity.Type == ActivityTypes.Invoke
            && await review.DecidableAsync(caller, turn.CardData, turn.CancellationToken) is { Idea: { } idea } decidable)
        {
            var names = await people.NamesAsync(caller.TenantId, [idea], turn.CancellationToken);
            var picked = IdeaInput.String(turn.CardData, IdeaReview.Status);
            var form = IdeaViews.DecideForm(idea, setup, names, decidable.Tally.Votes, error, picked, IdeaInput.String(turn.CardData, IdeaReview.Reason));
            turn.Respond(InvokeResponse.Card(cards.Bind(IdeaNames.DecideTemplate, form)));
            return;
        }

        await turn.TellAsync(error);
    }
}
