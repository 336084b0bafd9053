using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;

namespace CxBot.Features.Incidents;

/// <summary>A line shown above an incident's card: what just happened, good news or not.</summary>
internal sealed record CardNotice(string Text, bool Good = true);

/// <summary>
/// Reaches people about an incident: its card to whoever triages it, a message to the reporter at each status change, and
/// every copy of its card redrawn in place (PUT) so nobody acts on a stale one.
/// </summary>
internal sealed class IncidentNotifier(
    IncidentStore store,
    IncidentTriage triage,
    IncidentPeople people,
    IncidentAttention attention,
    IProactiveSender sender,
    ISendJobs jobs,
    IPeopleDirectory directory,
    ConversationReferenceStore references,
    IConnectorClient connector,
    CardTemplates cards,
    SetupRoles roles,
    ILogger<IncidentNotifier> logger)
{
    private const int Attempts = 4;

    /// <summary>The viewer of a channel's copy: nobody in particular, so the read-only view.</summary>
    private const string ChannelViewer = "";

    /// <summary>The incident's card as <paramref name="viewerId"/> may see it: triage buttons (with the assign list) or a read-only view.</summary>
    /// <param name="notice">A line above the card (green when good, else orange), or null.</param>
    public async Task<JsonObject> CardAsync(Incident incident, TenantSetup setup, IReadOnlyList<HistoryEntry> history, string viewerId, CardNotice? notice, CancellationToken cancellationToken)
    {
        var names = await people.NamesAsync(incident, history, cancellationToken);
        return await CardAsync(incident, setup, history, names, viewerId, notice, cancellationToken);
    }

    private async Task<JsonObject> CardAsync(Incident incident, TenantSetup setup, IReadOnlyList<HistoryEntry> history, NameBook names, string viewerId, CardNotice? notice, CancellationToken cancellationToken)
    {
        var canTriage = triage.CanTriage(setup, incident, new Caller(incident.TenantId, viewerId, null));
        var assignable = canTriage && !incident.IsClosed ? await people.AssignableAsync(incident.TenantId, setup.FindTeam(incident.TeamId), cancellationToken) : [];
        return cards.Bind(IncidentNames.IncidentTemplate, IncidentViews.Incident(incident, setup, history, names, assignable, canTriage, notice?.Text, notice?.Good ?? true));
    }

    /// <summary>
    /// Sends the new incident to <paramref name="approvers"/>; when none of them can be reached, to the team's other managers,
    /// then the organisation's admins. Records every copy of its card (the reporter's included) and whoever received it as
    /// an approver, then tells the reporter the truth: who has it, or that nobody could be reached yet and why.
    /// </summary>
    public async Task DeliverAsync(StoredIncident stored, TenantSetup setup, IReadOnlyList<HistoryEntry> history, IReadOnlyList<string> approvers, CardCopy? reporterCopy, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        List<CardCopy> copies = reporterCopy is null ? [] : [reporterCopy];
        var tried = new List<(string Person, string Reason)>();
        List<string> reached = [];
        foreach (var group in RecipientGroups(setup, incident, approvers))
        {
            // Whoever gets the card may triage before it is recorded (it is drawn for them as approvers).
            var drawnFor = incident with { Approvers = [.. approvers.Union(group, StringComparer.OrdinalIgnoreCase)] };
            var names = await people.NamesAsync(drawnFor, history, cancellationToken);
            foreach (var person in group.Where(p => !tried.Any(t => string.Equals(t.Person, p, StringComparison.OrdinalIgnoreCase))))
            {
                if (incident.Cards.Any(c => string.Equals(c.UserId, person, StringComparison.OrdinalIgnoreCase)))
                {
                    // Delivered by an earlier attempt (this is one from storage after it was cut short): not again.
                    tried.Add((person, ""));
                    reached.Add(person);
                    continue;
                }

                var (copy, reason) = await SendToPersonAsync(drawnFor, setup, history, names, person, cancellationToken);
                tried.Add((person, reason ?? ""));
                if (copy is not null)
                {
                    copies.Add(copy);
                    reached.Add(person);
                }
            }

            if (reached.Count > 0)
            {
                break;
            }
        }

        if (incident.Severity >= Severity.High && !incident.Cards.Any(c => c.UserId == ChannelViewer) && await store.GetChannelAsync(incident.TenantId, incident.TeamId, cancellationToken) is { } channel)
        {
            // The channel gets the read-only view; the card's refresh gives managers their buttons there too.
            var target = ProactiveTarget.Conversation(incident.TenantId, channel);
            var card = await CardAsync(incident, setup, history, ChannelViewer, null, cancellationToken);
            var reporter = (await people.NamesAsync(incident, history, cancellationToken)).Of(incident.ReporterId);
            var posted = await sender.SendProactiveAsync(target, new Activity { Type = ActivityTypes.Message, Summary = Summary(incident, setup, reporter) }.WithCard(card), cancellationToken);
            if (posted is { Outcome: ProactiveOutcome.Sent, ActivityId: { } id } && (posted.Reference ?? await references.GetAsync(target, cancellationToken)) is { } reference)
            {
                copies.Add(new CardCopy(ChannelViewer, reference.ServiceUrl, reference.ConversationId, id));
            }
            else
            {
                Log.NotDelivered(logger, posted.Outcome.ToString());
            }
        }

        if (reached.Count == 0)
        {
            // Never silent: the reporter is told below, the log says so, and admins see it on the setup card until someone triages it.
            Log.ReachedNobody(logger, tried.Count);
            await attention.MarkAsync(incident, cancellationToken);
        }

        var written = await AddCopiesAsync(stored, setup, copies, [.. approvers.Union(reached, StringComparer.OrdinalIgnoreCase)], cancellationToken) ?? stored;
        await TellReporterAsync(written, setup, history, reached, tried, reporterCopy, cancellationToken);
    }

    /// <summary>Who to try, in order: the routed approvers; the team's other managers; the tenant's admins, stored and configured (the reporter never).</summary>
    private IEnumerable<IReadOnlyList<string>> RecipientGroups(TenantSetup setup, Incident incident, IReadOnlyList<string> approvers)
    {
        bool NotReporter(string id) => !string.Equals(id, incident.ReporterId, StringComparison.OrdinalIgnoreCase);
        yield return [.. approvers.Where(NotReporter)];
        yield return [.. (setup.FindTeam(incident.TeamId)?.Managers ?? []).Where(NotReporter)];
        yield return [.. roles.AdminsOf(setup).Where(NotReporter)];
    }

    /// <summary>Sends the card to one person; the copy when it was delivered, else why not (in words).</summary>
    private async Task<(CardCopy? Copy, string? Reason)> SendToPersonAsync(Incident incident, TenantSetup setup, IReadOnlyList<HistoryEntry> history, NameBook names, string person, CancellationToken cancellationToken)
    {
        var reach = await directory.GetReachAsync(incident.TenantId, person, cancellationToken);
        if (!reach.CanSend || reach.Target is not { } target)
        {
            Log.NotDelivered(logger, reach.Outcome.ToString());
            return (null, PeopleReasons.InWords(reach.Reason));
        }

        var card = await CardAsync(incident, setup, history, names, person, null, cancellationToken);
        var sent = await sender.SendProactiveAsync(reach, new Activity { Type = ActivityTypes.Message, Summary = Summary(incident, setup, names.Of(incident.ReporterId)) }.WithCard(card), cancellationToken);
        if (sent is { Outcome: ProactiveOutcome.Sent, ActivityId: { } id } && (sent.Reference ?? await references.GetAsync(target, cancellationToken)) is { } reference)
        {
            return (new CardCopy(person, reference.ServiceUrl, reference.ConversationId, id), null);
        }

        Log.NotDelivered(logger, sent.Outcome.ToString());
        return (null, sent.Outcome is ProactiveOutcome.Retired or ProactiveOutcome.Blocked ? PeopleReasons.InWords(PeopleReasons.RemovedOrBlocked) : "Teams did not accept the message");
    }

    /// <summary>
    /// The notification line of an incident's card (phones and the chat list show it instead of "Sent a card"): who logged
    /// what where, and what is wanted by when, in the team's time zone ("Rita Reporter logged a High incident at Front Desk:
    /// please acknowledge by 05:00").
    /// </summary>
    public static string Summary(Incident incident, TenantSetup setup, string reporter)
    {
        var zone = IncidentForm.TimeZoneOf(setup.FindTeam(incident.TeamId));
        var (ask, due) = incident.Status == IncidentStatus.New ? ("acknowledge", incident.AcknowledgeBy) : ("resolve", incident.ResolveBy);
        var local = TimeZoneInfo.ConvertTime(due, zone);
        var when = local.Date == TimeZoneInfo.ConvertTime(incident.LoggedAt, zone).Date
            ? local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)
            : local.ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return $"{CardText.Clip(reporter, 80)} logged a {IncidentLabels.Name(incident.Severity)} incident at {CardText.Clip(incident.TeamName, 60)}: please {ask} by {when}";
    }

    /// <summary>Updates the reporter's confirmation (or sends them a message) with who has the incident, or that nobody could be reached.</summary>
    private async Task TellReporterAsync(StoredIncident stored, TenantSetup setup, IReadOnlyList<HistoryEntry> history, IReadOnlyList<string> reached, IReadOnlyList<(string Person, string Reason)> tried, CardCopy? reporterCopy, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        var names = await people.NamesAsync(incident, history, cancellationToken);
        var good = reached.Count > 0;
        var notice = good
            ? $"Logged as {incident.Reference}. {Join(reached.Select(names.Of))} {(reached.Count == 1 ? "has" : "have")} it, and I'll tell you each time its status changes."
            : $"Logged as {incident.Reference}, but nobody could be reached yet"
                + (tried.Count == 0 ? ": your team has no manager and your organisation no admin in CxBot." : $" ({string.Join("; ", tried.Take(3).Select(t => $"{names.Of(t.Person)}: {t.Reason}"))}).")
                + " Please tell your manager directly; the incident is saved.";
        if (reporterCopy is not null)
        {
            var card = await CardAsync(incident, setup, history, names, incident.ReporterId, new CardNotice(notice, good), cancellationToken);
            var update = new Activity { Type = ActivityTypes.Message, Id = reporterCopy.ActivityId }.WithCard(card);
            var result = await connector.UpdateActivityAsync(reporterCopy.ServiceUrl, reporterCopy.ConversationId, reporterCopy.ActivityId, update, cancellationToken);
            if (result.IsOk)
            {
                return;
            }

            Log.CopyNotUpdated(logger, result.Outcome.ToString());
        }

        var told = await sender.SendProactiveAsync(ProactiveTarget.User(incident.TenantId, incident.ReporterId), new Activity { Type = ActivityTypes.Message, Text = notice, Summary = notice }, cancellationToken);
        if (told.Outcome != ProactiveOutcome.Sent)
        {
            Log.NotDelivered(logger, told.Outcome.ToString());
        }
    }

    /// <summary>"A", "A and B", "A, B and C".</summary>
    private static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    /// <summary>Tells the reporter when the status changed, then redraws every copy but the one just pressed (its invoke answer redraws it).</summary>
    /// <summary>
    /// Promises the reporter a message about the new status: a job on the durable send engine (idempotent by reference and
    /// revision, so a redelivered action promises nothing twice), stored before the manager is answered "the reporter has been
    /// told", and sent by whichever instance holds the tenant's send lease, through the people directory's reach.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed; nothing was promised.</exception>
    public Task TellReporterOfStatusAsync(Incident incident, CancellationToken cancellationToken)
    {
        var text = $"Your incident {incident.Reference} is now {IncidentLabels.Name(incident.Status).ToLowerInvariant()}"
            + (incident.Outcome is { } outcome && incident.IsClosed ? ": " + CardText.Clip(outcome, 300) : ".");
        var request = new SendJobRequest(
            incident.TenantId,
            $"incident-{incident.Reference}-r{incident.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            "Incident status",
            new Activity { Type = ActivityTypes.Message, Text = text, Summary = text },
            [ProactiveTarget.User(incident.TenantId, incident.ReporterId)]);
        return jobs.CreateAsync(request, cancellationToken);
    }

    /// <summary>Redraws every copy of the card but the one just pressed (its invoke answer redraws it).</summary>
    public Task AfterChangeAsync(StoredIncident stored, TenantSetup setup, string? pressedActivityId, CancellationToken cancellationToken) =>
        RedrawAsync(stored, setup, stored.Incident.Cards.Where(c => c.ActivityId != pressedActivityId), cancellationToken);

    /// <summary>Updates <paramref name="copies"/> of the incident's card in place to show it as it is now.</summary>
    private async Task RedrawAsync(StoredIncident stored, TenantSetup setup, IEnumerable<CardCopy> copies, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        var history = await store.RecentHistoryAsync(stored, cancellationToken);
        var names = await people.NamesAsync(incident, history, cancellationToken);
        foreach (var copy in copies)
        {
            var update = new Activity { Type = ActivityTypes.Message, Id = copy.ActivityId }.WithCard(await CardAsync(incident, setup, history, names, copy.UserId, null, cancellationToken));
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
    /// <returns>The incident as written, or null when it could not be (gone, or conflicts past the attempts).</returns>
    public async Task<StoredIncident?> AddCopiesAsync(StoredIncident known, TenantSetup setup, IReadOnlyList<CardCopy> copies, IReadOnlyList<string> approvers, CancellationToken cancellationToken)
    {
        var reference = known.Incident.Reference;
        for (var attempt = 1; copies.Count + approvers.Count > 0 && attempt <= Attempts; attempt++)
        {
            var current = attempt == 1 && known.ETag != default ? known : await store.GetAsync(known.PartitionKey, reference, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var added = copies.Where(c => !current.Incident.Cards.Any(k => k.ActivityId == c.ActivityId)).ToList();
            try
            {
                var written = await store.ReplaceAsync(current, current.Incident with { Cards = [.. current.Incident.Cards, .. added], Approvers = [.. current.Incident.Approvers.Union(approvers, StringComparer.OrdinalIgnoreCase)] }, cancellationToken);
                if (current.Incident.Revision != known.Incident.Revision && added.Count > 0)
                {
                    await RedrawAsync(written, setup, added, cancellationToken);
                }

                return written;
            }
            catch (IncidentConflictException) when (attempt < Attempts)
            {
            }
        }

        return copies.Count + approvers.Count > 0 ? null : known;
    }
}
