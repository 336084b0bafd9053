using System.Globalization;
using CxBot.Cards;
using CxBot.Features.Setup;

namespace CxBot.Features.Incidents;

/// <summary>Builds card data from incidents and setup; user text is clipped, never evaluated.</summary>
internal static class IncidentViews
{
    public const int MaxRefreshUsers = 60;
    public const int MaxHistoryLines = 8;

    public static LogCardData LogForm(TenantSetup setup, string reporterId, LogInputs? typed, LogErrors? errors, DateTimeOffset now, string token, string currency)
    {
        var teams = IncidentForm.TeamsOf(setup, reporterId);
        var team = teams.FirstOrDefault(t => t.Id == typed?.TeamId) ?? teams.FirstOrDefault();
        var local = TimeZoneInfo.ConvertTime(now, IncidentForm.TimeZoneOf(team));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new LogCardData(
            token,
            team?.Id ?? "",
            [.. teams.Select(t => new Choice(t.Name, t.Id))],
            typed?.What ?? "",
            typed?.Date ?? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            typed?.Time ?? local.ToString("HH:mm", CultureInfo.InvariantCulture),
            typed?.Severity ?? "",
            [.. IncidentLabels.Severities.Select(s => new Choice(s.Title, s.Key))],
            typed?.TouchpointId ?? "",
            [.. setup.Journey.OrderBy(t => t.Order).Select(t => new Choice(t.Name, t.Id))],
            typed?.StandardId ?? "",
            [.. IncidentForm.StandardsFor(setup, team, today).Select(s => new Choice(s.Name, s.Id))],
            typed?.RootCause ?? "",
            [.. IncidentLabels.RootCauses.Select(c => new Choice(c.Title, c.Key))],
            typed?.Recovered == true ? "true" : "false",
            typed?.Gesture ?? "",
            typed?.Cost ?? "",
            currency,
            errors is { Any: true } ? "Nothing was logged yet: please check the marked fields." : null,
            errors is { Any: true } ? errors : null);
    }

    public static IncidentCardData Incident(Incident i, TenantSetup setup, IReadOnlyList<HistoryEntry> history, bool canTriage, string? notice, bool good)
    {
        var team = setup.FindTeam(i.TeamId);
        var zone = IncidentForm.TimeZoneOf(team);
        var tp = i.TouchpointId is null ? null : setup.Journey.FirstOrDefault(t => t.Id == i.TouchpointId)?.Name;
        var st = i.StandardId is null ? null : setup.FindStandard(i.StandardId)?.Name;
        var due = i.IsClosed ? "Closed" : i.Status == IncidentStatus.New ? $"Acknowledge by {When(i.AcknowledgeBy, zone)}" : $"Resolve by {When(i.ResolveBy, zone)}";
        return new IncidentCardData(
            i.Reference,
            i.Revision,
            RefreshUsers(setup, i),
            IncidentLabels.Name(i.Status),
            IncidentLabels.Name(i.Severity),
            CardText.Clip(i.TeamName, 80)!,
            CardText.Clip(NameOf(setup, i.ReporterId, i.ReporterName), 80)!,
            CardText.Clip(i.What, 600)!,
            When(i.OccurredAt, zone),
            tp,
            st,
            IncidentLabels.Title(i.RootCause),
            i.Recovered ? "Recovered: " + CardText.Clip(i.Gesture, 200) : "Not yet recovered",
            i.Cost is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c:0.00} {i.Currency}") : null,
            i.OwnerId is null ? "Nobody yet" : CardText.Clip(NameOf(setup, i.OwnerId, null), 80)!,
            due,
            CardText.Clip(i.Outcome, 300),
            [.. history.TakeLast(MaxHistoryLines).Select(h => new HistoryLine(Line(h, setup, zone)))],
            canTriage && !i.IsClosed,
            canTriage && team is not null ? [.. team.Members.Select(m => new Choice(m.Name ?? m.UserId, m.UserId))] : [],
            notice,
            notice is null ? null : good ? "Good" : "Attention");
    }

    public static ListItem Item(Incident i) => new(i.Reference, IncidentLabels.Name(i.Status), IncidentLabels.Name(i.Severity), CardText.Clip(i.TeamName, 60)!, CardText.Clip(i.What, 120)!);

    /// <summary>Who gets their own view on refresh: the team's managers, whoever it was routed to, the owner and the reporter (Teams takes at most 60).</summary>
    public static IReadOnlyList<string> RefreshUsers(TenantSetup setup, Incident i) =>
        [.. (setup.FindTeam(i.TeamId)?.Managers ?? []).Concat(i.Approvers).Append(i.OwnerId).Append(i.ReporterId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxRefreshUsers)];

    public static string NameOf(TenantSetup setup, string userId, string? fallback) =>
        setup.Teams.SelectMany(t => t.Members).FirstOrDefault(m => string.Equals(m.UserId, userId, StringComparison.OrdinalIgnoreCase))?.Name ?? fallback ?? "someone";

    private static string Line(HistoryEntry h, TenantSetup setup, TimeZoneInfo zone)
    {
        var who = NameOf(setup, h.UserId, null);
        var what = h.Action switch
        {
            "logged" => $"logged by {who}",
            "assign" => $"assigned to {NameOf(setup, h.Text ?? "", null)} by {who}",
            "acknowledge" => $"acknowledged by {who}",
            "recovered" => $"customer recovered ({CardText.Clip(h.Text, 80)}), noted by {who}",
            "resolve" => $"resolved by {who}: {CardText.Clip(h.Text, 120)}",
            "decline" => $"declined by {who}: {CardText.Clip(h.Text, 120)}",
            "note" => $"note by {who}: {CardText.Clip(h.Text, 120)}",
            _ => $"{h.Action} by {who}",
        };
        return $"{When(h.At, zone)} · {what}";
    }

    private static string When(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
}
