using CxBot.Features.Setup;

namespace CxBot.Features.People;

/// <summary>
/// What CxBot knows about teams, setup first: a person is in a set-up team when setup lists them or when they are in the
/// Teams team it stands for (its roster); its managers are the ones setup names, else that Teams team's owners. Teams the
/// bot is in that setup does not know yet come from their rosters alone. Reads setup only through <see cref="SetupService"/>.
/// </summary>
internal sealed class SetupTeamSource(SetupService setup, RosterTeamSource rosters) : ITeamDirectorySource
{
    public async Task<IReadOnlyList<TeamPlacement>> GetTeamsOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var known = await setup.GetAsync(tenantId, cancellationToken);
        var fromRosters = await rosters.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken);
        var inRoster = fromRosters.Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        var placements = new List<TeamPlacement>();
        foreach (var team in known.Teams)
        {
            var member = team.Members.FirstOrDefault(m => SamePerson(m.UserId, aadObjectId));
            if (member is not null || (team.TeamsTeamId is { } teamsId && inRoster.Contains(teamsId)))
            {
                placements.Add(new TeamPlacement(team.Id, team.Name, Site: null, IsManager: member?.Role == TeamRole.Manager));
            }
        }

        var linked = known.Teams.Select(t => t.TeamsTeamId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        placements.AddRange(fromRosters.Where(t => !linked.Contains(t.TeamId)));
        return placements;
    }

    public async Task<IReadOnlyList<Person>> GetTeamManagersAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        var known = await setup.GetAsync(tenantId, cancellationToken);
        if (known.FindTeam(teamId) is not { } team)
        {
            return await rosters.GetTeamManagersAsync(tenantId, teamId, cancellationToken);
        }

        var managers = team.Members.Where(m => m.Role == TeamRole.Manager).Select(m => new Person(m.UserId, m.Name)).ToList();
        return managers.Count > 0 || team.TeamsTeamId is not { } teamsId ? managers : await rosters.GetTeamManagersAsync(tenantId, teamsId, cancellationToken);
    }

    private static bool SamePerson(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
