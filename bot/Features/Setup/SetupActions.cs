using System.Text.Json.Nodes;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>The setup card actions: parse the inputs, apply the change through the service, answer with the refreshed card or the reason.</summary>
internal sealed partial class SetupRoutes
{
    private delegate Task<Change> Edit(TenantSetup setup, Caller caller, DateOnly today, CancellationToken cancellationToken);

    private delegate Task<JsonObject> Render(string tenantId, TenantSetup setup, DateOnly today, Notice notice, CancellationToken cancellationToken);

    private Task PickJourneyAsync(TurnContext turn)
    {
        var journey = CardInput.Text(turn.CardData, "journey", 40);
        return ChangeAsync(turn, "journey.pick", AdminWith(journey, "Pick a starter journey.", (s, c, d, j) => JourneyChanges.PickStarter(s, c, setup.Roles, j, d)), HomeCard);
    }

    private Task ChangeTargetAsync(TurnContext turn)
    {
        var id = CardInput.Text(turn.CardData, "standardId", 60);
        var target = CardInput.Number(turn.CardData, "target");
        var from = CardInput.Date(turn.CardData, "effectiveFrom");
        var input = id is null || target is null || from is null ? null : new Tuple<string, double, DateOnly>(id, target.Value, from.Value);
        return ChangeAsync(turn, "standard.target", AdminWith(input, "Pick a standard, a new target and the date it takes effect.", (s, c, d, i) => JourneyChanges.ChangeTarget(s, c, setup.Roles, i.Item1, i.Item2, i.Item3, d)), HomeCard);
    }

    private Task RetireAsync(TurnContext turn)
    {
        var id = CardInput.Text(turn.CardData, "standardId", 60);
        return ChangeAsync(turn, "standard.retire", AdminWith(id, "Pick the standard to retire.", (s, c, d, i) => JourneyChanges.Retire(s, c, setup.Roles, i, d)), HomeCard);
    }

    private Task AddStandardAsync(TurnContext turn)
    {
        var data = turn.CardData;
        var soft = CardInput.Text(data, "kind", 10) == "soft";
        var direction = CardInput.Text(data, "direction", 20) == "lowerIsBetter" ? Direction.LowerIsBetter : Direction.HigherIsBetter;
        StandardDraft? draft = CardInput.Text(data, "touchpointId", 60) is { } tp && CardInput.Text(data, "standardName", SetupRules.MaxName) is { } name && CardInput.Number(data, "standardTarget") is { } target
            ? soft
                ? new StandardDraft(tp, StandardKind.Soft, name, null, null, null, false, CardInput.Text(data, "question"), target) { StaffQuestion = CardInput.Text(data, "staffQuestion") }
                : new StandardDraft(tp, StandardKind.Hard, name, CardInput.Text(data, "metric"), CardInput.Text(data, "unit", 20), direction, CardInput.Flag(data, "handRecorded"), null, target)
            : null;
        return ChangeAsync(turn, "standard.add", AdminWith(draft, "Pick a touchpoint and give the standard a name and a target.", (s, c, d, i) => JourneyChanges.AddStandard(s, c, setup.Roles, i, d)), HomeCard);
    }

    private Task AddTouchpointAsync(TurnContext turn)
    {
        var name = CardInput.Text(turn.CardData, "touchpointName", SetupRules.MaxName);
        var description = CardInput.Text(turn.CardData, "description", SetupRules.MaxText) ?? "";
        var owner = CardInput.Text(turn.CardData, "owner", 40) ?? "operations";
        return ChangeAsync(turn, "touchpoint.add", AdminWith(name, "Give the touchpoint a name.", (s, c, _, n) => JourneyChanges.AddTouchpoint(s, c, setup.Roles, n, description, owner)), HomeCard);
    }

    private Task SaveTouchpointAsync(TurnContext turn)
    {
        var d = turn.CardData;
        var id = CardInput.Text(d, "editTouchpointId", 60);
        var (name, description, owner) = (CardInput.Text(d, "editName", SetupRules.MaxName), CardInput.Text(d, "editDescription", SetupRules.MaxText), CardInput.Text(d, "editOwner", 40));
        return ChangeAsync(turn, "touchpoint.save", AdminWith(id, "Pick the touchpoint to change.", (s, c, _, i) => JourneyChanges.EditTouchpoint(s, c, setup.Roles, i, name, description, owner)), HomeCard);
    }

    private Task SaveOrganisationAsync(TurnContext turn)
    {
        var d = turn.CardData;
        var input = CardInput.Text(d, "name", SetupRules.MaxName) is { } n && CardInput.Text(d, "timeZone", 64) is { } tz && CardInput.Text(d, "currency", 3) is { } cur ? new Tuple<string, string, string>(n, tz, cur) : null;
        return ChangeAsync(turn, "org.save", AdminWith(input, "Give the name, a time zone and a currency.", (s, c, _, i) => OrganisationChanges.Save(s, c, setup.Roles, i.Item1, i.Item2, i.Item3)), OrganisationCard);
    }

    private Task SaveLeadershipAsync(TurnContext turn)
    {
        if (turn.Activity.Conversation?.ConversationType != ConversationTypes.Channel)
        {
            return turn.TellAsync(ChannelOnly);
        }

        // The channel is where the card was pressed, never an id from the card's data.
        var channelId = ChannelIdOf(turn);
        var channelName = ChannelNameOf(turn);
        var all = CardInput.Flag(turn.CardData, "allTeams");
        var teams = CardInput.List(turn.CardData, "teams");
        return ChangeAsync(
            turn,
            "leadership.save",
            (s, c, _, _) => Task.FromResult(TeamChanges.SaveLeadership(s, c, setup.Roles, channelId, channelName, all || teams.Count == 0, teams)),
            (_, s, _, notice, _) => Task.FromResult(cards.Leadership(s, channelId, channelName, notice)));
    }

    /// <summary>Admin check first, so a refused caller learns only that they may not, whatever they sent; then the input check.</summary>
    private Edit AdminWith<T>(T? input, string missing, Func<TenantSetup, Caller, DateOnly, T, Change> edit)
        where T : class =>
        AdminWith<T>(input, missing, (s, c, d, i, _) => Task.FromResult(edit(s, c, d, i)));

    /// <summary>As above, for an edit that looks something up: only once the caller is known to be an admin.</summary>
    private Edit AdminWith<T>(T? input, string missing, Func<TenantSetup, Caller, DateOnly, T, CancellationToken, Task<Change>> edit)
        where T : class =>
        (s, c, d, ct) => !setup.Roles.IsAdmin(s, c) ? Task.FromResult(Change.Refused(Change.NotAdmin)) : input is null ? Task.FromResult(Change.Refused(missing)) : edit(s, c, d, input, ct);

    private async Task ChangeAsync(TurnContext turn, string action, Edit edit, Render render)
    {
        if (CallerOf(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var outcome = await setup.ApplyAsync(caller, action, (s, today, ct) => edit(s, caller, today, ct), turn.CancellationToken);
        if (!outcome.Applied)
        {
            await turn.TellAsync(outcome.Message);
            return;
        }

        await turn.ShowCardAsync(await render(caller.TenantId, outcome.Setup, setup.Today(outcome.Setup), new Notice(outcome.Message, Good: true), turn.CancellationToken));
    }

    private Task<JsonObject> HomeCard(string tenantId, TenantSetup s, DateOnly today, Notice notice, CancellationToken cancellationToken) =>
        cards.HomeAsync(tenantId, s, today, notice, cancellationToken);

    private Task<JsonObject> OrganisationCard(string tenantId, TenantSetup s, DateOnly today, Notice notice, CancellationToken cancellationToken) =>
        cards.OrganisationAsync(tenantId, s, today, notice, cancellationToken);
}
