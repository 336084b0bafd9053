using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;

namespace CxBot.Features.Incidents;

/// <summary>
/// Reaches people about an incident: its card to whoever triages it, a message to the reporter at each status change, and
/// every copy of its card redrawn in place (PUT) so nobody acts on a stale one.
/// </summary>
internal sealed class IncidentNotifier(
    IncidentStore store,
    IncidentTriage triage,
    IProactiveSender sender,
    IPeopleDirectory people,
    ConversationReferenceStore references,
    IConnectorClient connector,
    CardTemplates cards,
    ILogger<IncidentNotifier> logger)
{
    private const int Attempts = 4;

    /// <summary>The viewer of a channel's copy: nobody in particular, so the read-only view.</summary>
    private const string ChannelViewer = "";

    /// <summary>The incident's card as <paramref name="viewerId"/> may see it: triage buttons or a read-only view.</summary>
    public JsonObject Card(Incident incident, TenantSetup setup, IReadOnlyList<HistoryEntry> history, string viewerId, string? notice = null, bool good = true) =>
        cards.Bind(IncidentNames.IncidentTemplate, IncidentViews.Incident(incident, setup, history, triage.CanTriage(setup, incident, new Caller(incident.TenantId, viewerId, null)), notice, good));

    /// <summary>Sends the new incident to <paramref name="approvers"/> and records every copy of its card, the reporter's included.</summary>
    public async Task DeliverAsync(StoredIncident stored, TenantSetup setup, IReadOnlyList<HistoryEntry> history, IReadOnlyList<string> approvers, CardCopy? reporterCopy, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        List<CardCopy> copies = reporterCopy is null ? [] : [reporterCopy];
        // Approvers may triage before the card reaches them (the card is drawn for them as approvers).
        incident = incident with { Approvers = approvers };
        foreach (var approver in approvers)
        {
            var reach = await people.GetReachAsync(incident.TenantId, approver, cancellationToken);
            if (!reach.CanSend || reach.Target is not { } target)
            {
                Log.NotDelivered(logger, reach.Outcome.ToString());
                continue;
            }

            var sent = await sender.SendProactiveAsync(reach, new Activity { Type = ActivityTypes.Message }.WithCard(Card(incident, setup, history, approver)), cancellationToken);
            if (sent is { Outcome: ProactiveOutcome.Sent, ActivityId: { } id } && (sent.Reference ?? await references.GetAsync(target, cancellationToken)) is { } reference)
            {
                copies.Add(new CardCopy(approver, reference.ServiceUrl, reference.ConversationId, id));
            }
            else
            {
                Log.NotDelivered(logger, sent.Outcome.ToString());
            }
        }

        if (incident.Severity >= Severity.High && await store.GetChannelAsync(incident.TenantId, incident.TeamId, cancellationToken) is { } channel)
        {
            // The channel gets the read-only view; the card's refresh gives managers their buttons there too.
            var target = ProactiveTarget.Conversation(incident.TenantId, channel);
            var posted = await sender.SendProactiveAsync(target, new Activity { Type = ActivityTypes.Message }.WithCard(Card(incident, setup, history, ChannelViewer)), cancellationToken);
            if (posted is { Outcome: ProactiveOutcome.Sent, ActivityId: { } id } && (posted.Reference ?? await references.GetAsync(target, cancellationToken)) is { } reference)
            {
                copies.Add(new CardCopy(ChannelViewer, reference.ServiceUrl, reference.ConversationId, id));
            }
            else
            {
                Log.NotDelivered(logger, posted.Outcome.ToString());
            }
        }

        await AddCopiesAsync(stored, setup, copies, approvers, cancellationToken);
    }

    /// <summary>Tells the reporter when the status changed, then redraws every copy but the one just pressed (its invoke answer redraws it).</summary>
    public async Task AfterChangeAsync(StoredIncident stored, TenantSetup setup, bool statusChanged, string? pressedActivityId, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        if (statusChanged)
        {
            var text = $"Your incident {incident.Reference} is now {IncidentLabels.Name(incident.Status).ToLowerInvariant()}"
                + (incident.Outcome is { } outcome && incident.IsClosed ? ": " + CardText.Clip(outcome, 300) : ".");
            var told = await sender.SendProactiveAsync(ProactiveTarget.User(incident.TenantId, incident.ReporterId), new Activity { Type = ActivityTypes.Message, Text = text }, cancellationToken);
            if (told.Outcome != ProactiveOutcome.Sent)
            {
                Log.NotDelivered(logger, told.Outcome.ToString());
            }
        }

        await RedrawAsync(stored, setup, incident.Cards.Where(c => c.ActivityId != pressedActivityId), cancellationToken);
    }

    /// <summary>Updates <paramref name="copies"/> of the incident's card in place to show it as it is now.</summary>
    private async Task RedrawAsync(StoredIncident stored, TenantSetup setup, IEnumerable<CardCopy> copies, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        var history = await store.RecentHistoryAsync(stored, cancellationToken);
        foreach (var copy in copies)
        {
            var update = new Activity { Type = ActivityTypes.Message, Id = copy.ActivityId }.WithCard(Card(incident, setup, history, copy.UserId));
            var result = await connector.UpdateActivityAsync(copy.ServiceUrl, copy.ConversationId, copy.ActivityId, update, cancellationToken);
            if (!result.IsOk)
            {
                Log.CopyNotUpdated(logger, result.Outcome.ToString());
            }
        }
    }

    /// <summary>
    /// Adds card copies and approvers to the incident (read-modify-write with its ETag, retried when a triage action got there
    /// first). The first attempt writes over <paramref name="known"/> when it carries an ETag (as just written), without reading.
    /// The copies were drawn from <paramref name="known"/>: if a triage action changed the incident before they were recorded
    /// (so its redraw could not reach them), they are redrawn here.
    /// </summary>
    public async Task AddCopiesAsync(StoredIncident known, TenantSetup setup, IReadOnlyList<CardCopy> copies, IReadOnlyList<string> approvers, CancellationToken cancellationToken)
    {
        var reference = known.Incident.Reference;
        for (var attempt = 1; copies.Count + approvers.Count > 0 && attempt <= Attempts; attempt++)
        {
            var current = attempt == 1 && known.ETag != default ? known : await store.GetAsync(known.PartitionKey, reference, cancellationToken);
            if (current is null)
            {
                return;
            }

            var added = copies.Where(c => !current.Incident.Cards.Any(k => k.ActivityId == c.ActivityId)).ToList();
            try
            {
                var written = await store.ReplaceAsync(current, current.Incident with { Cards = [.. current.Incident.Cards, .. added], Approvers = [.. current.Incident.Approvers.Union(approvers, StringComparer.OrdinalIgnoreCase)] }, cancellationToken);
                if (current.Incident.Revision != known.Incident.Revision && added.Count > 0)
                {
                    await RedrawAsync(written, setup, added, cancellationToken);
                }

                return;
            }
            catch (IncidentConflictException) when (attempt < Attempts)
            {
            }
        }
    }
}
