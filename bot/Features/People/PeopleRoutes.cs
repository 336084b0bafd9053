using CxBot.Protocol;
using CxBot.Protocol.Routing;
using CxBot.Storage;

namespace CxBot.Features.People;

/// <summary>
/// Team <c>conversationUpdate</c> events keep rosters current, and installing the app in a team reads its whole roster
/// (Teams sends either, or both, when the bot joins): after the HTTP answer.
/// </summary>
internal sealed class PeopleRoutes(RosterSync sync, ILogger<PeopleRoutes> logger) : IBotRoutes
{
    public void Map(BotRouteBuilder routes) => routes
        .OnActivity(ActivityTypes.ConversationUpdate, ObserveAsync)
        .OnInstall(ConversationTypes.Channel, InstalledInTeamAsync);

    private Task InstalledInTeamAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        if (activity.TenantId() is not { } tenantId || activity.ChannelData?.Team?.Id is not { } teamId || activity.ServiceUrl is not { } serviceUrl)
        {
            return Task.CompletedTask;
        }

        var team = new RosterTeam(teamId, activity.ChannelData.Team.Name, serviceUrl, null);
        turn.RunInBackground("people.roster", async (_, ct) =>
        {
            try
            {
                await sync.RefreshTeamAsync(tenantId, team, ct);
            }
            catch (TableStorageException ex)
            {
                Log.RosterWriteFailed(logger, ex.Status);
            }
        });
        return Task.CompletedTask;
    }

    private Task ObserveAsync(TurnContext turn)
    {
        if (turn.Activity.ChannelData?.Team?.Id is null || (turn.Activity.MembersAdded is not { Count: > 0 } && turn.Activity.MembersRemoved is not { Count: > 0 }))
        {
            return Task.CompletedTask;
        }

        var activity = turn.Activity;
        turn.RunInBackground("people.roster", async (_, ct) =>
        {
            try
            {
                await sync.ObserveAsync(activity, ct);
            }
            catch (TableStorageException ex)
            {
                // The roster is read again when it goes stale.
                Log.RosterWriteFailed(logger, ex.Status);
            }
        });
        return Task.CompletedTask;
    }
}
