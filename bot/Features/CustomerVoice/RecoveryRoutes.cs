using CxBot.Features.Incidents;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The recovery card's buttons: <em>Log as incident</em> (the incident form filled in from the answer), <em>Mark followed up</em>
/// (who and when, on the answer) and the card's refresh. Each reads the answer the card names from storage and checks there that
/// the caller manages its team (or is an admin); nothing on the card is trusted, and pressing again changes nothing more.
/// </summary>
internal sealed class RecoveryRoutes(
    SurveyAnswerStore answers,
    SurveyRecovery recovery,
    SetupService setups,
    SetupRoles roles,
    IIncidentForm incidentForm,
    TimeProvider time,
    ILogger<RecoveryRoutes> logger) : IBotRoutes
{
    public const string NotYours = "Only the team's managers can see and follow up this customer's answer.";
    public const string Gone = "I can't find this customer's answer any more: the team or the answer is no longer in CxBot.";
    public const string NoTeamToLogFor = "You are not in a CxBot team, so I can't open the incident form for you. Ask one of the team's managers to log it.";
    public const string FormBelow = "The incident form is below, filled in from this answer: check it and press Submit.";

    public void Map(BotRouteBuilder routes) => routes
        .OnVerb(CustomerVoiceNames.RecoveryRefresh, RefreshAsync)
        .OnVerb(CustomerVoiceNames.RecoveryFollowUp, FollowUpAsync)
        .OnVerb(CustomerVoiceNames.RecoveryIncident, LogIncidentAsync);

    private async Task RefreshAsync(TurnContext turn)
    {
        if (await ReadAsync(turn) is { } found)
        {
            await turn.ShowCardAsync(recovery.Card(found.Setup, found.Team, found.Answer, recovery.Recipients(found.Setup, found.Team), null));
        }
    }

    private async Task FollowUpAsync(TurnContext turn)
    {
        if (await ReadAsync(turn) is not { } found)
        {
            return;
        }

        var (setup, team, answer, caller) = found;
        var name = caller.Name is { Length: > 0 } n ? n : team.Members.FirstOrDefault(m => string.Equals(m.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase))?.Name;
        var marked = await answers.MarkFollowedUpAsync(caller.TenantId, team.Id, answer.Monday, answer.Id, caller.UserId, name, time.GetUtcNow(), turn.CancellationToken);
        if (marked is null)
        {
            await turn.TellAsync(Gone);
            return;
        }

        Log.FollowedUp(logger, answer.FollowedUpAt is not null);
        await turn.ShowCardAsync(recovery.Card(setup, team, marked, recovery.Recipients(setup, team), null));
    }

    private async Task LogIncidentAsync(TurnContext turn)
    {
        if (await ReadAsync(turn) is not { } found)
        {
            return;
        }

        var (setup, team, answer, caller) = found;
        var standard = answer.Scores.Where(s => s.Value <= 2).OrderBy(s => s.Value).Select(s => s.Key).FirstOrDefault();
        var prefill = new IncidentPrefill(team.Id, answer.TouchpointId, standard, "Customer survey: " + (answer.Comment ?? ""), "survey-answer|" + caller.TenantId + "|" + answer.Id);
        if (await incidentForm.PrefilledAsync(caller, prefill, turn.CancellationToken) is not { } form)
        {
            await turn.TellAsync(NoTeamToLogFor);
            return;
        }

        Log.IncidentFormOpened(logger);
        await turn.ReplyWithCardAsync(form);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            turn.Respond(InvokeResponse.Card(recovery.Card(setup, team, answer, recovery.Recipients(setup, team), FormBelow)));
        }
    }

    /// <summary>The answer the card names, when the caller may see it; otherwise the caller is told why not and null.</summary>
    private async Task<Found?> ReadAsync(TurnContext turn)
    {
        var data = turn.CardData;
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller
            || CardInput.Text(data, "teamId", 300) is not { } teamId
            || CardInput.Date(data, "week") is not { } week
            || CardInput.Text(data, "answerId", 40) is not { } answerId
            || !answerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            await turn.TellAsync(Gone);
            return null;
        }

        var setup = await setups.GetAsync(caller.TenantId, turn.CancellationToken);
        if (setup.FindTeam(teamId) is not { } team)
        {
            await turn.TellAsync(Gone);
            return null;
        }

        if (!roles.CanManage(setup, team, caller))
        {
            Log.NotAllowed(logger);
            await turn.TellAsync(NotYours);
            return null;
        }

        if (await answers.FindAsync(caller.TenantId, team.Id, week, answerId, turn.CancellationToken) is not { } answer)
        {
            await turn.TellAsync(Gone);
            return null;
        }

        return new Found(setup, team, answer, caller);
    }

    private sealed record Found(TenantSetup Setup, TeamSetup Team, StoredAnswer Answer, Caller Caller);
}
