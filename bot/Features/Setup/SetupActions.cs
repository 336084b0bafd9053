using System.Text.Json.Nodes;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>The setup card actions: parse the inputs, apply the change through the service, answer with the refreshed card or the reason.</summary>
internal sealed partial class SetupRoutes
{
    private delegate Task<Change> Edit(TenantSetup setup, Caller caller, DateOnly today, CancellationToken cancellationToken);

    private delegate Task<JsonObject> Render(string tenantId, TenantSetup setup, DateOnly today, Notice notice, CancellationToken cancellationToken);

    /// <summary>A form drawn again after a refused save: what was sent, with every problem listed.</summary>
    private delegate Task<JsonObject> Redraw(string tenantId, TenantSetup setup, DateOnly today, IReadOnlyList<string> problems, CancellationToken cancellationToken);

    private Task PickJourneyAsync(TurnContext turn)
    {
        var journey = CardInput.Text(turn.CardData, "journey", 40);
        return ChangeAsync(turn, "journey.pick", AdminWith(journey, "Pick a starter journey.", (s, c, d, j) => JourneyChanges.PickStarter(s, c, setup.Roles, j, d)), HomeCard, HomeAgain(null, null, null));
    }

    /// <summary>A new target: every problem at once (standard, target, date), and the setup card drawn again with what was sent.</summary>
    private Task ChangeTargetAsync(TurnContext turn)
    {
        var id = CardInput.Text(turn.CardData, "standardId", 60);
        var target = CardInput.Number(turn.CardData, "target");
        var from = CardInput.Date(turn.CardData, "effectiveFrom");
        return ChangeAsync(
            turn,
            "standard.target",
            Admin((s, c, d) => JourneyChanges.TargetProblems(s, id, target, from, d) is { Count: > 0 } problems
                ? Change.Invalid(problems)
                : JourneyChanges.ChangeTarget(s, c, setup.Roles, id!, target!.Value, from!.Value, d)),
            HomeCard,
            HomeAgain(id, target, from));
    }

    private Task RetireAsync(TurnContext turn)
    {
        var id = CardInput.Text(turn.CardData, "standardId", 60);
        return ChangeAsync(turn, "standard.retire", AdminWith(id, "Pick the standard to retire.", (s, c, d, i) => JourneyChanges.Retire(s, c, setup.Roles, i, d)), HomeCard, HomeAgain(id, null, null));
    }

    /// <summary>The setup card again after a refused change, with the problems and what was sent to change a standard.</summary>
    private Redraw HomeAgain(string? standardId, double? target, DateOnly? from) =>
        (tenant, s, today, problems, ct) => cards.HomeAsync(tenant, s, today, null, ct, problems, standardId, target, from);

    /// <summary>The standard form's three saves: every problem at once, and the form drawn again with what was sent.</summary>
    private Task AddStandardAsync(TurnContext turn)
    {
        var sent = StandardFormInput.Read(turn.CardData);
        return ChangeAsync(
            turn,
            "standard.add",
            Admin((s, c, d) =>
            {
                var (draft, problems) = sent.Standard(s);
                return draft is null ? Change.Invalid(problems) : JourneyChanges.AddStandard(s, c, setup.Roles, draft, d);
            }),
            HomeCard,
            StandardFormAgain(sent));
    }

    private Task AddTouchpointAsync(TurnContext turn)
    {
        var sent = StandardFormInput.Read(turn.CardData);
        return ChangeAsync(
            turn,
            "touchpoint.add",
            Admin((s, c, _) => sent.NewTouchpoint() is { Count: > 0 } problems ? Change.Invalid(problems)
                : JourneyChanges.AddTouchpoint(s, c, setup.Roles, sent.TouchpointName!, sent.Description ?? "", sent.Owner ?? "operations")),
            HomeCard,
            StandardFormAgain(sent));
    }

    private Task SaveTouchpointAsync(TurnContext turn)
    {
        var sent = StandardFormInput.Read(turn.CardData);
        return ChangeAsync(
            turn,
            "touchpoint.save",
            Admin((s, c, _) => sent.ChangedTouchpoint(s) is { Count: > 0 } problems ? Change.Invalid(problems)
                : JourneyChanges.EditTouchpoint(s, c, setup.Roles, sent.EditTouchpointId!, sent.EditName, sent.EditDescription, sent.EditOwner)),
            HomeCard,
            StandardFormAgain(sent));
    }

    private Redraw StandardFormAgain(StandardFormInput sent) => (_, s, _, problems, _) => Task.FromResult(cards.StandardForm(s, null, sent, problems));

    /// <summary>An admin-only edit whose input problems are found by the edit itself (after the role check).</summary>
    private Edit Admin(Func<TenantSetup, Caller, DateOnly, Change> edit) =>
        (s, c, d, _) => Task.FromResult(!setup.Roles.IsAdmin(s, c) ? Change.Refused(Change.NotAdmin) : edit(s, c, d));

    /// <summary>The organisation form: every problem at once, and the form drawn again with what was sent; nothing stored on a refusal.</summary>
    private Task SaveOrganisationAsync(TurnContext turn)
    {
        var d = turn.CardData;
        var sent = new OrganisationInput(CardInput.Text(d, "name", SetupRules.MaxName * 2), CardInput.Text(d, "timeZone", 64), CardInput.Text(d, "currency", 3));
        return ChangeAsync(
            turn,
            "org.save",
            (s, c, _, _) => Task.FromResult(OrganisationChanges.Save(s, c, setup.Roles, sent)),
            OrganisationCard,
            (tenant, s, today, problems, ct) => cards.OrganisationAsync(tenant, s, today, null, ct, sent, problems));
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
            (s, c, _, _) => Task.FromResult(TeamChanges.SaveLeadership(s, c, setup.Roles, channelId, channelName, all || teams.Count == 0, teams, setup.Now)),
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

    /// <param name="redraw">
    /// For a form: a refusal for what was sent (not for who sent it) draws the form again with the values sent and every
    /// problem; without it, or when the caller may not make the change at all, the refusal is a short message.
    /// </param>
    private async Task ChangeAsync(TurnContext turn, string action, Edit edit, Render render, Redraw? redraw = null)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var outcome = await setup.ApplyAsync(caller, action, (s, today, ct) => edit(s, caller, today, ct), turn.CancellationToken);
        if (!outcome.Applied)
        {
            if (redraw is not null && outcome.Message is not (Change.NotAdmin or Change.NotManager or TeamChanges.NotSetUp))
            {
                var problems = outcome.Problems.Count > 0 ? outcome.Problems : [outcome.Message];
                await turn.ShowCardAsync(await redraw(caller.TenantId, outcome.Setup, setup.Today(outcome.Setup), problems, turn.CancellationToken));
                return;
            }

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
