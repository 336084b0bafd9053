using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Setup;

namespace CxBot.Features.Scorecards;

/// <summary>
/// Reads the records behind a week's figures, two ways. <see cref="RollupAsync"/> is the rollup: one team-week incident
/// partition with its counters (kept in the incident's own transaction) and the check-in summary row. <see cref="RecomputeAsync"/>
/// starts from scratch: the incidents found by time in the neighbouring partitions too, counted one by one, and the check-in
/// answers. Ideas and shout-outs are read the same way by both (they keep no weekly totals of their own).
/// </summary>
internal sealed class ScorecardSources(IncidentStore incidents, IdeaStore ideas, ShoutOutStore shoutOuts, ICheckinResults checkins)
{
    /// <summary>How many of a team's newest ideas are read for a week.</summary>
    public const int IdeasRead = 1000;

    /// <summary>Every team's week, rolled up.</summary>
    public Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup setup, DateOnly monday, CancellationToken cancellationToken) =>
        ForTeamsAsync(tenantId, setup, monday, RollupTeamAsync, cancellationToken);

    /// <summary>Every team's week, recomputed from the records.</summary>
    public Task<IReadOnlyList<TeamWeek>> RecomputeAsync(string tenantId, TenantSetup setup, DateOnly monday, CancellationToken cancellationToken) =>
        ForTeamsAsync(tenantId, setup, monday, RecomputeTeamAsync, cancellationToken);

    private delegate Task<TeamWeek> TeamReader(string tenantId, TeamSetup team, DateOnly monday, IReadOnlyList<ShoutOut> given, CancellationToken cancellationToken);

    private async Task<IReadOnlyList<TeamWeek>> ForTeamsAsync(string tenantId, TenantSetup setup, DateOnly monday, TeamReader read, CancellationToken cancellationToken)
    {
        // Shout-outs live by tenant and UTC month: read the months around the week once for every team.
        var from = ScorecardWeek.StartOf(monday.AddDays(-1), TimeZoneInfo.Utc);
        var to = ScorecardWeek.StartOf(monday.AddDays(9), TimeZoneInfo.Utc);
        var given = new List<ShoutOut>();
        foreach (var month in new[] { from, to }.Select(d => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).Distinct())
        {
            await foreach (var s in shoutOuts.ListMonthAsync(tenantId, month, cancellationToken))
            {
                given.Add(s);
            }
        }

        var weeks = new List<TeamWeek>();
        foreach (var team in setup.Teams)
        {
            weeks.Add(await read(tenantId, team, monday, given, cancellationToken));
        }

        return weeks;
    }

    private async Task<TeamWeek> RollupTeamAsync(string tenantId, TeamSetup team, DateOnly monday, IReadOnlyList<ShoutOut> given, CancellationToken cancellationToken)
    {
        var partition = await incidents.ReadPartitionAsync(IncidentKeys.WeekOf(tenantId, team.Id, monday), cancellationToken);
        var summary = await checkins.GetWeekAsync(tenantId, team.Id, monday, cancellationToken);
        return await CompleteAsync(
            tenantId, team, monday, given, summary.Prompted, summary.Answered, new SortedDictionary<string, ValueTotal>(summary.Values.ToDictionary(), StringComparer.Ordinal),
            ScorecardFigures.Incidents(partition.Incidents, partition.Counters), cancellationToken);
    }

    private async Task<TeamWeek> RecomputeTeamAsync(string tenantId, TeamSetup team, DateOnly monday, IReadOnlyList<ShoutOut> given, CancellationToken cancellationToken)
    {
        var (start, end) = ScorecardWeek.Bounds(monday, ScorecardWeek.Zone(team.TimeZone));
        var found = new List<IncidentWithHistory>();
        foreach (var week in new[] { monday.AddDays(-7), monday, monday.AddDays(7) })
        {
            var partition = await incidents.ReadPartitionAsync(IncidentKeys.WeekOf(tenantId, team.Id, week), cancellationToken);
            found.AddRange(partition.Incidents.Where(i => i.Incident.TeamId == team.Id && i.Incident.OccurredAt >= start && i.Incident.OccurredAt < end));
        }

        var (prompted, answered, values) = ScorecardFigures.Checkins(await checkins.GetAnswersAsync(tenantId, team.Id, monday, cancellationToken));
        return await CompleteAsync(tenantId, team, monday, given, prompted, answered, values, ScorecardFigures.Incidents([.. found.OrderBy(i => i.Incident.Reference, StringComparer.Ordinal)], null), cancellationToken);
    }

    private async Task<TeamWeek> CompleteAsync(
        string tenantId, TeamSetup team, DateOnly monday, IReadOnlyList<ShoutOut> given, int prompted, int answered, SortedDictionary<string, ValueTotal> values, IncidentWeek incidentWeek, CancellationToken cancellationToken)
    {
        var (start, end) = ScorecardWeek.Bounds(monday, ScorecardWeek.Zone(team.TimeZone));
        var teamIdeas = new List<(Idea, int)>();
        foreach (var id in await ideas.TeamIdeaIdsAsync(tenantId, team.Id, IdeasRead, cancellationToken))
        {
            if (await ideas.GetAsync(tenantId, id, cancellationToken) is not { } stored)
            {
                continue;
            }

            // Votes are counted only for the ideas of the week (the most voted); reading them never touches the vote path.
            var votes = stored.Idea.SubmittedAt >= start && stored.Idea.SubmittedAt < end ? await ideas.CountVotesAsync(tenantId, id, cancellationToken) : 0;
            teamIdeas.Add((stored.Idea, votes));
        }

        var members = team.Members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        return new TeamWeek(
            team.Id,
            monday,
            prompted,
            answered,
            values,
            incidentWeek,
            ScorecardFigures.Ideas(teamIdeas, start, end),
            ScorecardFigures.Recognition(given, members, start, end));
    }
}
