using CxBot.Protocol.Routing;

namespace CxBot.Features.Incidents;

/// <summary><c>my incidents</c> (the caller's open ones) and <c>team incidents</c> (open ones of the teams the caller manages).</summary>
internal sealed partial class IncidentRoutes
{
    public const int MaxListed = 20;
    public const string NotAManager = "Only a team's managers (or a CxBot admin) can see its incidents. Type \"my incidents\" for yours.";

    private async Task MyIncidentsAsync(TurnContext turn)
    {
        if (CallerOf(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        // The open ones among the newest MaxListed * 5, loaded a screenful at a time: one more than is shown tells whether there are more.
        var newest = await incidents.Store.ReporterPointersAsync(caller.TenantId, caller.UserId, MaxListed * 5, turn.CancellationToken);
        var open = new List<StoredIncident>();
        for (var i = 0; i < newest.Count && open.Count <= MaxListed; i += MaxListed + 1)
        {
            var loaded = await incidents.Store.LoadAsync(newest.Skip(i).Take(MaxListed + 1).Select(p => (p.Pk, p.Reference)), turn.CancellationToken);
            open.AddRange(loaded.Where(s => !s.Incident.IsClosed));
        }

        await ShowAsync(turn, cards.Bind(IncidentNames.ListTemplate, new ListCardData(
            "My open incidents", "You have no open incidents.", [.. open.Take(MaxListed).Select(s => IncidentViews.Item(s.Incident))], open.Count > MaxListed, MaxListed)));
    }

    private async Task TeamIncidentsAsync(TurnContext turn)
    {
        if (CallerOf(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var setup = await incidents.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        var managed = setup.Teams.Where(t => incidents.Setup.Roles.CanManage(setup, t, caller)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        if (managed.Count == 0)
        {
            await turn.TellAsync(NotAManager);
            return;
        }

        var open = (await incidents.Store.OpenAsync(caller.TenantId, turn.CancellationToken)).Where(p => managed.Contains(p.TeamId)).OrderByDescending(p => p.Reference, StringComparer.Ordinal).ToList();
        var loaded = await incidents.Store.LoadAsync(open.Take(MaxListed).Select(p => (p.PartitionKey, p.Reference)), turn.CancellationToken);
        await ShowAsync(turn, cards.Bind(IncidentNames.ListTemplate, new ListCardData(
            "Open incidents in your teams", "No open incidents in your teams.", [.. loaded.Select(s => IncidentViews.Item(s.Incident))], open.Count > MaxListed, MaxListed,
            CanExport: true, ExportFrom: IncidentExportRange.Day(incidents.Now.AddDays(-IncidentExportRange.DefaultDays)), ExportTo: IncidentExportRange.Day(incidents.Now))));
    }
}
