using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Setup;

namespace CxBot.Features.Scorecards;

/// <summary>
/// Reads the records behind a week's figures, two ways. <see cref="RollupAsync"/> is the rollup: each team-week incident
/// partition with its counters (kept in the incident's own transaction) and the check-in summary row. <see cref="RecomputeAsync"/>
/// starts from scratch: the incidents found by time in the neighbouring partitions too, counted one by one, and the check-in
/// answers. Ideas and shout-outs keep no weekly totals of their own, so both read them; votes the rollup takes from the count on
/// each idea's row (a point read), the recompute counts as vote rows. Either way a team's incident weeks are one PartitionKey
/// range query, not one query per week.
/// </summary>
internal sealed class ScorecardSources(IncidentStore incidents, IdeaStore ideas, ShoutOutStore shoutOuts, ICheckinResults checkins)
{
    /// <summary>How many of a team's newest ideas are read for a week.</summary>
    public const int IdeasRead = 1000;

    /// <summary>How many teams are read at once.</summary>
    private const int TeamsAtOnce = 4;

    /// <summary>Every team's weeks <paramref name="mondays"/>, rolled up (each team's ideas and the tenant's shout-outs read once for all of them).</summary>
    public Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken) =>
        ForTeamsAsync(tenantId, setup, mondays, RollupTeamAsync, (_, stored, _) => Task.FromResult(stored.Tally.Votes), cancellationToken);

    /// <summary>Every team's weeks <paramref name="mondays"/>, recomputed from the records.</summary>
    public Task<IReadOnlyList<TeamWeek>> RecomputeAsync(string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken) =>
        ForTeamsAsync(tenantId, setup, mondays, RecomputeTeamAsync, (tenant, stored, ct) => ideas.CountVotesAsync(tenant, stored.Idea.Id, ct), cancellationToken);

    private delegate Task<IReadOnlyList<TeamWeek>> TeamReader(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, WeekRecords records, CancellationToken cancellationToken);

    private delegate Task<int> VoteCounter(string tenantId, StoredIdea stored, CancellationToken cancellationToken);

    /// <summary>What every week of a team shares: the tenant's shout-outs around the weeks, the team's ideas with their votes.</summary>
    private sealed record WeekRecords(IReadOnlyList<ShoutOut> Given, IReadOnlyList<(Idea Idea, int Votes)> Ideas);

    private async Task<IReadOnlyList<TeamWeek>> ForTeamsAsync(string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, TeamReader read, VoteCounter votes, CancellationToken cancellationToken)
    {
        // Shout-outs live by tenant and UTC month: read the months around the weeks once for every team.
        var given = new List<ShoutOut>();
        var months = mondays.SelectMany(m => new[] { m.AddDays(-1), m.AddDays(8) })
            .Select(d => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal);
        foreach (var month in months)
        {
            await foreach (var s in shoutOuts.ListMonthAsync(tenantId, month, cancellationToken))
            {
                given.Add(s);
            }
        }

        // A few teams at a time: each team's reads are a handful of queries, so the wait is mostly the round trips.
        var perTeam = new IReadOnlyList<TeamWeek>[setup.Teams.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, setup.Teams.Count),
            new ParallelOptions { MaxDegreeOfParallelism = TeamsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var team = setup.Teams[i];
                perTeam[i] = await read(tenantId, team, mondays, new WeekRecords(given, await TeamIdeasAsync(tenantId, team, mondays, votes, ct)), ct);
            });
        return [.. perTeam.SelectMany(w => w)];
    }

    /// <summary>The team's newest ideas; votes are counted only for those submitted in one of the weeks (the most voted), never touching the vote path.</summary>
    private async Task<IReadOnlyList<(Idea, int)>> TeamIdeasAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, VoteCounter votes, CancellationToken cancellationToken)
    {
        var zone = ScorecardWeek.Zone(team.TimeZone);
        var bounds = mondays.Select(m => ScorecardWeek.Bounds(m, zone)).ToList();
        var teamIdeas = new List<(Idea, int)>();
        foreach (var id in await ideas.TeamIdeaIdsAsync(tenantId, team.Id, IdeasRead, cancellationToken))
        {
            if (await ideas.GetAsync(tenantId, id, cancellationToken) is not { } stored)
            {
                continue;
            }

            var ofTheWeeks = bounds.Any(b => stored.Idea.SubmittedAt >= b.Start && stored.Idea.SubmittedAt < b.End);
            teamIdeas.Add((stored.Idea, ofTheWeeks ? await votes(tenantId, stored, cancellationToken) : 0));
        }

        return teamIdeas;
    }

    /// <summary>The team's weeks: its incident partitions of all the weeks in one range query, and each week's check-in summary row (a point read).</summary>
    private async Task<IReadOnlyList<TeamWeek>> RollupTeamAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, WeekRecords records, CancellationToken cancellationToken)
    {
        var partitions = await incidents.ReadWeeksAsync(tenantId, team.Id, mondays.Min(), mondays.Max(), cancellationToken);
        var weeks = new List<TeamWeek>();
        foreach (var monday in mondays)
        {
            var partition = partitions.GetValueOrDefault(IncidentKeys.WeekOf(tenantId, team.Id, monday)) ?? IncidentPartition.Empty;
            var summary = await checkins.GetWeekAsync(tenantId, team.Id, monday, cancellationToken);
            weeks.Add(Complete(
                team, monday, records, summary.Prompted, summary.Answered, new SortedDictionary<string, ValueTotal>(summary.Values.ToDictionary(), StringComparer.Ordinal),
                ScorecardFigures.Incidents(partition.Incidents, partition.Counters)));
        }

        return weeks;
    }

    /// <summary>
    /// The team's weeks from scratch: the incidents that happened in each week, found by time in the team's partitions from the
    /// week before the first to the week after the last (one range query) and counted one by one, and each week's check-in answers.
    /// </summary>
    private async Task<IReadOnlyList<TeamWeek>> RecomputeTeamAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, WeekRecords records, CancellationToken cancellationToken)
    {
        var partitions = await incidents.ReadWeeksAsync(tenantId, team.Id, mondays.Min().AddDays(-7), mondays.Max().AddDays(7), cancellationToken);
        var all = partitions.Values.SelectMany(p => p.Incidents).Where(i => i.Incident.TeamId == team.Id).ToList();
        var weeks = new List<TeamWeek>();
        foreach (var monday in mondays)
        {
            var (start, end) = ScorecardWeek.Bounds(monday, ScorecardWeek.Zone(team.TimeZone));
            var found = all.Where(i => i.Incident.OccurredAt >= start && i.Incident.OccurredAt < end).OrderBy(i => i.Incident.Reference, StringComparer.Ordinal).ToList();
            var (prompted, answered, values) = ScorecardFigures.Checkins(await checkins.GetAnswersAsync(tenantId, team.Id, monday, cancellationToken));
            weeks.Add(Complete(team, monday, records, prompted, answered, values, ScorecardFigures.Incidents(found, null)));
        }

        return weeks;
    }

    private static TeamWeek Complete(
        TeamSetup team, DateOnly monday, WeekRecords records, int prompted, int answered, SortedDictionary<string, ValueTotal> values, IncidentWeek incidentWeek)
    {
        var (start, end) = ScorecardWeek.Bounds(monday, ScorecardWeek.Zone(team.TimeZone));
        var members = team.Members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        return new TeamWeek(
            team.Id,
            monday,
            prompted,
            answered,
            values,
            incidentWeek,
            ScorecardFigures.Ideas(records.Ideas, start, end),
            ScorecardFigures.Recognition(records.Given, members, start, end));
    }
}
