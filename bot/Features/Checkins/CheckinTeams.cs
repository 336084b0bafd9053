using CxBot.Features.Setup;

namespace CxBot.Features.Checkins;

/// <summary>
/// Every tenant's teams, for the scheduler, from Setup's index, kept in process for a few minutes, since time zones and shift
/// ends change seldom. A per-process cache of a read, never needed by another instance.
/// </summary>
internal sealed class CheckinTeams(ISetupIndex setup, TimeProvider time)
{
    private (DateTimeOffset At, IReadOnlyList<TenantTeam> Teams)? _known;

    public async Task<IReadOnlyList<TenantTeam>> AllAsync(TimeSpan freshness, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known is { } known && now - known.At < freshness)
        {
            return known.Teams;
        }

        var teams = await setup.AllTeamsAsync(cancellationToken);
        _known = (now, teams);
        return teams;
    }
}
