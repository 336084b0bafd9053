namespace CxBot.Features.Incidents;

/// <summary>One choice of a card's choice set.</summary>
internal sealed record Choice(string Title, string Value);

/// <summary>The data of <c>cards/incidents/log.json</c>: the choices, what was typed, and the problems found.</summary>
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
    string Cost,
    string Currency,
    string? Notice,
    LogErrors? Errors);

/// <summary>One line of an incident's history on its card.</summary>
internal sealed record HistoryLine(string Line);

/// <summary>The data of <c>cards/incidents/incident.json</c>: one incident as one person may see it.</summary>
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
    string? Cost,
    string? SentTo,
    string Owner,
    string Due,
    string? Outcome,
    IReadOnlyList<HistoryLine> History,
    bool CanTriage,
    IReadOnlyList<Choice> Members,
    string? Notice,
    string? NoticeColor);

/// <summary>One row of an incident list.</summary>
internal sealed record ListItem(string Reference, string StatusName, string SeverityName, string TeamName, string What);

/// <summary>The data of <c>cards/incidents/list.json</c>; <see cref="CanExport"/> shows the managers' CSV export with its default dates.</summary>
internal sealed record ListCardData(string Title, string EmptyText, IReadOnlyList<ListItem> Items, bool More, int Shown, bool CanExport = false, string ExportFrom = "", string ExportTo = "");
