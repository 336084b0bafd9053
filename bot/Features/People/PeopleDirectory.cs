using CxBot.Graph;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>Answers "who manages whom" and "where people work" from the team source (setup, rosters) and Graph; reach is delegated to <see cref="PersonReach"/>.</summary>
internal sealed class PeopleDirectory(ITeamDirectorySource teams, ProfileCache profiles, PersonReach reach, IOptions<GraphOptions> options) : IPeopleDirectory
{
    public async Task<ManagerAnswer> GetManagerAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        aadObjectId = PeopleTables.PersonId(aadObjectId);
        string? reason = null;
        if (options.Value.Enabled)
        {
            var lookup = await profiles.GetAsync(tenantId, aadObjectId, cancellationToken);
            if (lookup.Profile?.Manager is { } manager)
            {
                return new ManagerAnswer([manager], lookup.LastKnown ? ManagerSource.DirectoryLastKnown : ManagerSource.Directory);
            }

            reason = lookup.Profile is null ? PeopleReasons.GraphUnavailable : PeopleReasons.NoManagerInDirectory;
        }

        var placements = await teams.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken);
        var managers = new List<Person>();
        // A team's managers manage its members, not one another.
        foreach (var team in placements.Where(t => !t.IsManager))
        {
            managers.AddRange(await teams.GetTeamManagersAsync(tenantId, team.TeamId, cancellationToken));
        }

        managers = [.. managers.Where(m => m.AadObjectId != aadObjectId).DistinctBy(m => m.AadObjectId)];
        if (managers.Count > 0)
        {
            return new ManagerAnswer(managers, ManagerSource.TeamManagers, reason);
        }

        return new ManagerAnswer([], ManagerSource.None, placements.Count == 0 ? PeopleReasons.NotInAnyTeam : PeopleReasons.NoManagerKnown);
    }

    public async Task<PlacementAnswer> GetPlacementAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        aadObjectId = PeopleTables.PersonId(aadObjectId);
        var placements = await teams.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken);
        var profile = options.Value.Enabled ? (await profiles.GetAsync(tenantId, aadObjectId, cancellationToken)).Profile : null;
        var (site, source) = placements.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t.Site)) is { } withSite
            ? (withSite.Site, SiteSource.Team)
            : !string.IsNullOrWhiteSpace(profile?.OfficeLocation) ? (profile.OfficeLocation, SiteSource.OfficeLocation) : (null, SiteSource.None);
        var reason = placements.Count == 0 ? PeopleReasons.NotInAnyTeam : site is null ? PeopleReasons.NoSiteKnown : null;
        return new PlacementAnswer(placements, site, source, profile?.DisplayName, profile?.JobTitle, profile?.Department, reason);
    }

    public Task<ReachAnswer> GetReachAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken) =>
        reach.GetAsync(tenantId, PeopleTables.PersonId(aadObjectId), cancellationToken);
}
