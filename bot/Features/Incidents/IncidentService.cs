using CxBot.Features.People;
using CxBot.Features.Setup;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Incidents;

/// <summary>The outcome of a submission: the incident (new or the one already stored), or the problems found and nothing stored.</summary>
internal sealed record LogOutcome(StoredIncident? Stored, bool Duplicate, LogErrors? Errors, TenantSetup Setup, IReadOnlyList<TeamSetup> Teams);

/// <summary>Logs incidents: validate on the server, claim the submission once, reserve a reference, write it all.</summary>
internal sealed class IncidentService(IncidentStore store, SetupService setup, IPeopleDirectory people, IOptions<IncidentOptions> options, TimeProvider time, ILogger<IncidentService> logger)
{
    /// <summary>The set-up teams the caller can log for (setup's members and the Teams rosters).</summary>
    public async Task<IReadOnlyList<TeamSetup>> TeamsOfAsync(TenantSetup current, Caller caller, CancellationToken cancellationToken)
    {
        var placement = await people.GetPlacementAsync(caller.TenantId, caller.UserId, cancellationToken);
        return IncidentForm.TeamsOf(current, caller.UserId, [.. placement.Teams.Select(t => t.TeamId)]);
    }

    public SetupService Setup => setup;

    public IncidentStore Store => store;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <param name="token">The submission's idempotency key: the card's token, or the activity id when the card had none.</param>
    public async Task<LogOutcome> LogAsync(Caller caller, LogInputs inputs, string token, CancellationToken cancellationToken)
    {
        var current = await setup.GetRecentAsync(caller.TenantId, cancellationToken);
        var teams = await TeamsOfAsync(current, caller, cancellationToken);
        var (draft, errors) = IncidentForm.Validate(inputs, current, teams, time.GetUtcNow());
        if (draft is null)
        {
            Log.Invalid(logger);
            return new LogOutcome(null, false, errors, current, teams);
        }

        // A duplicate is found by the claim below (409); it costs the number reserved for it, never a second incident.
        var now = time.GetUtcNow();
        var reference = await store.NextReferenceAsync(caller.TenantId, now.Year, cancellationToken);
        var incident = Create(reference, caller, draft, current, now);
        // Filed under the week it was logged (when the organisation learned of it): the scorecard counts it in that week.
        var pk = IncidentKeys.Week(caller.TenantId, incident.TeamId, incident.LoggedAt, IncidentForm.TimeZoneOf(current.FindTeam(incident.TeamId)));
        // From the claim on, the writes go through even if the request is cancelled (the phone went away, even while the
        // claim's answer was on its way), so the reporter's list never points at an incident that was never written.
        // Storage's own timeouts still bound them.
        if (await store.ClaimAsync(incident, pk, token, CancellationToken.None) is { } raced)
        {
            return await DuplicateAsync(raced, caller, draft, current, cancellationToken) with { Teams = teams };
        }

        var stored = await store.CreateAsync(incident, pk, new HistoryEntry(1, "logged", caller.UserId, now, IncidentStatus.New, null), CancellationToken.None);
        Log.Logged(logger, incident.Severity.ToString());
        return new LogOutcome(stored, false, null, current, teams);
    }

    /// <summary>The first delivery claimed the submission; make sure its incident is written (it may have stopped half-way) and return it.</summary>
    private async Task<LogOutcome> DuplicateAsync(Submission earlier, Caller caller, IncidentDraft draft, TenantSetup current, CancellationToken cancellationToken)
    {
        Log.Duplicate(logger);
        if (await store.GetAsync(earlier.PartitionKey, earlier.Reference, cancellationToken) is not { } stored)
        {
            var now = time.GetUtcNow();
            var incident = Create(earlier.Reference, caller, draft, current, now);
            stored = await store.CreateAsync(incident, earlier.PartitionKey, new HistoryEntry(1, "logged", caller.UserId, now, IncidentStatus.New, null), CancellationToken.None);
        }

        return new LogOutcome(stored, true, null, current, []);
    }

    private Incident Create(string reference, Caller caller, IncidentDraft draft, TenantSetup current, DateTimeOffset now)
    {
        var o = options.Value;
        var team = current.FindTeam(draft.TeamId)!;
        return new Incident(
            reference, caller.TenantId, team.Id, team.Name, caller.UserId, caller.Name, draft.What, draft.OccurredAt, draft.TouchpointId, draft.StandardId,
            draft.Severity, draft.RootCause, draft.Recovered, draft.Gesture, draft.Cost, current.Organisation?.Currency ?? o.DefaultCurrency,
            IncidentStatus.New, null, now, now + Within(o.AcknowledgeWithin, draft.Severity), now + Within(o.ResolveWithin, draft.Severity), null, 1, [], []);
    }

    private static TimeSpan Within(SeverityTimes times, Severity severity) => severity switch
    {
        Severity.Low => times.Low,
        Severity.Medium => times.Medium,
        Severity.High => times.High,
        _ => times.Critical,
    };
}
