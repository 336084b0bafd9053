namespace CxBot.Features.Incidents;

/// <summary>
/// What incidents recorded, for the scorecards: a team's incidents around some weeks, each with its history so it can be seen
/// as it stood at any instant, and which weeks changed since an instant. Weeks run Monday to Sunday in the team's time zone;
/// a <c>monday</c> is that week's local Monday. Implemented by <see cref="IncidentWeeks"/> over the <c>Incidents</c> table;
/// registered with <see cref="IncidentsFeature.AddIncidentWeeks"/>.
/// </summary>
internal interface IIncidentWeeks
{
    /// <summary>
    /// The team's incidents that may have been logged in the weeks <paramref name="firstMonday"/> to <paramref name="lastMonday"/>:
    /// those filed under these weeks and the week either side (an incident is filed by the week it was logged; before
    /// 2026-12-07, by the week it happened), in one range query. The caller keeps those logged in its own week bounds
    /// (<see cref="IncidentTimeline.LoggedAt"/>); an incident may appear twice if it was filed twice, with the same reference.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<IncidentTimeline>> AroundWeeksAsync(string tenantId, string teamId, DateOnly firstMonday, DateOnly lastMonday, CancellationToken cancellationToken);

    /// <summary>
    /// The Mondays among the team's weeks <paramref name="firstMonday"/> to <paramref name="lastMonday"/> whose incidents changed
    /// after <paramref name="since"/> (every change writes a history entry).
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlySet<DateOnly>> WeeksChangedSinceAsync(string tenantId, string teamId, DateOnly firstMonday, DateOnly lastMonday, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>
/// One incident with its history, to see it as it stood at any instant (<see cref="At"/>): a recomputation at a rollup's instant
/// gives that rollup's figures whatever happened since.
/// </summary>
internal sealed class IncidentTimeline(IncidentWithHistory item)
{
    private static readonly string RecoveredAction = IncidentTriage.ActionName(TriageAction.Recovered);

    public string Reference => item.Incident.Reference;

    /// <summary>When CxBot logged it (never changes).</summary>
    public DateTimeOffset LoggedAt => item.Incident.LoggedAt;

    /// <summary>
    /// The incident as it stood at <paramref name="asOf"/>: its status and recovery then (from the history entries up to then),
    /// its first triage action and its resolution, if by then.
    /// </summary>
    public IncidentAsOf At(DateTimeOffset asOf)
    {
        var (incident, history) = item;
        var known = history.Where(h => h.At <= asOf).OrderBy(h => h.Revision).ToList();
        var status = known.Count > 0 ? known[^1].Status : IncidentStatus.New;
        // Recovered when logged so (no "recovered" entry at all), or by a "recovered" triage action by then.
        var recoveredLater = history.Any(h => h.Action == RecoveredAction);
        var recovered = incident.Recovered && (!recoveredLater || known.Any(h => h.Action == RecoveredAction));
        var firstTriage = known.FirstOrDefault(h => h.Revision > 1)?.At;
        var resolvedAt = status == IncidentStatus.Resolved ? known.LastOrDefault(h => h.Status == IncidentStatus.Resolved)?.At : null;
        return new IncidentAsOf(
            incident.Reference,
            incident.OccurredAt,
            incident.LoggedAt,
            incident.Severity.ToString(),
            incident.RootCause.ToString(),
            incident.TouchpointId,
            incident.StandardId,
            incident.Cost,
            status == IncidentStatus.Resolved,
            status == IncidentStatus.Declined,
            recovered,
            incident.AcknowledgeBy,
            incident.ResolveBy,
            firstTriage,
            resolvedAt);
    }
}

/// <summary>
/// An incident as it stood at an instant. <see cref="Severity"/>: <c>Low</c>, <c>Medium</c>, <c>High</c> or <c>Critical</c>;
/// <see cref="RootCause"/>: its name (<c>ProcessMissing</c>, <c>Training</c>, …). <see cref="Resolved"/> and <see cref="Declined"/>:
/// its status then (neither: still open). <see cref="Cost"/>: what it cost, when the reporter said. <see cref="AcknowledgeBy"/>
/// and <see cref="ResolveBy"/>: its due times. <see cref="FirstTriageAt"/>: its first triage action by then;
/// <see cref="ResolvedAt"/>: when it was resolved, if it was by then.
/// </summary>
internal sealed record IncidentAsOf(
    string Reference,
    DateTimeOffset OccurredAt,
    DateTimeOffset LoggedAt,
    string Severity,
    string RootCause,
    string? TouchpointId,
    string? StandardId,
    decimal? Cost,
    bool Resolved,
    bool Declined,
    bool Recovered,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ResolveBy,
    DateTimeOffset? FirstTriageAt,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>Resolved or declined.</summary>
    public bool IsClosed => Resolved || Declined;
}

/// <summary>
/// The words people see for the keys of <see cref="IncidentAsOf.Severity"/> and <see cref="IncidentAsOf.RootCause"/>, as the
/// scorecards keep them in their figures; a key that is not known is shown as it is.
/// </summary>
internal static class IncidentWords
{
    /// <summary>Every severity key, most severe first.</summary>
    public static IReadOnlyList<string> SeveritiesMostSevereFirst { get; } = [.. Enum.GetValues<Severity>().Reverse().Select(s => s.ToString())];

    /// <summary>"Critical", "High", …</summary>
    public static string SeverityName(string key) => Enum.TryParse<Severity>(key, out var v) ? IncidentLabels.Name(v) : key;

    /// <summary>"Process or standard missing", "Training", …</summary>
    public static string RootCauseTitle(string key) => Enum.TryParse<RootCause>(key, out var v) ? IncidentLabels.Title(v) : key;
}
