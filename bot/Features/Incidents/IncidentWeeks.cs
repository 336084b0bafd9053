namespace CxBot.Features.Incidents;

/// <summary>The scorecards' view of incidents (<see cref="IIncidentWeeks"/>): whole team-week partitions of the store.</summary>
internal sealed class IncidentWeeks(IncidentStore store) : IIncidentWeeks
{
    public async Task<IReadOnlyList<IncidentTimeline>> AroundWeeksAsync(string tenantId, string teamId, DateOnly firstMonday, DateOnly lastMonday, CancellationToken cancellationToken)
    {
        var partitions = await store.ReadWeeksAsync(tenantId, teamId, firstMonday.AddDays(-7), lastMonday.AddDays(7), cancellationToken);
        return [.. partitions.Values.SelectMany(p => p.Incidents).Where(i => i.Incident.TeamId == teamId).Select(i => new IncidentTimeline(i))];
    }

    public Task<IReadOnlySet<DateOnly>> WeeksChangedSinceAsync(string tenantId, string teamId, DateOnly firstMonday, DateOnly lastMonday, DateTimeOffset since, CancellationToken cancellationToken) =>
        store.WeeksChangedSinceAsync(tenantId, teamId, firstMonday, lastMonday, since, cancellationToken);
}
