using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Storage;

namespace CxBot.Benchmarks;

/// <summary>What <see cref="ScorecardsLoad"/> wrote.</summary>
internal sealed record ScorecardsLoaded(int Incidents, int Votes, int Ideas, int ShoutOuts, int Answers)
{
    public int Total => Incidents + Votes + ShoutOuts + Answers;

    public override string ToString() => $"{Incidents:N0} incidents, {Votes:N0} votes on {Ideas:N0} ideas, {ShoutOuts:N0} shout-outs, {Answers:N0} check-in answers";
}

/// <summary>
/// Bulk-loads a tenant's records for the scorecards benchmark, team-week by team-week, several at once: incidents (with their
/// history and one counters shard), check-in person-days (with the week's summary) and shout-outs as batch transactions of at
/// most 100 rows of one partition, built by the stores' own row builders; ideas through their store; each idea's votes in one
/// call of the vote batch primitive (<see cref="IdeaStore.AddVotesAsync"/>: transactions of 99 vote rows and the idea's count).
/// </summary>
internal sealed class ScorecardsLoad(TableServiceClient tables, IdeaStore ideas)
{
    private const int IdeasPer = 3;
    private const int BatchSize = 100;

    private readonly TableClient _incidents = tables.GetTableClient(IncidentNames.IncidentsTable);
    private readonly TableClient _checkins = tables.GetTableClient(CheckinNames.CheckinsTable);
    private readonly TableClient _shoutOuts = tables.GetTableClient(RecognitionNames.ShoutOutsTable);
    private readonly int[] _counts = new int[5];

    public async Task<ScorecardsLoaded> RunAsync(string tenantId, TenantSetup setup, IReadOnlyList<DateOnly> mondays, int records, int parallel, CancellationToken cancellationToken)
    {
        var teamWeeks = setup.Teams.SelectMany(t => mondays.Select(m => (Team: t, Monday: m))).ToList();
        int Per(double share) => (int)Math.Round(records * share / teamWeeks.Count);
        var people = setup.Teams.SelectMany(t => t.Members).Select(m => m.UserId).ToList();
        var shares = new Shares(Per(0.15), Per(0.45), Per(0.10), Per(0.30));
        foreach (var table in new[] { _incidents, _checkins, _shoutOuts })
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        await ideas.TeamIdeaIdsAsync(tenantId, "none", 1, cancellationToken); // creates the table
        var done = 0;
        await Parallel.ForEachAsync(teamWeeks, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (tw, ct) =>
        {
            var random = new Random(HashCode.Combine(tw.Team.Id, tw.Monday.DayNumber));
            var (start, end) = ScorecardWeek.Bounds(tw.Monday, ScorecardWeek.Zone(tw.Team.TimeZone));
            DateTimeOffset At() => start.AddSeconds(random.NextDouble() * (end - start).TotalSeconds);
            await IncidentsAsync(tenantId, tw.Team, tw.Monday, shares.Incidents, random, At, ct);
            await IdeasAsync(tenantId, tw.Team, tw.Monday, shares.Votes, people, random, At, ct);
            await ShoutOutsAsync(tenantId, tw.Team, tw.Monday, shares.ShoutOuts, random, At, ct);
            await CheckinsAsync(tenantId, tw.Team, tw.Monday, shares.Answers, random, start, ct);
            if (Interlocked.Increment(ref done) % 500 == 0)
            {
                Console.Error.WriteLine($"  {done:N0} of {teamWeeks.Count:N0} team-weeks loaded");
            }
        });

        return new ScorecardsLoaded(_counts[0], _counts[1], _counts[2], _counts[3], _counts[4]);
    }

    private sealed record Shares(int Incidents, int Votes, int ShoutOuts, int Answers);

    private static async Task SubmitAsync(TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(BatchSize))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
            }
        }
    }

    /// <summary>The incident store's own rows; one counters shard holding the week's totals (readers sum the shards).</summary>
    private async Task IncidentsAsync(string tenantId, TeamSetup team, DateOnly monday, int count, Random random, Func<DateTimeOffset> at, CancellationToken cancellationToken)
    {
        var pk = IncidentKeys.WeekOf(tenantId, team.Id, monday);
        var rows = new List<TableEntity>();
        var totals = new CounterDelta(0, 0, 0, 0, 0);
        for (var n = 0; n < count; n++)
        {
            var occurred = at();
            var logged = occurred.AddMinutes(random.Next(1, 240));
            var reference = $"INC-2026-{team.Id}-{monday.DayNumber}-{n:D4}";
            var status = (IncidentStatus)random.Next(5);
            var incident = new Incident(reference, tenantId, team.Id, team.Name, team.Members[1].UserId, null, "what", occurred, random.Next(2) == 0 ? "tp1" : "tp2", $"s{random.Next(8)}",
                (Severity)random.Next(4), (RootCause)random.Next(7), random.Next(3) == 0, null, Math.Round((decimal)random.NextDouble() * 300, 2), "GBP", status, null, logged, logged.AddHours(2), logged.AddDays(1), null, 1, [], []);
            var history = new List<HistoryEntry> { new(1, "logged", incident.ReporterId, logged, IncidentStatus.New, null) };
            if (status != IncidentStatus.New)
            {
                history.Add(new(2, "triage", "mgr", logged.AddMinutes(random.Next(5, 600)), status == IncidentStatus.Resolved ? IncidentStatus.Acknowledged : status, null));
            }

            if (status == IncidentStatus.Resolved)
            {
                history.Add(new(3, "resolve", "mgr", history[^1].At.AddMinutes(random.Next(30, 4000)), IncidentStatus.Resolved, null));
            }

            incident = incident with { Revision = history.Count };
            rows.Add(IncidentStore.IncidentRow(incident, pk));
            rows.AddRange(history.Select(h => IncidentStore.HistoryRow(reference, pk, h)));
            totals = new CounterDelta(
                totals.Logged + 1, totals.Resolved + (status == IncidentStatus.Resolved ? 1 : 0), totals.Declined + (status == IncidentStatus.Declined ? 1 : 0),
                totals.Recovered + (incident.Recovered ? 1 : 0), totals.Cost + incident.Cost!.Value);
        }

        rows.Add(IncidentStore.CounterRow(pk, IncidentKeys.Counters + "|0", totals));
        await SubmitAsync(_incidents, rows, cancellationToken);
        Interlocked.Add(ref _counts[0], count);
    }

    /// <summary>Ideas through their store (row and index rows); the votes, spread over the week's ideas, one idea per call.</summary>
    private async Task IdeasAsync(string tenantId, TeamSetup team, DateOnly monday, int votes, IReadOnlyList<string> people, Random random, Func<DateTimeOffset> at, CancellationToken cancellationToken)
    {
        for (var n = 0; n < IdeasPer; n++)
        {
            var submitted = at();
            var status = (IdeaStatus)random.Next(5);
            var idea = new Idea($"{team.Id}-{monday.DayNumber}-{n}", tenantId, team.Id, team.Members[2].UserId, null, new IdeaText($"Problem {n}", "Proposal", null, null, null, null),
                status, null, null, submitted, status == IdeaStatus.New ? submitted : submitted.AddHours(random.Next(1, 100)), null);
            await ideas.CreateAsync(idea, cancellationToken);
            await ideas.IndexAsync(idea, cancellationToken);
            var count = (votes / IdeasPer) + (n < votes % IdeasPer ? 1 : 0);
            // Voters are people of the tenant, a different run of them for each idea (as in life: a few votes per person, not
            // the same hundred voter ids on every idea, which would also make every vote row's key common to thousands of partitions).
            var first = random.Next(people.Count);
            await ideas.AddVotesAsync(tenantId, idea.Id, [.. Enumerable.Range(0, count).Select(v => (people[(first + v) % people.Count], submitted.AddMinutes(v)))], cancellationToken);
            Interlocked.Add(ref _counts[1], count);
            Interlocked.Increment(ref _counts[2]);
        }
    }

    private async Task ShoutOutsAsync(string tenantId, TeamSetup team, DateOnly monday, int count, Random random, Func<DateTimeOffset> at, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        for (var n = 0; n < count; n++)
        {
            var recipient = team.Members[1 + random.Next(team.Members.Count - 1)];
            rows.Add(ShoutOutStore.Row(new ShoutOut(
                $"{team.Id}-{monday.DayNumber}-{n}", tenantId, "giver", "Giver", [new Recipient(recipient.UserId, recipient.Name!)], new Behaviour($"s:s{random.Next(8)}", "Standard", "⭐"),
                "thanks", at(), random.Next(4))));
        }

        await SubmitAsync(_shoutOuts, rows, cancellationToken);
        Interlocked.Add(ref _counts[3], count);
    }

    /// <summary>Person-days (seven in ten answered) and the week's summary, as the check-in store keeps it, in the week's partition.</summary>
    private async Task CheckinsAsync(string tenantId, TeamSetup team, DateOnly monday, int count, Random random, DateTimeOffset weekStart, CancellationToken cancellationToken)
    {
        // Ten front-line members on seven days: at most 70 distinct person-days a week.
        count = Math.Min(count, 70);
        var pk = CheckinKeys.Week(tenantId, team.Id, monday);
        var answers = new List<CheckinAnswer>();
        var rows = new List<TableEntity>();
        for (var n = 0; n < count; n++)
        {
            var prompted = weekStart.AddDays(n % 7).AddHours(18);
            var answered = random.Next(10) < 7;
            var answer = new CheckinAnswer(team.Id, team.Members[1 + (n % 10)].UserId, monday.AddDays(n % 7), answered ? prompted.AddMinutes(random.Next(1, 120)) : null,
                answered ? new Dictionary<string, double> { [$"s{n % 8}"] = n % 8 < 4 ? random.Next(70, 101) : random.Next(1, 6) } : []);
            answers.Add(answer);
            rows.Add(CheckinStore.AnswerRow(pk, answer, prompted));
        }

        rows.Add(CheckinStore.SummaryRow(pk, CheckinStore.Recompute(answers)));
        await SubmitAsync(_checkins, rows, cancellationToken);
        Interlocked.Add(ref _counts[4], count);
    }
}
