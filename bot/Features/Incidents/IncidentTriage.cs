using CxBot.Features.Setup;
using CxBot.Protocol;

namespace CxBot.Features.Incidents;

/// <summary>What a manager can do to an incident from its card.</summary>
internal enum TriageAction
{
    Acknowledge,
    Assign,
    Note,
    Recovered,
    Resolve,
    Decline,
}

/// <summary>A triage request as the card sent it; <see cref="Revision"/> is the revision the card was drawn at.</summary>
internal sealed record TriageRequest(string Reference, int Revision, TriageAction Action, string? Text, string? AssigneeId);

/// <summary>The result: the incident after the change (or as it stands, when refused), and what to tell whom.</summary>
internal sealed record TriageOutcome(StoredIncident? Stored, string? Refusal, bool StatusChanged, TenantSetup Setup);

/// <summary>Triage: role check on the server, a card drawn at an older revision changes nothing, then one atomic write.</summary>
internal sealed class IncidentTriage(IncidentService incidents, IncidentPeople people, IncidentAttention attention, ILogger<IncidentTriage> logger)
{
    public const int MaxText = 500;
    private const int ConflictAttempts = 4;
    public const string NotFound = "I can't find that incident.";
    public const string NotAllowed = "Only the incident's owner, a manager of its team or an admin can do that.";
    public const string Stale = "This card was out of date, so nothing changed. Here is the incident as it stands now.";
    public const string NotInTeam = "Pick a member of the incident's team from the list.";

    public bool CanTriage(TenantSetup setup, Incident incident, Caller caller) =>
        string.Equals(incident.OwnerId, caller.UserId, StringComparison.OrdinalIgnoreCase)
        || incident.Approvers.Contains(caller.UserId, StringComparer.OrdinalIgnoreCase)
        || (setup.FindTeam(incident.TeamId) is { } team ? incidents.Setup.Roles.CanManage(setup, team, caller) : incidents.Setup.Roles.IsAdmin(setup, caller));

    public bool CanView(TenantSetup setup, Incident incident, Caller caller) =>
        string.Equals(incident.ReporterId, caller.UserId, StringComparison.OrdinalIgnoreCase) || CanTriage(setup, incident, caller);

    public async Task<TriageOutcome> ApplyAsync(Caller caller, TriageRequest request, CancellationToken cancellationToken)
    {
        var setup = await incidents.Setup.GetAsync(caller.TenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await incidents.Store.FindAsync(caller.TenantId, request.Reference, cancellationToken);
            if (stored is null || !CanView(setup, stored.Incident, caller))
            {
                return new TriageOutcome(null, NotFound, false, setup);
            }

            if (!CanTriage(setup, stored.Incident, caller))
            {
                Log.Refused(logger, request.Action.ToString());
                return new TriageOutcome(stored, NotAllowed, false, setup);
            }

            if (stored.Incident.Revision != request.Revision)
            {
                return new TriageOutcome(stored, Stale, false, setup);
            }

            if (request.Action == TriageAction.Assign
                && (request.AssigneeId is not { } assignee || setup.FindTeam(stored.Incident.TeamId) is not { } team || !await people.CanBeAssignedAsync(caller.TenantId, team, assignee, cancellationToken)))
            {
                return new TriageOutcome(stored, NotInTeam, false, setup);
            }

            var (after, refusal) = Change(stored.Incident, request, caller.UserId);
            if (after is null)
            {
                return new TriageOutcome(stored, refusal, false, setup);
            }

            after = after with { Revision = stored.Incident.Revision + 1 };
            var entry = new HistoryEntry(after.Revision, ActionName(request.Action), caller.UserId, incidents.Now, after.Status, request.Action == TriageAction.Assign ? request.AssigneeId : request.Text);
            try
            {
                var saved = await incidents.Store.SaveAsync(stored, after, entry, cancellationToken);
                Log.Triaged(logger, request.Action.ToString(), after.Status.ToString());
                if (stored.Incident.Revision == 1)
                {
                    // Its first triage: someone has it, so admins no longer need to hear that it reached nobody.
                    await attention.ClearAsync(caller.TenantId, stored.Incident.Reference, cancellationToken);
                }

                return new TriageOutcome(saved, null, after.Status != stored.Incident.Status, setup);
            }
            catch (IncidentConflictException) when (attempt < ConflictAttempts)
            {
                // Read again: bookkeeping (a card copy recorded) only moved the ETag; another triage moved the revision, and the check above says so.
            }
        }
    }

    public static string ActionName(TriageAction action) => action.ToString().ToLowerInvariant();

    /// <summary>The change itself; an assignee was checked against the team before.</summary>
    private static (Incident? After, string? Refusal) Change(Incident i, TriageRequest r, string callerId)
    {
        var text = r.Text;
        if (text is { Length: > MaxText })
        {
            return (null, $"Keep it under {MaxText} characters.");
        }

        if (i.IsClosed && r.Action != TriageAction.Note)
        {
            return (null, $"The incident is already {IncidentLabels.Name(i.Status).ToLowerInvariant()}.");
        }

        return r.Action switch
        {
            TriageAction.Acknowledge => i.Status == IncidentStatus.New
                ? (i with { Status = IncidentStatus.Acknowledged, OwnerId = i.OwnerId ?? callerId }, null)
                : (null, "The incident is already acknowledged."),
            TriageAction.Assign => (i with { OwnerId = AadObjectIds.Normalise(r.AssigneeId!), Status = IncidentStatus.InProgress }, null),
            TriageAction.Note => text is null ? (null, "Write the note first.") : (i, null),
            TriageAction.Recovered => i.Recovered ? (null, "The customer is already marked as recovered.")
                : text is null ? (null, "Say how the customer was recovered.") : (i with { Recovered = true, Gesture = text }, null),
            TriageAction.Resolve => text is null ? (null, "Say what was done to resolve it.") : (i with { Status = IncidentStatus.Resolved, Outcome = text }, null),
            TriageAction.Decline => text is null ? (null, "Give the reason for declining it.") : (i with { Status = IncidentStatus.Declined, Outcome = text }, null),
            _ => (null, "Unknown action."),
        };
    }
}
