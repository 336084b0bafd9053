using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Incidents;

/// <summary>
/// <c>my incidents</c> (the caller's) and <c>team incidents</c> (the teams the caller manages): open ones first, with a switch
/// to the closed ones (also typed: <c>my incidents closed</c>, <c>team incidents closed</c>), and an <em>Open</em> button per row.
/// </summary>
internal sealed partial class IncidentRoutes
{
    public const int MaxListed = 20;

    /// <summary>How far back <c>team incidents</c> looks for closed ones: the weeks they happened in, this one included.</summary>
    public const int ClosedWeeks = 4;

    public const string NotAManager = "Only a team's managers (or a CxBot admin) can see its incidents. Type \"my incidents\" for yours.";

    private const string MineList = "mine";
    private const string TeamList = "team";
    private const int TeamsReadAtOnce = 4;

    private Task MyIncidentsAsync(TurnContext turn) => MyIncidentsAsync(turn, AsksForClosed(turn.Text, IncidentNames.MyCommand));

    private Task TeamIncidentsAsync(TurnContext turn) => TeamIncidentsAsync(turn, AsksForClosed(turn.Text, IncidentNames.TeamCommand));

    /// <summary>The lists' switch button: the same list, its closed or its open incidents. Card data names the list, nothing else is read from it.</summary>
    private Task SwitchListAsync(TurnContext turn)
    {
        var closed = CardInput.Flag(turn.CardData, "closed");
        return CardInput.Text(turn.CardData, "list", 10) == TeamList ? TeamIncidentsAsync(turn, closed) : MyIncidentsAsync(turn, closed);
    }

    private async Task MyIncidentsAsync(TurnContext turn, bool closed)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        // Those asked for among the newest MaxListed * 5, loaded a screenful at a time: one more than is shown tells whether there are more.
        var newest = await incidents.Store.ReporterPointersAsync(caller.TenantId, caller.UserId, MaxListed * 5, turn.CancellationToken);
        var found = new List<StoredIncident>();
        for (var i = 0; i < newest.Count && found.Count <= MaxListed; i += MaxListed + 1)
        {
            var loaded = await incidents.Store.LoadAsync(newest.Skip(i).Take(MaxListed + 1).Select(p => (p.Pk, p.Reference)), turn.CancellationToken);
            found.AddRange(loaded.Where(s => s.Incident.IsClosed == closed));
        }

        var items = found.Take(MaxListed).Select(s => IncidentViews.Item(s.Incident)).ToList();
        await ShowAsync(turn, cards.Bind(IncidentNames.ListTemplate, closed
            ? new ListCardData("My closed incidents", "None of your incidents is closed yet.", items, found.Count > MaxListed, MaxListed, MineList, "Show open", "false")
            : new ListCardData("My open incidents", "You have no open incidents.", items, found.Count > MaxListed, MaxListed, MineList, "Show closed", "true")));
    }

    private async Task TeamIncidentsAsync(TurnContext turn, bool closed)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var setup = await incidents.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        var managed = incidents.Setup.Roles.ManagedTeams(setup, caller);
        if (managed.Count == 0)
        {
            await turn.TellAsync(NotAManager);
            return;
        }

        var (items, more) = closed ? await ClosedInTeamsAsync(caller.TenantId, managed, turn.CancellationToken) : await OpenInTeamsAsync(caller.TenantId, managed, turn.CancellationToken);
        var from = IncidentExportRange.Day(incidents.Now.AddDays(-IncidentExportRange.DefaultDays));
        var to = IncidentExportRange.Day(incidents.Now);
        await ShowAsync(turn, cards.Bind(IncidentNames.ListTemplate, closed
            ? new ListCardData(
                $"Closed incidents in your teams, last {ClosedWeeks} weeks", $"No incident that happened in your teams in the last {ClosedWeeks} weeks is closed yet.",
                items, more, MaxListed, TeamList, "Show open", "false", CanExport: true, ExportFrom: from, ExportTo: to)
            : new ListCardData(
                "Open incidents in your teams", "No open incidents in your teams.", items, more, MaxListed, TeamList, "Show closed", "true", CanExport: true, ExportFrom: from, ExportTo: to)));
    }

    private async Task<(List<ListItem> Items, bool More)> OpenInTeamsAsync(string tenantId, IReadOnlyList<TeamSetup> managed, CancellationToken cancellationToken)
    {
        var ids = managed.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var open = (await incidents.Store.OpenAsync(tenantId, cancellationToken)).Where(p => ids.Contains(p.TeamId)).OrderByDescending(p => p.Reference, StringComparer.Ordinal).ToList();
        var loaded = await incidents.Store.LoadAsync(open.Take(MaxListed).Select(p => (p.PartitionKey, p.Reference)), cancellationToken);
        return ([.. loaded.Select(s => IncidentViews.Item(s.Incident))], open.Count > MaxListed);
    }

    /// <summary>
    /// Closed incidents are not indexed by team, so they are read from the teams' week partitions of the last
    /// <see cref="ClosedWeeks"/> weeks (one range query per team, a few teams at a time), newest first.
    /// </summary>
    private async Task<(List<ListItem> Items, bool More)> ClosedInTeamsAsync(string tenantId, IReadOnlyList<TeamSetup> managed, CancellationToken cancellationToken)
    {
        var closed = new System.Collections.Concurrent.ConcurrentBag<Incident>();
        await Parallel.ForEachAsync(managed, new ParallelOptions { MaxDegreeOfParallelism = TeamsReadAtOnce, CancellationToken = cancellationToken }, async (team, ct) =>
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(incidents.Now, IncidentForm.TimeZoneOf(team)).DateTime);
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var weeks = await incidents.Store.ReadWeeksAsync(tenantId, team.Id, monday.AddDays(-7 * (ClosedWeeks - 1)), monday, ct);
            foreach (var incident in weeks.Values.SelectMany(w => w.Incidents).Select(i => i.Incident).Where(i => i.IsClosed && i.TeamId == team.Id))
            {
                closed.Add(incident);
            }
        });

        var newest = closed.OrderByDescending(i => i.Reference, StringComparer.Ordinal).ToList();
        return ([.. newest.Take(MaxListed).Select(IncidentViews.Item)], newest.Count > MaxListed);
    }

    /// <summary>
    /// A row's <em>Open</em> button: the incident's card as a new message, so the list stays where it was. The button is answered
    /// with a short line; when the new message cannot be sent, with the card itself in place of the list.
    /// </summary>
    private async Task OpenAsync(TurnContext turn)
    {
        if (await ViewAsync(turn) is not { } card)
        {
            return;
        }

        var sent = await turn.ReplyWithCardAsync(card);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            turn.Respond(sent.IsOk ? InvokeResponse.Message("Opened in a new message below.") : InvokeResponse.Card(card));
        }
    }

    /// <summary>True when the typed command ends in "closed" or "resolved" (<c>my incidents closed</c>).</summary>
    private static bool AsksForClosed(string? text, string command)
    {
        var rest = text is { } t && t.Length > command.Length ? t[command.Length..].Trim().TrimEnd('.', '!', '?').Trim() : "";
        return rest.Equals("closed", StringComparison.OrdinalIgnoreCase) || rest.Equals("resolved", StringComparison.OrdinalIgnoreCase);
    }
}
