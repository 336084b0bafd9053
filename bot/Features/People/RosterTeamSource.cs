namespace CxBot.Features.People;

/// <summary>Teams from Teams rosters only (refreshed when stale): the person's teams, and each team's owners as its managers.</summary>
internal sealed class RosterTeamSource(RosterStore store, RosterSync sync) : ITeamDirectorySource
{
    public async Task<IReadOnlyList<TeamPlacement>> GetTeamsOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await sync.EnsureFreshAsync(tenantId, cancellationToken);
        var memberships = await store.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken);
        return [.. memberships.Select(m => new TeamPlacement(m.TeamId, m.TeamName, Site: null, IsManager: string.Equals(m.Role, "owner", StringComparison.OrdinalIgnoreCase)))];
    }

    public async Task<IReadOnlyList<Person>> GetTeamManagersAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        var members = await store.GetMembersAsync(tenantId, teamId, cancellationToken);
        return [.. members.Where(m => m.IsOwner).Select(m => new Person(m.AadObjectId, m.Name))];
    }
}
