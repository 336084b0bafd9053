using System.Text.Json.Nodes;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>
/// The setup feature in Teams: first admin on personal install, team card on team install, the <c>setup</c> and
/// <c>post scorecards here</c> commands, and every setup card action. Roles are checked by <see cref="SetupService"/>, never by the card.
/// </summary>
internal sealed partial class SetupRoutes(SetupService setup, SetupCards cards, SetupPeople people, AdminClaimRoutes claims, ILogger<SetupRoutes> logger) : IBotRoutes
{
    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't change CxBot's setup.";
    public const string ChannelOnly = "Say \"post scorecards here\" in the channel that should receive the scorecards.";

    public void Map(BotRouteBuilder routes) => routes
        .OnInstall(ConversationTypes.Personal, InstallPersonalAsync)
        .OnInstall(ConversationTypes.Channel, InstallTeamAsync)
        .OnActivity(ActivityTypes.ConversationUpdate, TeamMembersChangedAsync)
        .OnCommand(SetupNames.SetupCommand, SetupCommandAsync)
        .OnCommand(SetupNames.PostScorecardsCommand, PostScorecardsHereAsync)
        .OnVerb(SetupNames.Show, ShowHomeAsync)
        .OnVerb(SetupNames.ShowOrganisation, ShowOrganisationAsync)
        .OnVerb(SetupNames.NewStandard, ShowStandardFormAsync)
        .OnVerb(SetupNames.PickJourney, PickJourneyAsync)
        .OnVerb(SetupNames.ChangeTarget, ChangeTargetAsync)
        .OnVerb(SetupNames.Retire, RetireAsync)
        .OnVerb(SetupNames.AddStandard, AddStandardAsync)
        .OnVerb(SetupNames.AddTouchpoint, AddTouchpointAsync)
        .OnVerb(SetupNames.SaveTouchpoint, SaveTouchpointAsync)
        .OnVerb(SetupNames.SaveOrganisation, SaveOrganisationAsync)
        .OnVerb(SetupNames.AddAdmin, AddAdminAsync)
        .OnVerb(SetupNames.RemoveAdmin, RemoveAdminAsync)
        .OnVerb(SetupNames.SaveTeam, SaveTeamAsync)
        .OnVerb(SetupNames.SaveLeadership, SaveLeadershipAsync);

    private async Task InstallPersonalAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            return;
        }

        // An app pushed to everyone installs it for thousands within minutes, and nearly every install finds the organisation
        // and its admin already there: the recent copy says so without a read of its own.
        if (!OrganisationChanges.InstallMayChange(await setup.GetRecentAsync(caller.TenantId, turn.CancellationToken), setup.Roles))
        {
            return;
        }

        var zone = ClientTimeZone(turn.Activity) ?? "UTC";
        var outcome = await setup.ApplyAsync(caller, "admin.claim", (s, _) => OrganisationChanges.ClaimFirstAdmin(s, caller, setup.Roles, zone), turn.CancellationToken);
        if (outcome.Applied && outcome.Setup.Organisation?.Admins.Contains(caller.UserId) == true)
        {
            await turn.ReplyAsync("You are the first CxBot admin in your organisation. Type \"setup\" to pick a starter journey and tailor its standards.");
        }
    }

    private async Task InstallTeamAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller || turn.Activity.ChannelData?.Team?.Id is not { } teamId)
        {
            return;
        }

        var name = turn.Activity.ChannelData.Team.Name ?? turn.Activity.Conversation?.Name ?? "Team";
        var outcome = await setup.ApplyAsync(caller, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, caller, teamId, name), turn.CancellationToken);
        if (outcome.Setup.FindTeam(teamId) is { } team)
        {
            await turn.ReplyWithCardAsync(await cards.TeamAsync(caller.TenantId, outcome.Setup, team, setup.Today(outcome.Setup), null, withRoster: false, turn.CancellationToken));
        }
    }

    /// <summary>Keeps a set-up team's member list in step with Teams (the bot itself is never a member).</summary>
    private async Task TeamMembersChangedAsync(TurnContext turn)
    {
        var activity = turn.Activity;
        if (activity.ChannelData?.Team?.Id is not { } teamId || turn.TenantId is not { Length: > 0 } tenant)
        {
            return;
        }

        var bot = activity.Recipient?.Id;
        List<TeamMember> joined = [.. (activity.MembersAdded ?? []).Where(m => m.Id != bot && Guid.TryParse(m.AadObjectId, out _)).Select(m => new TeamMember(Guid.Parse(m.AadObjectId!).ToString(), m.Name, TeamRole.FrontLine))];
        List<string> left = [.. (activity.MembersRemoved ?? []).Where(m => m.Id != bot && Guid.TryParse(m.AadObjectId, out _)).Select(m => Guid.Parse(m.AadObjectId!).ToString())];
        if (joined.Count + left.Count == 0)
        {
            return;
        }

        // Teams reports the change; the audit records who made it in Teams when it says so.
        var caller = new Caller(tenant, turn.UserAadObjectId ?? "teams", activity.From?.Name);
        var outcome = await setup.ApplyAsync(caller, "team.members", (s, _) => TeamChanges.SyncMembers(s, teamId, joined, left), turn.CancellationToken);
        if (outcome.Message == TeamChanges.JoinersLeftToRoster)
        {
            Log.JoinersLeftToRoster(logger);
        }
    }

    /// <summary><c>setup</c> in a set-up team's channel opens that team's card (managers and admins); anywhere else, the admin card.</summary>
    private async Task SetupCommandAsync(TurnContext turn)
    {
        if (turn.Activity.ChannelData?.Team?.Id is { } teamId && Caller.Of(turn, logger, Log.NoCaller) is { } caller)
        {
            var current = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
            if (current.FindTeam(teamId) is { } team)
            {
                if (setup.Roles.CanManage(current, team, caller))
                {
                    await turn.ReplyWithCardAsync(await cards.TeamAsync(caller.TenantId, current, team, setup.Today(current), null, withRoster: true, turn.CancellationToken));
                }
                else
                {
                    await turn.ReplyAsync(Change.NotManager);
                }

                return;
            }
        }

        await ShowHomeAsync(turn);
    }

    private Task ShowHomeAsync(TurnContext turn) => ShowForAdminAsync(turn, (tenant, s, today) => cards.HomeAsync(tenant, s, today, null, turn.CancellationToken));

    private Task ShowOrganisationAsync(TurnContext turn) => ShowForAdminAsync(turn, (tenant, s, today) => cards.OrganisationAsync(tenant, s, today, null, turn.CancellationToken));

    private Task ShowStandardFormAsync(TurnContext turn) => ShowForAdminAsync(turn, (_, s, _) => Task.FromResult(cards.StandardForm(s, null)));

    private async Task PostScorecardsHereAsync(TurnContext turn)
    {
        if (turn.Activity.Conversation?.ConversationType != ConversationTypes.Channel)
        {
            await turn.ReplyAsync(ChannelOnly);
            return;
        }

        await ShowForAdminAsync(turn, (_, s, _) => Task.FromResult(cards.Leadership(s, ChannelIdOf(turn), ChannelNameOf(turn), null)));
    }

    /// <summary>Shows a setup card to an admin; anyone else is told why not and sees nothing of the setup.</summary>
    private async Task ShowForAdminAsync(TurnContext turn, Func<string, TenantSetup, DateOnly, Task<JsonObject>> card)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var current = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
        if (!setup.Roles.IsAdmin(current, caller))
        {
            await turn.TellAsync(await claims.NotAdminAsync(caller.TenantId, current, turn.CancellationToken));
            return;
        }

        await turn.ShowCardAsync(await card(caller.TenantId, current, setup.Today(current)));
    }

    /// <summary>The user's time zone from Teams' <c>clientInfo</c> entity, if it sent one as text.</summary>
    private static string? ClientTimeZone(Activity activity) =>
        activity.EntitiesOfType("clientInfo").Select(e => ActivityExtensions.StringAt(e, "timezone")).FirstOrDefault(z => z is not null);

    private static string ChannelIdOf(TurnContext turn) => turn.Activity.BaseConversationId() ?? "";

    private static string ChannelNameOf(TurnContext turn) =>
        turn.Activity.ChannelData?.Channel?.Name ?? turn.Activity.ChannelData?.Team?.Name ?? turn.Activity.Conversation?.Name ?? "this channel";
}
