using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Ideas;

/// <summary>
/// Ideas in Teams: the <c>idea</c> command and form, edit and withdraw for the submitter, and votes on the channel card.
/// The caller is always the activity's tenant and user; card data only names the idea, and every rule is checked by <see cref="IdeaService"/>.
/// </summary>
internal sealed class IdeaRoutes(IdeaService ideas, IdeaReview review, IdeaChannel channel, IdeaPeople people, CardTemplates cards, ILogger<IdeaRoutes> logger) : IBotRoutes
{
    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't take an idea here.";

    public void Map(BotRouteBuilder routes) => routes
        .OnCommand(IdeaNames.IdeaCommand, NewFormAsync)
        .OnVerb(IdeaNames.New, NewFormAsync)
        .OnVerb(IdeaNames.Submit, SubmitAsync)
        .OnVerb(IdeaNames.Edit, EditFormAsync)
        .OnVerb(IdeaNames.Save, SaveAsync)
        .OnVerb(IdeaNames.Withdraw, WithdrawAsync)
        .OnVerb(IdeaNames.Vote, turn => VoteAsync(turn, vote: true))
        .OnVerb(IdeaNames.Unvote, turn => VoteAsync(turn, vote: false))
        .OnVerb(IdeaNames.Refresh, turn => RefreshAsync(turn, allComments: false))
        .OnVerb(IdeaNames.Comments, turn => RefreshAsync(turn, allComments: true))
        .OnVerb(IdeaNames.Comment, CommentAsync);

    private async Task NewFormAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        var teams = await ideas.TeamsOfAsync(setup, caller, turn.CancellationToken);
        if (teams.Count == 0)
        {
            await turn.TellAsync(IdeaService.NoTeam);
            return;
        }

        // Typed in a team's channel: that team comes first and is picked.
        var here = turn.Activity.ChannelData?.Team?.Id;
        var form = IdeaViews.NewForm(setup, teams, Guid.NewGuid().ToString("N"), null);
        if (teams.FirstOrDefault(t => t.Id == here) is { } team)
        {
            form = form with { TeamId = team.Id };
        }

        // "idea: free coffee for regulars" fills in the proposal (user text: data on the card, clipped, never evaluated).
        if (Prefill(turn.Text) is { } proposal)
        {
            form = form with { Proposal = CardText.Clip(proposal, IdeaNames.MaxProposal) };
        }

        await turn.ShowCardAsync(cards.Bind(IdeaNames.FormTemplate, form));
    }

    /// <summary>What was typed after the <c>idea</c> command, without the punctuation that led into it; null when nothing was.</summary>
    private static string? Prefill(string? text)
    {
        if (text is null || !text.StartsWith(IdeaNames.IdeaCommand, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text[IdeaNames.IdeaCommand.Length..].TrimStart(' ', ':', '-', '–', ',', '.').Trim();
        return rest.Length == 0 ? null : rest;
    }

    private async Task SubmitAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var result = await ideas.SubmitAsync(caller, turn.CardData, turn.CancellationToken);
        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        if (result.Idea is null && result.Error is IdeaService.OutOfDate or IdeaService.NoTeam or IdeaService.Conflict)
        {
            await turn.TellAsync(result.Error);
            return;
        }

        if (result.Idea is not { } idea)
        {
            await RetryFormAsync(turn, IdeaViews.NewForm(setup, await ideas.TeamsOfAsync(setup, caller, turn.CancellationToken), IdeaInput.Id(turn.CardData, IdeaInput.Token) ?? Guid.NewGuid().ToString("N"), null), result.Error!);
            return;
        }

        if (idea.ChannelActivityId is null && await channel.ShowAsync(idea, setup, result.Tally, turn.CancellationToken) is { } activityId)
        {
            await ideas.RememberChannelCardAsync(idea, activityId, turn.CancellationToken);
        }

        var notice = $"Thanks! Your idea is shared with {setup.FindTeam(idea.TeamId)?.Name ?? "your team"}.";
        await turn.ShowCardAsync(cards.Bind(IdeaNames.IdeaTemplate, await people.CardAsync(idea, setup, result.Tally, caller.UserId, false, notice, review.CanDecide(setup, idea, caller), false, turn.CancellationToken)));
    }

    private async Task EditFormAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var result = await ideas.EditableAsync(caller, turn.CardData, turn.CancellationToken);
        if (result.Idea is not { } idea)
        {
            await turn.TellAsync(result.Error!);
            return;
        }

        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        await turn.ShowCardAsync(cards.Bind(IdeaNames.FormTemplate, IdeaViews.EditForm(idea, setup, null)));
    }

    private async Task SaveAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var result = await ideas.EditAsync(caller, turn.CardData, turn.CancellationToken);
        if (result.Idea is null)
        {
            var editable = await ideas.EditableAsync(caller, turn.CardData, turn.CancellationToken);
            if (editable.Idea is { } idea && result.Error is { } error && error != IdeaService.Conflict)
            {
                var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
                await RetryFormAsync(turn, IdeaViews.EditForm(idea, setup, null), error);
            }
            else
            {
                await turn.TellAsync(result.Error ?? IdeaService.NotFound);
            }

            return;
        }

        await AfterChangeAsync(turn, caller, result, "Your idea is updated.");
    }

    private async Task WithdrawAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var result = await ideas.WithdrawAsync(caller, turn.CardData, turn.CancellationToken);
        if (result.Idea is null)
        {
            await turn.TellAsync(result.Error!);
            return;
        }

        await AfterChangeAsync(turn, caller, result, "Your idea is withdrawn.");
    }

    private async Task VoteAsync(TurnContext turn, bool vote)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        // The setup (team names, managers) is only for drawing the card: read alongside the vote, and at most every couple of seconds.
        var reading = ideas.RecentSetupAsync(caller.TenantId, turn.CancellationToken);
        var result = await ideas.VoteAsync(caller, turn.CardData, vote, turn.CancellationToken);
        var setup = await reading;
        if (result.Idea is not { } idea)
        {
            await turn.TellAsync(result.Error!);
            return;
        }

        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            // Universal Actions: the voter's card is replaced at once; everyone else's refreshes when they look, so no message per vote.
            var notice = vote ? (result.Changed ? "Thanks for your vote." : "You had already voted.") : (result.Changed ? "Your vote is taken back." : "You had not voted.");
            var card = await people.CardAsync(idea, setup, result.Tally, caller.UserId, vote, notice, review.CanDecide(setup, idea, caller), false, turn.CancellationToken);
            turn.Respond(InvokeResponse.Card(cards.Bind(IdeaNames.IdeaTemplate, card)));
        }
        else if (result.Changed)
        {
            // Action.Submit (older clients) cannot replace the card: the shared card is updated in place instead.
            await channel.ShowAsync(idea, setup, result.Tally, turn.CancellationToken);
        }
    }

    private async Task CommentAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        // Teams redelivers with the same activity id, so it names the comment; without one, each press is its own comment.
        var result = await ideas.CommentAsync(caller, turn.CardData, turn.Activity.Id ?? Guid.NewGuid().ToString("N"), turn.CancellationToken);
        if (result.Idea is null)
        {
            await turn.TellAsync(result.Error!);
            return;
        }

        await AfterChangeAsync(turn, caller, result, "Your comment is added.");
    }

    private async Task RefreshAsync(TurnContext turn, bool allComments)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var reading = ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        var (result, voted) = await ideas.ViewAsync(caller, turn.CardData, allComments, turn.CancellationToken);
        var setup = await reading;
        if (result.Idea is not { } idea)
        {
            await turn.TellAsync(result.Error!);
            return;
        }

        await turn.ShowCardAsync(cards.Bind(IdeaNames.IdeaTemplate, await people.CardAsync(idea, setup, result.Tally, caller.UserId, voted, null, review.CanDecide(setup, idea, caller), allComments, turn.CancellationToken)));
    }

    /// <summary>After an edit, a withdrawal or a comment: the channel card shows the change in place, and the caller sees their own view.</summary>
    private async Task AfterChangeAsync(TurnContext turn, Caller caller, IdeaResult result, string notice)
    {
        var idea = result.Idea!;
        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        if (result.Changed)
        {
            await channel.ShowAsync(idea, setup, result.Tally, turn.CancellationToken);
        }

        var voted = await ideas.HasVotedAsync(caller, idea, turn.CancellationToken);
        await turn.ShowCardAsync(cards.Bind(IdeaNames.IdeaTemplate, await people.CardAsync(idea, setup, result.Tally, caller.UserId, voted, notice, review.CanDecide(setup, idea, caller), false, turn.CancellationToken)));
    }

    private async Task RetryFormAsync(TurnContext turn, IdeaFormData form, string error)
    {
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            turn.Respond(InvokeResponse.Card(cards.Bind(IdeaNames.FormTemplate, IdeaViews.Retry(form, turn.CardData, error))));
        }
        else
        {
            await turn.ReplyAsync(error);
        }
    }
}
