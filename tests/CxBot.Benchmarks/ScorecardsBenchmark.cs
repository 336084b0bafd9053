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
/// their history, 45 % idea votes, 10 % shout-outs, 30 % check-in answers), bulk-loaded by <see cref="ScorecardsLoad"/>. Then,
/// each phase timed alone: the rollup job for the trend weeks and the reported one, building every scorecard of the reported
/// week (all teams and the organisation, bound to the card), and the recomputation compared with the rollups. Entities read are
/// counted on the wire. Azurite holds everything in memory: <c>--heap</c> sets its Node heap limit in MB.
/// Usage: <c>scorecards [--teams 500] [--records 1000000] [--weeks 12] [--parallel 16] [--heap 12288]</c>.
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
        var heap = Option(args, "--heap", 12288);

        await using var azurite = await AzuriteServer.StartAsync(heap);
        var counter = new EntityCounter { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 64 } };
        var tables = TestTables.CreateService(azurite.Endpoint, TestTables.UniquePrefix(), b => b.MaxRetries = 5, counter);
        var clock = TimeProvider.System;
        var setupStore = new SetupStore(tables);
        var setupService = new SetupService(setupStore, new SetupRoles(Options.Create(new AdminOptions())), new MemoryCache(new MemoryCacheOptions()), clock, NullLogger<SetupService>.Instance);
        var incidents = new IncidentStore(tables);
        var ideas = new IdeaStore(tables);
        var shoutOuts = new ShoutOutStore(tables);
        var checkins = new CheckinStore(tables);
        var options = Options.Create(new ScorecardOptions());
        var store = new ScorecardStore(tables);
        var service = new ScorecardService(new ScorecardSources(new IncidentWeeks(incidents), new IdeaResults(ideas), new ShoutOutFacts(shoutOuts), checkins, new CxBot.Features.Measures.MeasureStore(tables), new CxBot.Features.CustomerVoice.SurveyAnswerStore(tables, Options.Create(new CxBot.Features.CustomerVoice.CustomerVoiceOptions()))), store, setupService, options, clock);
        var cards = new CardTemplates(Path.Combine(RepoPaths.Root, "cards"), [], NullLogger<CardTemplates>.Instance);

        var setup = Setup(teamCount);
        var snapshot = await setupStore.LoadAsync(Tenant, default);
        await setupStore.SaveAsync(snapshot, setup, "bench", "bench", clock.GetUtcNow(), default);
        var mondays = Enumerable.Range(0, weekCount).Select(i => Reported.AddDays(-7 * (weekCount - 1 - i))).ToList();

        Phase("loading");
        var load = Stopwatch.StartNew();
        var loaded = await new ScorecardsLoad(tables, ideas).RunAsync(Tenant, setup, mondays, records, parallel, default);
        load.Stop();
        Console.Error.WriteLine($"loaded {loaded.Total:N0} records in {load.Elapsed.TotalSeconds:F0} s: {loaded}; Azurite peak {azurite.PeakWorkingSet64 / 1048576.0:F0} MB");

        // The rollup job, as it runs over time: every trend week, then the reported one (timed alone).
        var trend = options.Value.TrendWeeks;
        Phase("rollup job, trend weeks");
        var rollupTrend = Stopwatch.StartNew();
        await service.RollupAsync(Tenant, setup, [.. mondays.Where(m => m < Reported && m >= Reported.AddDays(-7 * trend))], default);

        rollupTrend.Stop();
        Console.Error.WriteLine($"  rollup job, {trend} trend weeks: {rollupTrend.Elapsed.TotalSeconds:F1} s");
        counter.Reset();
        Phase("rollup job, reported week");
        var rollup = Stopwatch.StartNew();
        await service.RollupAsync(Tenant, setup, Reported, default);
        rollup.Stop();
        var rollupRead = counter.Entities;
        var rollupRequests = counter.Requests;
        Console.Error.WriteLine($"  rollup job, the reported week: {rollup.Elapsed.TotalSeconds:F1} s, {rollupRead:N0} entities in {rollupRequests:N0} requests");

        // Building: every team's card and the organisation's, from the rollups alone.
        GC.Collect();
        Phase("build");
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
        Console.Error.WriteLine($"  build: {build.Elapsed.TotalSeconds:F2} s, {buildRead:N0} entities in {buildRequests:N0} requests, {buildAllocated / 1048576.0:F0} MB allocated");

        counter.Reset();
        Phase("recompute and compare");
        var verify = Stopwatch.StartNew();
        var differences = (await service.VerifyAsync(Tenant, Reported, default)).Differences;
        verify.Stop();
        var verifyRead = counter.Entities;
        var verifyRequests = counter.Requests;
        Phase("done");

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"| scorecards ({teamCount} teams, {loaded.Total:N0} records over {weekCount} weeks) | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| build all {teamCount + 1} scorecards of one week (rollups read, data built, cards bound) | {build.Elapsed.TotalSeconds:F2} s |");
        Console.WriteLine($"| entities read by the build | {buildRead:N0} in {buildRequests:N0} request(s) ({teamCount} teams × {trend + 1} weeks = {teamCount * (trend + 1):N0}) |");
        Console.WriteLine($"| allocated by the build | {buildAllocated / 1048576.0:F0} MB |");
        Console.WriteLine($"| peak working set of the benchmark process (whole run, loading included) | {process.PeakWorkingSet64 / 1048576.0:F0} MB |");
        Console.WriteLine($"| rollup job, the reported week, all teams | {rollup.Elapsed.TotalSeconds:F1} s, {rollupRead:N0} entities in {rollupRequests:N0} requests |");
        Console.WriteLine($"| peak working set of Azurite (Node, heap limit {heap:N0} MB) | {azurite.PeakWorkingSet64 / 1048576.0:F0} MB |");
        Console.WriteLine($"| rollup job, {trend} trend weeks | {rollupTrend.Elapsed.TotalSeconds:F1} s |");
        Console.WriteLine($"| recomputation of the week and comparison | {verify.Elapsed.TotalSeconds:F1} s, {verifyRead:N0} entities in {verifyRequests:N0} requests; {differences.Count} difference(s) |");
        Console.WriteLine($"| loading (not part of the figures) | {load.Elapsed.TotalSeconds:F0} s; {loaded} |");
        Console.WriteLine($"| bound card JSON, all scorecards | {bytes / 1024.0:F0} KB |");
        foreach (var d in differences.Take(10))
        {
            Console.Error.WriteLine($"difference: team {d.TeamId} {d.Path}: stored {d.Stored}, recomputed {d.Recomputed}");
        }

        return differences.Count == 0 ? 0 : 1;
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

    /// <summary>Marks the start of a phase with the time (UTC) and the load average, for the README.</summary>
    private static void Phase(string name) =>
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} UTC, load average {File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => a + " " + b)}: {name}");

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
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
