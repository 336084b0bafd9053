using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Storage;
using CxBot.Testing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CxBot.Benchmarks;

/// <summary>
/// Scorecards at scale in Azurite: <c>--teams</c> teams, <c>--records</c> records over <c>--weeks</c> weeks (15 % incidents with
/// their history, 45 % idea votes, 10 % shout-outs, 30 % check-in answers). Incidents are bulk-loaded with the incident store's
/// own row builders (incident, history and counters rows, one counters shard per partition); ideas, votes and shout-outs go
/// through their stores; check-in answers are in memory (the check-ins feature is not in this branch). Then: the rollup job
/// for the trend weeks and the reported one, building every scorecard of the reported week (all teams and the organisation,
/// bound to the card), and the recomputation compared with the rollups. Entities read are counted on the wire.
/// Usage: <c>scorecards [--teams 500] [--records 1000000] [--weeks 12] [--parallel 16]</c>.
/// </summary>
internal static class ScorecardsBenchmark
{
    private const string Tenant = "5c0e7a2b-1f3d-4e6a-9b8c-7d6e5f4a3b2c";
    private static readonly DateOnly Reported = new(2026, 11, 16);
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"];

    public static async Task<int> RunAsync(string[] args)
    {
        var teamCount = Option(args, "--teams", 500);
        var records = Option(args, "--records", 1_000_000);
        var weekCount = Option(args, "--weeks", 12);
        var parallel = Option(args, "--parallel", 16);

        await using var azurite = await AzuriteServer.StartAsync();
        var counter = new EntityCounter { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 64 } };
        var tables = TestTables.CreateService(azurite.Endpoint, TestTables.UniquePrefix(), b => b.MaxRetries = 5, counter);
        var clock = TimeProvider.System;
        var setupStore = new SetupStore(tables);
        var setupService = new SetupService(setupStore, new SetupRoles(Options.Create(new AdminOptions())), new MemoryCache(new MemoryCacheOptions()), clock, NullLogger<SetupService>.Instance);
        var incidents = new IncidentStore(tables);
        var ideas = new IdeaStore(tables);
        var shoutOuts = new ShoutOutStore(tables);
        var checkins = new MemoryCheckins();
        var options = Options.Create(new ScorecardOptions());
        var store = new ScorecardStore(tables);
        var service = new ScorecardService(new ScorecardSources(incidents, ideas, shoutOuts, checkins), store, setupService, options, clock);
        var cards = new CardTemplates(Path.Combine(RepoPaths.Root, "cards"), [], NullLogger<CardTemplates>.Instance);

        var setup = Setup(teamCount);
        var snapshot = await setupStore.LoadAsync(Tenant, default);
        await setupStore.SaveAsync(snapshot, setup, "bench", "bench", clock.GetUtcNow(), default);
        var mondays = Enumerable.Range(0, weekCount).Select(i => Reported.AddDays(-7 * (weekCount - 1 - i))).ToList();

        var load = Stopwatch.StartNew();
        var loaded = await LoadAsync(tables, incidents, ideas, shoutOuts, checkins, setup, mondays, records, parallel);
        load.Stop();
        Console.Error.WriteLine($"loaded {loaded.Total:N0} records in {load.Elapsed.TotalSeconds:F0} s: {loaded}");

        // The rollup job, as it runs over time: every trend week, then the reported one (timed alone).
        var trend = options.Value.TrendWeeks;
        var rollupTrend = Stopwatch.StartNew();
        await service.RollupAsync(Tenant, setup, [.. mondays.Where(m => m < Reported && m >= Reported.AddDays(-7 * trend))], default);

        rollupTrend.Stop();
        counter.Reset();
        var rollup = Stopwatch.StartNew();
        await service.RollupAsync(Tenant, setup, Reported, default);
        rollup.Stop();
        var rollupRead = counter.Entities;
        var rollupRequests = counter.Requests;

        // Building: every team's card and the organisation's, from the rollups alone.
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        counter.Reset();
        var build = Stopwatch.StartNew();
        var weeks = await store.ReadAsync(Tenant, Reported.AddDays(-7 * trend), Reported, default);
        var bytes = 0L;
        foreach (var scope in ScorecardService.ScopesFor(setup, setup.Leadership[0]))
        {
            var card = cards.Bind(ScorecardNames.Template, ScorecardBuilder.Build(setup, scope, Reported, trend, weeks, null));
            bytes += card.ToJsonString().Length;
        }

        build.Stop();
        var buildRead = counter.Entities;
        var buildRequests = counter.Requests;
        var buildAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        counter.Reset();
        var verify = Stopwatch.StartNew();
        var differences = await service.VerifyAsync(Tenant, Reported, default);
        verify.Stop();
        var verifyRead = counter.Entities;

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"| scorecards ({teamCount} teams, {loaded.Total:N0} records over {weekCount} weeks) | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| build all {teamCount + 1} scorecards of one week (rollups read, data built, cards bound) | {build.Elapsed.TotalSeconds:F2} s |");
        Console.WriteLine($"| entities read by the build | {buildRead:N0} in {buildRequests:N0} request(s) ({teamCount} teams × {trend + 1} weeks = {teamCount * (trend + 1):N0}) |");
        Console.WriteLine($"| allocated by the build | {buildAllocated / 1048576.0:F0} MB |");
        Console.WriteLine($"| peak working set of the benchmark process (whole run, loading included) | {process.PeakWorkingSet64 / 1048576.0:F0} MB |");
        Console.WriteLine($"| rollup job, the reported week, all teams | {rollup.Elapsed.TotalSeconds:F1} s, {rollupRead:N0} entities in {rollupRequests:N0} requests |");
        Console.WriteLine($"| rollup job, {trend} trend weeks | {rollupTrend.Elapsed.TotalSeconds:F1} s |");
        Console.WriteLine($"| recomputation of the week and comparison | {verify.Elapsed.TotalSeconds:F1} s, {verifyRead:N0} entities; {differences.Count} difference(s) |");
        Console.WriteLine($"| loading (not part of the figures) | {load.Elapsed.TotalSeconds:F0} s; {loaded} |");
        Console.WriteLine($"| bound card JSON, all scorecards | {bytes / 1024.0:F0} KB |");
        foreach (var d in differences.Take(10))
        {
            Console.Error.WriteLine($"difference: team {d.TeamId} {d.Path}: stored {d.Stored}, recomputed {d.Recomputed}");
        }

        return differences.Count == 0 ? 0 : 1;
    }

    private sealed record Loaded(int Incidents, int Votes, int Ideas, int ShoutOuts, int Answers)
    {
        public int Total => Incidents + Votes + ShoutOuts + Answers;

        public override string ToString() => $"{Incidents:N0} incidents, {Votes:N0} votes on {Ideas:N0} ideas, {ShoutOuts:N0} shout-outs, {Answers:N0} check-in answers";
    }

    private static TenantSetup Setup(int teamCount)
    {
        var standards = Enumerable.Range(0, 8).Select(i => new Standard(
            $"s{i}", "tp1", i < 4 ? StandardKind.Hard : StandardKind.Soft, $"Standard {i}", null, i < 4 ? "%" : null, i < 4 ? Direction.HigherIsBetter : null, i < 4, null,
            [new(new DateOnly(2026, 1, 1), i < 4 ? 90 : 4)], null)).ToList();
        var teams = Enumerable.Range(0, teamCount).Select(t => new TeamSetup(
            $"team{t:D4}", $"Site {t:D4}", null, Zones[t % Zones.Length], new TimeOnly(18, 0),
            [new TeamMember($"mgr{t}", "Manager", TeamRole.Manager), .. Enumerable.Range(0, 10).Select(m => new TeamMember($"u{t}-{m}", $"Person {m}", TeamRole.FrontLine))], [])).ToList();
        return new TenantSetup(new Organisation("Bench", "Europe/London", "GBP", []), [new("tp1", 1, "Delivery", "", ""), new("tp2", 2, "Installation", "", "")], standards, teams,
            [new LeadershipChannel("19:bench@thread.tacv2", "Leaders", true, [])]);
    }

    private static async Task<Loaded> LoadAsync(
        TableServiceClient tables, IncidentStore incidentStore, IdeaStore ideas, ShoutOutStore shoutOuts, MemoryCheckins checkins, TenantSetup setup, List<DateOnly> mondays, int records, int parallel)
    {
        var teamWeeks = setup.Teams.SelectMany(t => mondays.Select(m => (Team: t, Monday: m))).ToList();
        int Per(double share) => (int)Math.Round(records * share / teamWeeks.Count);
        var incidentsPer = Per(0.15);
        var votesPer = Per(0.45);
        var shoutOutsPer = Per(0.10);
        var answersPer = Per(0.30);
        const int IdeasPer = 3;
        var table = tables.GetTableClient(IncidentNames.IncidentsTable);
        await table.CreateIfNotExistsAsync(default);
        await ideas.TeamIdeaIdsAsync(Tenant, "none", 1, default); // creates the table
        var counts = new int[5];
        var done = 0;
        await Parallel.ForEachAsync(teamWeeks, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (tw, ct) =>
        {
            var random = new Random(HashCode.Combine(tw.Team.Id, tw.Monday.DayNumber));
            var (start, end) = ScorecardWeek.Bounds(tw.Monday, ScorecardWeek.Zone(tw.Team.TimeZone));
            DateTimeOffset At() => start.AddSeconds(random.NextDouble() * (end - start).TotalSeconds);
            var pk = IncidentKeys.WeekOf(Tenant, tw.Team.Id, tw.Monday);

            // Incidents: the store's own rows, bulk-loaded per partition; one counters shard with their totals.
            var rows = new List<TableEntity>();
            var totals = new CounterDelta(0, 0, 0, 0, 0);
            for (var n = 0; n < incidentsPer; n++)
            {
                var occurred = At();
                var logged = occurred.AddMinutes(random.Next(1, 240));
                var reference = $"INC-2026-{tw.Team.Id}-{tw.Monday.DayNumber}-{n:D4}";
                var status = (IncidentStatus)random.Next(5);
                var incident = new Incident(reference, Tenant, tw.Team.Id, tw.Team.Name, tw.Team.Members[1].UserId, null, "what", occurred, random.Next(2) == 0 ? "tp1" : "tp2", $"s{random.Next(8)}",
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
                totals = new CounterDelta(totals.Logged + 1, totals.Resolved + (status == IncidentStatus.Resolved ? 1 : 0), totals.Declined + (status == IncidentStatus.Declined ? 1 : 0), totals.Recovered + (incident.Recovered ? 1 : 0), totals.Cost + incident.Cost!.Value);
            }

            rows.Add(IncidentStore.CounterRow(pk, IncidentKeys.Counters + "|0", totals));
            foreach (var chunk in rows.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
            }

            Interlocked.Add(ref counts[0], incidentsPer);

            // Ideas through their store; votes too (the vote path itself), spread over the week's ideas.
            for (var n = 0; n < IdeasPer; n++)
            {
                var submitted = At();
                var status = (IdeaStatus)random.Next(5);
                var idea = new Idea($"{tw.Team.Id}-{tw.Monday.DayNumber}-{n}", Tenant, tw.Team.Id, tw.Team.Members[2].UserId, null, new IdeaText($"Problem {n}", "Proposal", null, null, null, null),
                    status, null, null, submitted, status == IdeaStatus.New ? submitted : submitted.AddHours(random.Next(1, 100)), null);
                await ideas.CreateAsync(idea, ct);
                await ideas.IndexAsync(idea, ct);
                var votes = (votesPer / IdeasPer) + (n < votesPer % IdeasPer ? 1 : 0);
                for (var v = 0; v < votes; v++)
                {
                    await ideas.AddVoteAsync(Tenant, idea.Id, $"voter{v}", submitted, ct);
                }

                Interlocked.Add(ref counts[1], votes);
                Interlocked.Increment(ref counts[2]);
            }

            for (var n = 0; n < shoutOutsPer; n++)
            {
                var recipient = tw.Team.Members[1 + random.Next(tw.Team.Members.Count - 1)];
                await shoutOuts.TryAddAsync(new ShoutOut($"{tw.Team.Id}-{tw.Monday.DayNumber}-{n}", Tenant, "giver", "Giver", [new Recipient(recipient.UserId, recipient.Name!)], new Behaviour($"s:s{random.Next(8)}", "Standard", "⭐"), "thanks", At(), random.Next(4)), ct);
            }

            Interlocked.Add(ref counts[3], shoutOutsPer);
            for (var n = 0; n < answersPer; n++)
            {
                var answered = random.Next(10) < 7;
                checkins.Add(Tenant, tw.Monday, new CheckinAnswer(tw.Team.Id, tw.Team.Members[1 + (n % 10)].UserId, tw.Monday.AddDays(n % 7), answered ? DateTimeOffset.UnixEpoch : null,
                    answered ? new Dictionary<string, double> { [$"s{n % 8}"] = n % 8 < 4 ? random.Next(70, 101) : random.Next(1, 6) } : []));
            }

            Interlocked.Add(ref counts[4], answersPer);
            if (Interlocked.Increment(ref done) % 500 == 0)
            {
                Console.Error.WriteLine($"  {done:N0} of {teamWeeks.Count:N0} team-weeks loaded");
            }
        });

        return new Loaded(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Check-in answers and their weekly summaries in memory, kept as answers are added (as the check-ins feature does in its table).</summary>
    private sealed class MemoryCheckins : ICheckinResults
    {
        private readonly ConcurrentDictionary<(string, string, DateOnly), List<CheckinAnswer>> _answers = new();

        public void Add(string tenantId, DateOnly monday, CheckinAnswer answer)
        {
            var list = _answers.GetOrAdd((tenantId, answer.TeamId, monday), _ => []);
            lock (list)
            {
                list.Add(answer);
            }
        }

        public Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
        {
            if (!_answers.TryGetValue((tenantId, teamId, monday), out var list))
            {
                return Task.FromResult(CheckinWeek.Empty);
            }

            lock (list)
            {
                var values = list.Where(a => a.AnsweredAt is not null).SelectMany(a => a.Values).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => new ValueTotal(g.Sum(kv => kv.Value), g.Count()));
                return Task.FromResult(new CheckinWeek(list.Count, list.Count(a => a.AnsweredAt is not null), values));
            }
        }

        public Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken)
        {
            if (!_answers.TryGetValue((tenantId, teamId, monday), out var list))
            {
                return Task.FromResult<IReadOnlyList<CheckinAnswer>>([]);
            }

            lock (list)
            {
                return Task.FromResult<IReadOnlyList<CheckinAnswer>>([.. list]);
            }
        }
    }

    /// <summary>Counts the entities the table service returns (a query's rows, or one per entity read) and the requests.</summary>
    private sealed class EntityCounter : DelegatingHandler
    {
        private long _entities;
        private long _requests;

        public long Entities => Interlocked.Read(ref _entities);

        public long Requests => Interlocked.Read(ref _requests);

        public void Reset()
        {
            Interlocked.Exchange(ref _entities, 0);
            Interlocked.Exchange(ref _requests, 0);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _requests);
            if (request.Method != HttpMethod.Get || !response.IsSuccessStatusCode || request.RequestUri?.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal) == true)
            {
                return response;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var node = body.Length == 0 ? null : JsonNode.Parse(body);
            Interlocked.Add(ref _entities, node?["value"] is JsonArray rows ? rows.Count : node?["PartitionKey"] is not null ? 1 : 0);
            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = copy;
            return response;
        }
    }
}
