using CxBot.Features.Setup;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Recognition;

/// <summary>One board: whose it is, its period and the standings.</summary>
internal sealed record Board(string Title, PeriodRange Range, IReadOnlyList<Standing> Standings);

/// <summary>
/// Leaderboards for a team (the channel's team, else the caller's first team) in the team's time zone, and for the
/// organisation in its time zone, read from the month partitions the period spans.
/// </summary>
internal sealed class LeaderboardService(SetupService setup, ShoutOutStore shoutOuts, IOptions<RecognitionOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<Board>> BoardsAsync(Caller caller, string? channelTeamId, LeaderboardPeriod period, CancellationToken cancellationToken)
    {
        var tenant = await setup.GetAsync(caller.TenantId, cancellationToken);
        var now = time.GetUtcNow();
        var team = (channelTeamId is null ? null : tenant.Teams.FirstOrDefault(t => t.TeamsTeamId == channelTeamId || t.Id == channelTeamId))
            ?? tenant.Teams.FirstOrDefault(t => t.Members.Any(m => string.Equals(m.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase)));
        var orgZone = Zone(tenant.Organisation?.TimeZone);
        var orgRange = Leaderboards.RangeOf(period, now, orgZone);
        List<(string Title, PeriodRange Range, TimeZoneInfo Zone, Func<string, bool> Include)> wanted = [];
        if (team is not null)
        {
            var members = team.Members.Select(m => m.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var zone = Zone(team.TimeZone);
            wanted.Add((team.Name, Leaderboards.RangeOf(period, now, zone), zone, members.Contains));
        }

        wanted.Add((tenant.Organisation?.Name is { Length: > 0 } org ? org : "Organisation", orgRange, orgZone, _ => true));
        var months = wanted.SelectMany(w => Leaderboards.MonthsOf(w.Range)).Distinct(StringComparer.Ordinal).ToList();
        List<ShoutOut> all = [];
        foreach (var month in months)
        {
            await foreach (var s in shoutOuts.ListMonthAsync(caller.TenantId, month, cancellationToken))
            {
                all.Add(s);
            }
        }

        return [.. wanted.Select(w => new Board(w.Title, w.Range, Leaderboards.Compute(all, w.Range, w.Zone, options.Value.Points, w.Include)))];
    }

    private static TimeZoneInfo Zone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
