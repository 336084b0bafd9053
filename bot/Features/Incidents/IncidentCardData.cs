namespace CxBot.Features.Incidents;

/// <summary>One choice of a card's choice set.</summary>
internal sealed record Choice(string Title, string Value);

/// <summary>
/// The data of <c>cards/incidents/log.json</c>: the choices, what was typed, and every problem found at once. <see cref="Cost"/>
/// is a number (so the number input shows it again), or null for "not known", which leaves the input empty.
/// </summary>
internal sealed record LogCardData(
    string Token,
    string TeamId,
    IReadOnlyList<Choice> Teams,
    string What,
    string Date,
    string Time,
    string Severity,
    IReadOnlyList<Choice> Severities,
    string TouchpointId,
    IReadOnlyList<Choice> Touchpoints,
    string StandardId,
    IReadOnlyList<Choice> Standards,
    string RootCause,
    IReadOnlyList<Choice> RootCauses,
    string Recovered,
    string Gesture,
    decimal? Cost,
    string Currency,
    string? Notice,
    LogErrors? Errors);

/// <summary>One line of an incident's history on its card.</summary>
internal sealed record HistoryLine(string Line);

/// <summary>
/// The data of <c>cards/incidents/incident.json</c>: one incident as one person may see it. <see cref="Cost"/> is the money or
/// "not known". The triage buttons follow the status: <see cref="AcknowledgeNext"/> (new) makes <em>Acknowledge</em> the first,
/// primary button; <see cref="ResolveNext"/> (acknowledged or in progress) makes it <em>Resolve</em>; a closed incident has none.
/// </summary>
internal sealed record IncidentCardData(
    string Reference,
    int Rev,
    IReadOnlyList<string> RefreshUserIds,
    string StatusName,
    string SeverityName,
    string TeamName,
    string Reporter,
    string What,
    string Occurred,
    string? Touchpoint,
    string? Standard,
    string RootCause,
    string Recovery,
    string Cost,
    string? SentTo,
    string Owner,
    string Due,
    string? Outcome,
    IReadOnlyList<HistoryLine> History,
    bool CanTriage,
    bool AcknowledgeNext,
    bool ResolveNext,
    bool CanRecover,
    IReadOnlyList<Choice> Members,
    string? Notice,
    string? NoticeColor);

/// <summary>One row of an incident list: <see cref="Cost"/> is the money or "not known"; <see cref="Outcome"/> a closed one's resolution or reason.</summary>
internal sealed record ListItem(string Reference, string StatusName, string SeverityName, string TeamName, string What, string Cost, string? Outcome);

/// <summary>
/// The data of <c>cards/incidents/list.json</c>. <see cref="List"/> names the list (<c>mine</c> or <c>team</c>); its switch button
/// (<see cref="SwitchTitle"/>) shows the same list's closed incidents when <see cref="SwitchClosed"/> is "true", its open ones
/// when "false". <see cref="CanExport"/> shows the managers' CSV export with its default dates.
/// </summary>
internal sealed record ListCardData(
    string Title,
    string EmptyText,
    IReadOnlyList<ListItem> Items,
    bool More,
    int Shown,
    string List,
    string SwitchTitle,
    string SwitchClosed,
    bool CanExport = false,
    string ExportFrom = "",
    string ExportTo = "");
