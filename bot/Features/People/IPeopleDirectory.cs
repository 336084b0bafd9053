namespace CxBot.Features.People;

/// <summary>
/// The people directory for features: who manages whom, where people work, and how to reach them. Each question gets an
/// answer or a clear reason, with Graph on or off. Sources: setup and Teams rosters first, then Graph (cached in tables).
/// </summary>
internal interface IPeopleDirectory
{
    /// <summary>The person's manager: Graph's (cached; the last known one during an outage), else their team's managers.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<ManagerAnswer> GetManagerAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken);

    /// <summary>The person's teams and site (the team's, else Graph's office location).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<PlacementAnswer> GetPlacementAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken);

    /// <summary>
    /// How to reach the person: their personal conversation, installing the app for them first when allowed. When
    /// <see cref="ReachAnswer.CanSend"/>, send with <c>IProactiveSender.SendProactiveAsync(answer.Target, …)</c>.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<ReachAnswer> GetReachAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken);
}

/// <summary>
/// What CxBot knows about teams from setup (and Teams rosters): the seam between the directory and the setup feature.
/// Until setup's service is wired in, <see cref="RosterTeamSource"/> answers from Teams rosters (team owners as managers).
/// </summary>
internal interface ITeamDirectorySource
{
    /// <summary>The teams the person belongs to (empty when none).</summary>
    Task<IReadOnlyList<TeamPlacement>> GetTeamsOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken);

    /// <summary>The managers of a team (empty when none).</summary>
    Task<IReadOnlyList<Person>> GetTeamManagersAsync(string tenantId, string teamId, CancellationToken cancellationToken);
}
