using CxBot.Features.Checkins;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Measures;
using CxBot.Features.Recognition;
using CxBot.Features.Setup;

namespace CxBot.Features.Scorecards;

/// <summary>
/// Reads the records behind a week's figures, through the read contracts of the features that keep them, two ways, and
/// computes them as the records stood at an instant ("as of").
/// <see cref="RollupAsync"/> is the rollup, as of now: the check-in summary row, the customer survey's week tally and each idea's
/// vote count. <see cref="RecomputeAsync"/> starts from scratch, as of any instant (a stored rollup's, to check it): the check-in
/// answers and the customers' answers one by one (those given by then), and the vote rows.
/// Incidents are read the same way by both: a team's week partitions around the weeks in one PartitionKey range query, each
/// incident counted in the week it was logged. Ideas and shout-outs keep no weekly totals, so both read them. Besides one row
/// per team and week, both give one organisation row per week with the shout-outs counted once across teams.
/// </summary>
internal sealed class ScorecardSources(IIncidentWeeks incidents, IIdeaResults ideas, IShoutOutFacts shoutOuts, ICheckinResults checkins, IMeasureResults measures, ICustomerVoiceResults customers)
{
    /// <summary>How many of a team's newest ideas are read for a week.</summary>
    public const int IdeasRead = 1000;

    /// <summary>How many teams are read at once.</summary>
    private const int TeamsAtOnce = 4;

    /// <summary>Every team's weeks <paramref name="mondays"/> and the organisation's, rolled up as of <paramref name="asOf"/> (now).</summary>
    public Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ForTeamsAsync(tenantId, setup, mondays, (_, _) => asOf, RollupTeamAsync, (_, idea, _) => Task.FromResult(idea.Votes), cancellationToken);

    /// <summary>Every team's weeks <paramref name="mondays"/> and the organisation's, recomputed from the records as they stood at <paramref name="asOf"/> (by team id and Monday).</summary>
    public Task<IReadOnlyList<TeamWeek>> RecomputeAsync(string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, Func<string, DateOnly, DateTimeOffset> asOf, CancellationToken cancellationToken) =>
        ForTeamsAsync(tenantId, setup, mondays, asOf, RecomputeTeamAsync, (tenant, idea, ct) => ideas.CountVoteRowsAsync(tenant, idea.Id, ct), cancellationToken);

    /// <summary>The Mondays of the team's weeks (first to last) whose incidents changed after <paramref name="since"/>.</summary>
    public Task<IReadOnlySet<DateOnly>> WeeksChangedSinceAsync(string tenantId, string teamId, DateOnly first, DateOnly last, DateTimeOffset since, CancellationToken cancellationToken) =>
        incidents.WeeksChangedSinceAsync(tenantId, teamId, first, last, since, cancellationToken);

    private delegate Task<IReadOnlyList<TeamWeek>> TeamReader(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, WeekRecords records, CancellationToken cancellationToken);

    private delegate Task<int> VoteCounter(string tenantId, IdeaRecord idea, CancellationToken cancellationToken);

    /// <summary>What every week of a team shares: the tenant's shout-outs around the weeks, the team's ideas with their votes, the instant of each week's figures.</summary>
    private sealed record WeekRecords(IReadOnlyList<ShoutOutRecord> Given, IReadOnlyList<(IdeaRecord Idea, int Votes)> Ideas, Func<string, DateOnly, DateTimeOffset> AsOf);

    private async Task<IReadOnlyList<TeamWeek>> ForTeamsAsync(
        string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, Func<string, DateOnly, DateTimeOffset> asOf, TeamReader read, VoteCounter votes, CancellationToken cancellationToken)
    {
        // The tenant's shout-outs around the weeks, read once for every team.
        var given = await shoutOuts.GivenAroundWeeksAsync(tenantId, mondays, cancellationToken);

        // A few teams at a time: each team's reads are a handful of queries, so the wait is mostly the round trips.
        var perTeam = new IReadOnlyList<TeamWeek>[setup.Teams.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, setup.Teams.Count),
            new ParallelOptions { MaxDegreeOfParallelism = TeamsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var team = setup.Teams[i];
                perTeam[i] = await read(tenantId, team, mondays, new WeekRecords(given, await TeamIdeasAsync(tenantId, team, mondays, votes, ct), asOf), ct);
            });
        return [.. perTeam.SelectMany(w => w), .. mondays.Select(m => OrganisationWeek(setup, m, given, asOf(ScorecardScope.Organisation, m)))];
    }

    /// <summary>The organisation's own row: the shout-outs of its week (organisation time zone) to anyone in any team, each once.</summary>
    private static TeamWeek OrganisationWeek(TenantSetup setup, DateOnly monday, IReadOnlyList<ShoutOutRecord> given, DateTimeOffset asOf)
    {
        var (start, end) = ScorecardWeek.Bounds(monday, ScorecardWeek.Zone(setup.Organisation?.TimeZone));
        var everyone = setup.Teams.SelectMany(t => t.Members).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        return TeamWeek.Empty(ScorecardScope.Organisation, monday) with { Recognition = ScorecardFigures.Recognition(given, everyone, start, end, asOf), AsOf = asOf };
    }

    /// <summary>The team's newest ideas; votes are counted only for those submitted in one of the weeks (the most voted), never touching the vote path.</summary>
    private async Task<IReadOnlyList<(IdeaRecord, int)>> TeamIdeasAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, VoteCounter votes, CancellationToken cancellationToken)
    {
        var zone = ScorecardWeek.Zone(team.TimeZone);
        var bounds = mondays.Select(m => ScorecardWeek.Bounds(m, zone)).ToList();
        var teamIdeas = new List<(IdeaRecord, int)>();
        foreach (var idea in await ideas.TeamIdeasAsync(tenantId, team.Id, IdeasRead, cancellationToken))
        {
            var ofTheWeeks = bounds.Any(b => idea.SubmittedAt >= b.Start && idea.SubmittedAt < b.End);
            teamIdeas.Add((idea, ofTheWeeks ? await votes(tenantId, idea, cancellationToken) : 0));
        }

        return teamIdeas;
    }

    /// <summary>The team's weeks rolled up: the incidents around the weeks in one range query, each week's check-in summary row (a point read) and its customer survey tally.</summary>
    private async Task<IReadOnlyList<TeamWeek>> RollupTeamAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, WeekRecords records, CancellationToken cancellationToken)
    {
        var all = await IncidentsAroundAsync(tenantId, team, mondays, cancellationToken);
        var weeks = new List<TeamWeek>();
        foreach (var monday in mondays)
        {
            var summary = await checkins.GetWeekAsync(tenantId, team.Id, monday, cancellationToken);
            var figures = new CheckinFigures { Prompted = summary.Prompted, Delivered = summary.Delivered, Answered = summary.Answered };
            foreach (var (standard, total) in summary.Values)
            {
                figures.Values[standard] = total;
            }

            foreach (var person in summary.NotReached)
            {
                figures.NotReached[person.UserId] = person.Label;
            }

            await AddMeasuresAsync(tenantId, team, monday, records, figures, cancellationToken);
            var voice = await customers.GetWeekAsync(tenantId, team.Id, monday, cancellationToken);
            foreach (var (standard, tally) in voice.ByStandard)
            {
                figures.Customers[standard] = new ValueTotal(tally.Sum, tally.Count);
            }

            weeks.Add(Complete(team, monday, records, figures, all));
        }

        return weeks;
    }

    /// <summary>
    /// The week's hand-recorded measures (a manager's figure for a hard standard that check-ins do not ask), by then: each a
    /// figure of its own (count 1), so an organisation's figure is the average over the teams that recorded one.
    /// </summary>
    private async Task AddMeasuresAsync(string tenantId, TeamSetup team, DateOnly monday, WeekRecords records, CheckinFigures figures, CancellationToken cancellationToken)
    {
        var asOf = records.AsOf(team.Id, monday);
        foreach (var (standard, measure) in await measures.GetWeekAsync(tenantId, team.Id, monday, cancellationToken))
        {
            if (measure.RecordedAt <= asOf && !figures.Values.ContainsKey(standard))
            {
                figures.Values[standard] = new ValueTotal((double)measure.Value, 1);
            }
        }
    }

    /// <summary>The team's weeks from scratch: the same incidents, and each week's check-in and customer answers counted one by one as they stood at the week's instant.</summary>
    private async Task<IReadOnlyList<TeamWeek>> RecomputeTeamAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, WeekRecords records, CancellationToken cancellationToken)
    {
        var all = await IncidentsAroundAsync(tenantId, team, mondays, cancellationToken);
        var weeks = new List<TeamWeek>();
        foreach (var monday in mondays)
        {
            var figures = ScorecardFigures.Checkins(await checkins.GetAnswersAsync(tenantId, team.Id, monday, cancellationToken), records.AsOf(team.Id, monday));
            await AddMeasuresAsync(tenantId, team, monday, records, figures, cancellationToken);
            ScorecardFigures.AddCustomers(figures, await customers.GetAnswersAsync(tenantId, team.Id, monday, cancellationToken), records.AsOf(team.Id, monday));
            weeks.Add(Complete(team, monday, records, figures, all));
        }

        return weeks;
    }

    /// <summary>The team's incidents that may have been logged in the weeks (one range query), each to be seen as it stood at a week's instant.</summary>
    private Task<IReadOnlyList<IncidentTimeline>> IncidentsAroundAsync(string tenantId, TeamSetup team, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken) =>
        incidents.AroundWeeksAsync(tenantId, team.Id, mondays.Min(), mondays.Max(), cancellationToken);

    private static TeamWeek Complete(TeamSetup team, DateOnly monday, WeekRecords records, CheckinFigures checkins, IReadOnlyList<IncidentTimeline> incidents)
    {
        var (start, end) = ScorecardWeek.Bounds(monday, ScorecardWeek.Zone(team.TimeZone));
        var asOf = records.AsOf(team.Id, monday);
        var members = team.Members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        return new TeamWeek(
            team.Id,
            monday,
            checkins.Prompted,
            checkins.Answered,
            checkins.Values,
            ScorecardFigures.Incidents(incidents, start, end, asOf),
            ScorecardFigures.Ideas(records.Ideas, start, end, asOf),
            ScorecardFigures.Recognition(records.Given, members, start, end, asOf),
            asOf,
            checkins.Delivered,
            checkins.NotReached,
            checkins.Customers);
    }
}
