using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Incidents;

/// <summary><c>post incidents here</c> / <c>stop posting incidents</c>: a team's managers choose the channel that sees its high and critical incidents.</summary>
internal sealed partial class IncidentRoutes
{
    public const string ChannelOnly = "Say this in a channel of a set-up team.";
    public const string NotTeamManager = "Only this team's managers (or a CxBot admin) can choose where its incidents are posted.";

    private Task PostHereAsync(TurnContext turn) => ChooseChannelAsync(turn, post: true);

    private Task StopPostingAsync(TurnContext turn) => ChooseChannelAsync(turn, post: false);

    private async Task ChooseChannelAsync(TurnContext turn, bool post)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var setup = await incidents.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        if (turn.Activity.Conversation?.ConversationType != ConversationTypes.Channel
            || turn.Activity.ChannelData?.Team?.Id is not { } teamId || setup.FindTeam(teamId) is not { } team
            || turn.Activity.BaseConversationId() is not { } channel)
        {
            await turn.TellAsync(ChannelOnly);
            return;
        }

        if (!incidents.Setup.Roles.CanManage(setup, team, caller))
        {
            await turn.TellAsync(NotTeamManager);
            return;
        }

        await incidents.Store.SetChannelAsync(caller.TenantId, team.Id, post ? channel : null, turn.CancellationToken);
        await turn.TellAsync(post
            ? $"High and critical incidents of {team.Name} will be posted here. Say \"{IncidentNames.StopPostingCommand}\" to stop."
            : $"Incidents of {team.Name} will no longer be posted to a channel.");
    }
}
