namespace CxBot.Features.Incidents;

/// <summary>Severity, judged by the impact on the customer.</summary>
internal enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>Why delivery fell short.</summary>
internal enum RootCause
{
    ProcessMissing,
    Training,
    Behaviour,
    Tools,
    BrokenPromise,
    ThirdParty,
    Other,
}

/// <summary>new → acknowledged → in progress → resolved, or declined.</summary>
internal enum IncidentStatus
{
    New,
    Acknowledged,
    InProgress,
    Resolved,
    Declined,
}

/// <summary>A copy of an incident card in a conversation, updated in place (PUT) when the incident changes.</summary>
internal sealed record CardCopy(string UserId, string ServiceUrl, string ConversationId, string ActivityId);

/// <summary>What a reporter submitted, after the server checked every field.</summary>
internal sealed record IncidentDraft(
    string TeamId,
    string What,
    DateTimeOffset OccurredAt,
    string? TouchpointId,
    string? StandardId,
    Severity Severity,
    RootCause RootCause,
    bool Recovered,
    string? Gesture,
    decimal? Cost);

/// <summary>
/// One service failure. <see cref="Revision"/> counts history entries: a card action carries the revision it was drawn at, so a
/// double click or a stale card changes nothing. <see cref="Approvers"/> are the people it was routed to: they may triage it.
/// <see cref="Recent"/> is the store's copy of the last history entries (text clipped), kept so the card is drawn without
/// reading the history rows; null in rows written before it existed (see <see cref="IncidentStore.RecentHistoryAsync"/>).
/// </summary>
internal sealed record Incident(
    string Reference,
    string TenantId,
    string TeamId,
    string TeamName,
    string ReporterId,
    string? ReporterName,
    string What,
    DateTimeOffset OccurredAt,
    string? TouchpointId,
    string? StandardId,
    Severity Severity,
    RootCause RootCause,
    bool Recovered,
    string? Gesture,
    decimal? Cost,
    string Currency,
    IncidentStatus Status,
    string? OwnerId,
    DateTimeOffset LoggedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ResolveBy,
    string? Outcome,
    int Revision,
    IReadOnlyList<CardCopy> Cards,
    IReadOnlyList<string> Approvers,
    IReadOnlyList<HistoryEntry>? Recent = null)
{
    public bool IsClosed => Status is IncidentStatus.Resolved or IncidentStatus.Declined;
}

/// <summary>One entry of an incident's history: who did what, when, and the status after it.</summary>
internal sealed record HistoryEntry(int Revision, string Action, string UserId, DateTimeOffset At, IncidentStatus Status, string? Text);
