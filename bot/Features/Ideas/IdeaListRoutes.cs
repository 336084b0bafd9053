using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Ideas;

/// <summary>
/// <c>my ideas</c> and <c>team ideas [open|closed|status]</c>, and the list's filter buttons; in a team's channel, the team
/// lists are that team's.
/// </summary>
internal sealed class IdeaListRoutes(IdeaService ideas, IdeaLists lists, CardTemplates cards, ILogger<IdeaListRoutes> logger) : IBotRoutes
{
    public void Map(BotRouteBuilder routes) => routes
        .OnCommand(IdeaNames.MyIdeasCommand, MineAsync)
        .OnCommand(IdeaNames.TeamIdeasCommand, turn => TeamAsync(turn, IdeaFilter.Parse(turn.Text?[IdeaNames.TeamIdeasCommand.Length..])))
        .OnVerb(IdeaNames.List, turn => TeamAsync(turn, IdeaFilter.Parse(IdeaInput.String(turn.CardData, "filter") is { Length: <= 20 } f ? f : null)));

    private async Task MineAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(IdeaRoutes.UnknownCaller);
            return;
        }

        await turn.ShowCardAsync(cards.Bind(IdeaNames.ListTemplate, await lists.MineAsync(caller, turn.CancellationToken)));
    }

    private async Task TeamAsync(TurnContext turn, IdeaFilter? filter)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(IdeaRoutes.UnknownCaller);
            return;
        }

        var setup = await ideas.SetupAsync(caller.TenantId, turn.CancellationToken);
        var teams = await ideas.TeamsOfAsync(setup, caller, turn.CancellationToken);
        if (teams.FirstOrDefault(t => t.Id == turn.Activity.ChannelData?.Team?.Id) is { } here)
        {
            teams = [here];
        }

        if (teams.Count == 0)
        {
            await turn.TellAsync(IdeaService.NoTeam);
            return;
        }

        var list = await lists.TeamsAsync(caller, teams, filter, turn.CancellationToken);
        await turn.ShowCardAsync(cards.Bind(IdeaNames.ListTemplate, list with { CanExport = ideas.ManagedTeams(setup, caller).Count > 0 }));
    }
}
