using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Measures;

/// <summary>
/// Recording a team's weekly figures: <c>record measures</c> (and other ways of saying it) opens the form for last week;
/// <c>measures.show</c> draws it for another team or week; <c>measures.save</c> stores it. Identity and tenant come from the
/// activity; the team, week and standards named by the card are checked again on the server, and only the team's managers
/// and CxBot admins may record. Every problem is reported at once and nothing is saved while there is one.
/// </summary>
internal sealed class MeasureRoutes(MeasureStore store, MeasureCards cards, SetupService setup, TimeProvider time, ILogger<MeasureRoutes> logger) : IBotRoutes
{
    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't record figures here.";
    public const string ManagersOnly = "Weekly figures are recorded by team managers and CxBot admins, and you don't manage a team. To report a problem, type **log incident**; type **help** to see what you can do.";
    public const string NoTeams = "There are no teams yet, so there are no figures to record. Add a team in **setup** first.";
    public const string NotYourTeam = "Only the team's managers and CxBot admins can record its weekly figures, so nothing was saved.";
    public const string NotYourTeamToShow = "Only the team's managers and CxBot admins can record its weekly figures.";
    public const string Busy = "Several people were saving this week's figures at the same moment, so nothing was saved. Please press Save again.";

    public static readonly string PickAWeek = $"Pick a week from the list: this week, or up to {MeasureWeek.WeeksBack} weeks back.";
    public static readonly string WeekOutOfReach = PickAWeek + " Nothing was saved.";

    public void Map(BotRouteBuilder routes)
    {
        foreach (var phrase in MeasureNames.Phrases)
        {
            routes.OnPhrase(phrase, OpenAsync);
        }

        routes
            .OnVerb(MeasureNames.Show, ShowAsync)
            .OnVerb(MeasureNames.Save, SaveAsync);
    }

    /// <summary>Typed: last week's form for the team of this channel, or the first team the caller manages.</summary>
    private async Task OpenAsync(TurnContext turn)
    {
        if (await ManagedAsync(turn) is not { } m)
        {
            return;
        }

        var channelTeam = turn.Activity.ChannelData?.Team?.Id;
        var team = m.Managed.FirstOrDefault(t => channelTeam is { Length: > 0 } && string.Equals(t.TeamsTeamId, channelTeam, StringComparison.Ordinal)) ?? m.Managed[0];
        var today = Today(team);
        await ShowFormAsync(turn, m.Caller.TenantId, new MeasureView(m.Setup, team, MeasureWeek.Default(today), today, m.Managed));
    }

    /// <summary>The form for the team and week picked on a card (the card's team and week when nothing was picked).</summary>
    private async Task ShowAsync(TurnContext turn)
    {
        if (await ManagedAsync(turn) is not { } m)
        {
            return;
        }

        var teamId = CardInput.Text(turn.CardData, MeasureNames.PickTeam, 100) ?? CardInput.Text(turn.CardData, "teamId", 100);
        if (m.Managed.FirstOrDefault(t => t.Id == teamId) is not { } team)
        {
            Log.Refused(logger, "team not managed");
            await turn.TellAsync(NotYourTeamToShow);
            return;
        }

        var today = Today(team);
        var weekText = CardInput.Text(turn.CardData, MeasureNames.PickWeek, 20) ?? CardInput.Text(turn.CardData, "week", 20);
        var monday = MeasureWeek.Default(today);
        if (weekText is not null && (!MeasureWeek.TryParse(weekText, out monday) || !MeasureWeek.Allowed(today).Contains(monday)))
        {
            Log.Refused(logger, "week out of reach");
            await turn.TellAsync(PickAWeek);
            return;
        }

        await ShowFormAsync(turn, m.Caller.TenantId, new MeasureView(m.Setup, team, monday, today, m.Managed));
    }

    private async Task SaveAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        // Fresh: this grants a right. The team is looked up in the caller's own tenant only.
        var tenantSetup = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
        if (CardInput.Text(turn.CardData, "teamId", 100) is not { } teamId || tenantSetup.FindTeam(teamId) is not { } team || !setup.Roles.CanManage(tenantSetup, team, caller))
        {
            Log.Refused(logger, "team not managed");
            await turn.TellAsync(NotYourTeam);
            return;
        }

        var today = Today(team);
        if (!MeasureWeek.TryParse(CardInput.Text(turn.CardData, "week", 20), out var monday) || !MeasureWeek.Allowed(today).Contains(monday))
        {
            Log.Refused(logger, "week out of reach");
            await turn.TellAsync(WeekOutOfReach);
            return;
        }

        var view = new MeasureView(tenantSetup, team, monday, today, Managed(tenantSetup, caller));
        var sent = MeasureInput.Read(turn.CardData);
        var (changes, problems) = sent.Check(tenantSetup, team, monday);
        if (problems.Count > 0)
        {
            Log.Refused(logger, "invalid figures");
            var recorded = await store.GetWeekAsync(caller.TenantId, team.Id, monday, turn.CancellationToken);
            await turn.ShowCardAsync(cards.Form(view, recorded, problems: problems, sent: sent));
            return;
        }

        var name = CardText.Clip(UserText.Clean(caller.Name, multiLine: false), 100);
        var saved = await store.SaveAsync(caller.TenantId, team.Id, monday, changes, caller.UserId, name, time.GetUtcNow(), turn.CancellationToken);
        if (saved.Saved)
        {
            Log.Saved(logger, changes.Count);
            await turn.ShowCardAsync(cards.Recorded(team, monday, MeasureCards.Sentence(tenantSetup, team, monday, changes)));
            return;
        }

        if (saved.Conflicts.Count == 0)
        {
            Log.Busy(logger);
            await turn.TellAsync(Busy);
            return;
        }

        Log.Conflict(logger, saved.Conflicts.Count);
        var notice = Changed(tenantSetup, team, saved) + " Nothing was saved. Here are the latest figures: check them and press Save again.";
        await turn.ShowCardAsync(cards.Form(view, saved.Latest, notice, sent: sent, keepSent: id => !saved.Conflicts.Contains(id)));
    }

    /// <summary>"Mia Manager changed Delivery slot kept to 95 % while you were editing." (or cleared it), for each conflict.</summary>
    private static string Changed(TenantSetup tenantSetup, TeamSetup team, MeasureSave saved) => string.Join(" ", saved.Conflicts.Select(id =>
    {
        var standard = tenantSetup.FindStandard(id);
        var name = standard?.Name ?? id;
        if (saved.Latest.GetValueOrDefault(id) is not { } now)
        {
            return $"Another manager cleared {name} while you were editing.";
        }

        var who = now.RecordedByName ?? team.Members.FirstOrDefault(m => string.Equals(m.UserId, now.RecordedById, StringComparison.OrdinalIgnoreCase))?.Name ?? "Another manager";
        return $"{CardText.Clip(who, 80)} changed {name} to {MeasureStandards.WithUnit(now.Value, standard?.Unit)} while you were editing.";
    }));

    private async Task ShowFormAsync(TurnContext turn, string tenantId, MeasureView view)
    {
        var recorded = await store.GetWeekAsync(tenantId, view.Team.Id, view.Monday, turn.CancellationToken);
        Log.Shown(logger, MeasureStandards.For(view.Setup, view.Team, view.Monday).Count);
        await turn.ShowCardAsync(cards.Form(view, recorded));
    }

    /// <summary>The caller, the tenant's setup and the teams they may record for (by name), or null after telling them why not.</summary>
    private async Task<(Caller Caller, TenantSetup Setup, IReadOnlyList<TeamSetup> Managed)?> ManagedAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return null;
        }

        var tenantSetup = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
        var managed = Managed(tenantSetup, caller);
        if (managed.Count == 0)
        {
            Log.Refused(logger, "not a manager");
            await turn.TellAsync(setup.Roles.IsAdmin(tenantSetup, caller) ? NoTeams : ManagersOnly);
            return null;
        }

        return (caller, tenantSetup, managed);
    }

    private IReadOnlyList<TeamSetup> Managed(TenantSetup tenantSetup, Caller caller) =>
        [.. setup.Roles.ManagedTeams(tenantSetup, caller).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Today in the team's time zone.</summary>
    private DateOnly Today(TeamSetup team) => MeasureWeek.LocalDate(team.TimeZone, time.GetUtcNow());
}
