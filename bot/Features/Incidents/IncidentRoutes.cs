using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Incidents;

/// <summary>
/// Incidents in Teams: the log card (typed <c>log incident</c>/<c>incident</c> or a button), its submission, the triage actions,
/// the per-person refresh and the lists. Every rule and role is checked here on the server, never trusted to the card.
/// </summary>
internal sealed partial class IncidentRoutes(
    IncidentService incidents,
    IncidentTriage triage,
    IncidentNotifier notifier,
    IncidentDeliveries deliveries,
    CardTemplates cards,
    IOptions<IncidentOptions> options,
    ILogger<IncidentRoutes> logger) : IBotRoutes
{
    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't log or show incidents here.";
    public const string NoTeam = "You are not in a CxBot team yet, so I don't know whose manager to tell. Ask your manager or a CxBot admin to add you to your team.";

    /// <summary>Told when the week's counters stayed contended: the same card's Submit finishes this incident (its token is claimed).</summary>
    public const string Busy = "Lots of incidents are being logged right now and yours is not saved yet. Press Submit again: it will be logged once.";

    public void Map(BotRouteBuilder routes) => routes
        .OnCommand(IncidentNames.LogCommand, ShowLogFormAsync)
        .OnPhrase(IncidentNames.IncidentCommand, ShowLogFormAsync)
        .OnCommand(IncidentNames.MyCommand, MyIncidentsAsync)
        .OnCommand(IncidentNames.TeamCommand, TeamIncidentsAsync)
        .OnCommand(IncidentNames.PostHereCommand, PostHereAsync)
        .OnCommand(IncidentNames.StopPostingCommand, StopPostingAsync)
        .OnVerb(IncidentNames.Open, ShowLogFormAsync)
        .OnVerb(IncidentNames.Submit, SubmitAsync)
        .OnVerb(IncidentNames.Refresh, RefreshAsync)
        .OnVerb(IncidentNames.OpenIncident, OpenAsync)
        .OnVerb(IncidentNames.List, SwitchListAsync)
        .OnVerb(IncidentNames.Acknowledge, t => TriageAsync(t, TriageAction.Acknowledge))
        .OnVerb(IncidentNames.Assign, t => TriageAsync(t, TriageAction.Assign))
        .OnVerb(IncidentNames.Note, t => TriageAsync(t, TriageAction.Note))
        .OnVerb(IncidentNames.Recovered, t => TriageAsync(t, TriageAction.Recovered))
        .OnVerb(IncidentNames.Resolve, t => TriageAsync(t, TriageAction.Resolve))
        .OnVerb(IncidentNames.Decline, t => TriageAsync(t, TriageAction.Decline));

    private async Task ShowLogFormAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var setup = await incidents.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        var teams = await incidents.TeamsOfAsync(setup, caller, turn.CancellationToken);
        if (teams.Count == 0)
        {
            await turn.TellAsync(NoTeam);
            return;
        }

        await ShowAsync(turn, LogCard(setup, teams, null, null, Guid.NewGuid().ToString()));
    }

    private async Task SubmitAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var inputs = IncidentForm.Read(turn.CardData);
        // The card's token keys the submission row: anything but a token's shape (crafted text) is not put in a key.
        var token = CardInput.Text(turn.CardData, "token", 100) is { } t && IncidentKeys.IsToken(t) ? t : turn.Activity.Id ?? Guid.NewGuid().ToString();
        LogOutcome outcome;
        try
        {
            outcome = await incidents.LogAsync(caller, inputs, token, turn.CancellationToken);
        }
        catch (IncidentConflictException)
        {
            // The submission is claimed under its token, so pressing Submit again finishes this one incident, never a second.
            Log.SubmitContended(logger);
            await turn.TellAsync(Busy);
            return;
        }

        if (outcome.Stored is not { } stored)
        {
            await ShowAsync(turn, outcome.Teams.Count == 0 ? null : LogCard(outcome.Setup, outcome.Teams, inputs, outcome.Errors, token), NoTeam);
            return;
        }

        var incident = stored.Incident;
        var history = new[] { new HistoryEntry(1, "logged", caller.UserId, incident.LoggedAt, IncidentStatus.New, null) };
        if (outcome.Duplicate)
        {
            // Pressed again, or redelivered: the incident as it stands (its "Sent to" says who has it), nothing sent twice.
            var current = await incidents.Store.FindAsync(caller.TenantId, incident.Reference, turn.CancellationToken) ?? stored;
            await ShowAsync(turn, await notifier.CardAsync(current.Incident, outcome.Setup, await incidents.Store.RecentHistoryAsync(current, turn.CancellationToken), caller.UserId, new CardNotice($"Already logged as {incident.Reference}."), turn.CancellationToken));
            return;
        }

        // Nobody has it until the card reached them: the delivery below updates this card with who has it, or who could not be reached.
        var notice = $"Logged as {incident.Reference}. Sending it to your manager now; this card will say who has it.";
        var confirmation = await notifier.CardAsync(incident, outcome.Setup, history, caller.UserId, new CardNotice(notice), turn.CancellationToken);

        string? confirmationId = turn.Activity.Type == ActivityTypes.Invoke ? turn.Activity.ReplyToId : null;
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            turn.Respond(InvokeResponse.Card(confirmation));
        }
        else
        {
            confirmationId = (await turn.ReplyWithCardAsync(confirmation)).Value?.Id;
        }

        var reporterCopy = confirmationId is { Length: > 0 } && turn.Activity.ServiceUrl is { } url && turn.Activity.Conversation?.Id is { } conversation
            ? new CardCopy(caller.UserId, url, conversation, confirmationId)
            : null;
        // The fast path: the claim recorded this delivery as owed, so if this instance dies first another delivers it.
        turn.RunInBackground("incidents.deliver", (_, ct) => deliveries.DeliverNowAsync(stored, outcome.Setup, history, caller.UserId, reporterCopy, ct));
    }

    private async Task RefreshAsync(TurnContext turn)
    {
        if (await ViewAsync(turn) is { } card)
        {
            await ShowAsync(turn, card);
        }
    }

    /// <summary>The card data's incident as the caller may see it; null (and the caller told it is not found) when they may not.</summary>
    private async Task<JsonObject?> ViewAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller || CardInput.Text(turn.CardData, "reference", 40) is not { } reference)
        {
            await turn.TellAsync(IncidentTriage.NotFound);
            return null;
        }

        // Independent reads, so one round trip's wait rather than two in a row.
        var setupRead = incidents.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        var storedRead = incidents.Store.FindAsync(caller.TenantId, reference, turn.CancellationToken);
        await Task.WhenAll(setupRead, storedRead);
        var (setup, stored) = (await setupRead, await storedRead);
        if (stored is null || !triage.CanView(setup, stored.Incident, caller))
        {
            await turn.TellAsync(IncidentTriage.NotFound);
            return null;
        }

        return await notifier.CardAsync(stored.Incident, setup, await incidents.Store.RecentHistoryAsync(stored, turn.CancellationToken), caller.UserId, null, turn.CancellationToken);
    }

    private async Task TriageAsync(TurnContext turn, TriageAction action)
    {
        var data = turn.CardData;
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller || CardInput.Text(data, "reference", 40) is not { } reference || CardInput.Number(data, "rev") is not { } rev)
        {
            await turn.TellAsync(IncidentTriage.NotFound);
            return;
        }

        var text = CardInput.Text(data, "text", 5000, multiLine: true);
        var request = new TriageRequest(reference, (int)rev, action, text, CardInput.UserId(data, "assignee"));
        var outcome = await triage.ApplyAsync(caller, request, turn.CancellationToken);
        if (outcome.Stored is not { } stored)
        {
            await turn.TellAsync(outcome.Refusal ?? IncidentTriage.NotFound);
            return;
        }

        if (outcome.Refusal is null && outcome.StatusChanged)
        {
            // Stored before the manager reads "The reporter has been told": any instance's send engine keeps that promise.
            await notifier.TellReporterOfStatusAsync(stored.Incident, turn.CancellationToken);
        }

        var history = await incidents.Store.RecentHistoryAsync(stored, turn.CancellationToken);
        var notice = outcome.Refusal ?? Done(action, stored.Incident, outcome.StatusChanged);
        await ShowAsync(turn, await notifier.CardAsync(stored.Incident, outcome.Setup, history, caller.UserId, new CardNotice(notice, outcome.Refusal is null), turn.CancellationToken));
        if (outcome.Refusal is null)
        {
            var pressed = turn.Activity.Type == ActivityTypes.Invoke ? turn.Activity.ReplyToId : null;
            turn.RunInBackground("incidents.changed", (_, ct) => notifier.AfterChangeAsync(stored, outcome.Setup, pressed, ct));
        }
    }

    private static string Done(TriageAction action, Incident incident, bool statusChanged)
    {
        var what = action switch
        {
            TriageAction.Note => "Note added.",
            TriageAction.Recovered => "Customer marked as recovered.",
            TriageAction.Assign => "Assigned.",
            _ => $"{IncidentLabels.Name(incident.Status)}.",
        };
        return statusChanged ? what + " The reporter has been told." : what;
    }

    private JsonObject LogCard(TenantSetup setup, IReadOnlyList<TeamSetup> teams, LogInputs? typed, LogErrors? errors, string token) =>
        cards.Bind(IncidentNames.LogTemplate, IncidentViews.LogForm(setup, teams, typed, errors, incidents.Now, token, setup.Organisation?.Currency ?? options.Value.DefaultCurrency));

    /// <summary>Shows the card, or tells the message when there is no card.</summary>
    private static Task ShowAsync(TurnContext turn, JsonObject? card, string? otherwise = null) =>
        card is null ? turn.TellAsync(otherwise ?? "") : turn.ShowCardAsync(card);
}
