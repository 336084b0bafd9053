using System.Globalization;
using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Features.Incidents;

/// <summary>Builds card data from incidents and setup; user text is clipped, never evaluated.</summary>
internal static class IncidentViews
{
    public const int MaxRefreshUsers = 60;
    public const int MaxHistoryLines = 8;

    /// <param name="teams">The reporter's teams (<see cref="IncidentForm.TeamsOf"/>).</param>
    public static LogCardData LogForm(TenantSetup setup, IReadOnlyList<TeamSetup> teams, LogInputs? typed, LogErrors? errors, DateTimeOffset now, string token, string currency)
    {
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
            TypedCost(typed?.Cost),
            currency,
            errors is { Any: true } ? "Nothing was logged yet: please check the marked fields." : null,
            errors is { Any: true } ? errors : null);
    }

    /// <summary>The incident's card data; <paramref name="names"/> names everyone it mentions, <paramref name="assignable"/> is the assign list.</summary>
    public static IncidentCardData Incident(Incident i, TenantSetup setup, IReadOnlyList<HistoryEntry> history, NameBook names, IReadOnlyList<Choice> assignable, bool canTriage, string? notice, bool good)
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
            CardText.Clip(NameOf(names, i.ReporterId, i.ReporterName), 80)!,
            CardText.Clip(i.What, 600)!,
            When(i.OccurredAt, zone),
            tp,
            st,
            IncidentLabels.Title(i.RootCause),
            i.Recovered ? "Recovered: " + CardText.Clip(i.Gesture, 200) : "Not yet recovered",
            CostText(i),
            SentTo(i, names),
            i.OwnerId is null ? "Nobody yet" : CardText.Clip(NameOf(names, i.OwnerId, null), 80)!,
            due,
            CardText.Clip(i.Outcome, 300),
            [.. history.TakeLast(MaxHistoryLines).Select(h => new HistoryLine(Line(h, names, zone, i)))],
            canTriage && !i.IsClosed,
            canTriage && i.Status == IncidentStatus.New,
            canTriage && i.Status is IncidentStatus.Acknowledged or IncidentStatus.InProgress,
            canTriage && !i.IsClosed && !i.Recovered,
            canTriage ? assignable : [],
            notice,
            notice is null ? null : good ? "Good" : "Attention");
    }

    public static ListItem Item(Incident i) => new(
        i.Reference, IncidentLabels.Name(i.Status), IncidentLabels.Name(i.Severity), CardText.Clip(i.TeamName, 60)!, CardText.Clip(i.What, 120)!, CostText(i), i.IsClosed ? CardText.Clip(i.Outcome, 120) : null);

    /// <summary>What people read for the estimated cost: the money, or "not known" when the reporter gave none (never 0.00).</summary>
    public static string CostText(Incident i) =>
        i.Cost is { } c ? MoneyText.Format(c, i.Currency) : NotKnown;

    public const string NotKnown = "not known";

    /// <summary>The cost as typed, as a number for the number input; null (the input left empty) when it was not a number.</summary>
    private static decimal? TypedCost(string? typed) =>
        decimal.TryParse(typed, NumberStyles.Number, CultureInfo.InvariantCulture, out var cost) ? cost : null;

    /// <summary>Who gets their own view on refresh: the team's managers, whoever it was routed to, the owner and the reporter (Teams takes at most 60).</summary>
    public static IReadOnlyList<string> RefreshUsers(TenantSetup setup, Incident i) =>
        [.. (setup.FindTeam(i.TeamId)?.Managers ?? []).Concat(i.Approvers).Append(i.OwnerId).Append(i.ReporterId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxRefreshUsers)];

    /// <summary>The person's name; <paramref name="fallback"/> (a name the record kept) when the book has none.</summary>
    public static string NameOf(NameBook names, string userId, string? fallback) =>
        names.Knows(userId) || string.IsNullOrWhiteSpace(fallback) ? names.Of(userId) : fallback;

    /// <summary>Who the incident's card reached (its copies in personal chats, the reporter's own left out), by name; null before anyone.</summary>
    public static string? SentTo(Incident i, NameBook names)
    {
        var reached = i.Cards.Select(c => c.UserId).Where(u => u.Length > 0 && !string.Equals(u, i.ReporterId, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(names.Of).ToList();
        return reached.Count == 0 ? null : CardText.Clip(string.Join(", ", reached), 200);
    }

    private static string Line(HistoryEntry h, NameBook names, TimeZoneInfo zone, Incident i)
    {
        var who = h.UserId == i.ReporterId ? NameOf(names, h.UserId, i.ReporterName) : names.Of(h.UserId);
        var what = h.Action switch
        {
            "logged" => $"logged by {who}",
            "assign" => $"assigned to {names.Of(h.Text)} by {who}",
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
