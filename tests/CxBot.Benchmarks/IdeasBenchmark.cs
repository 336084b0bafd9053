using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Testing;

namespace CxBot.Benchmarks;

/// <summary>
/// Vote bursts through <c>/api/messages</c> on real Kestrel with JWT validation on, votes in a real Azurite: 100 people voting at
/// the same moment on one idea, then 1,000 votes spread over 50 ideas (20 voters each, at most <c>--concurrency</c> in flight).
/// Reports latency percentiles, CPU time per vote (this process, Azurite, the rest of the machine) and the final counts read back through the card. Usage: <c>ideas [--concurrency 100] [--warmup 30]</c> (at most that many warm-up rounds; 0 for a cold start).
/// </summary>
internal static partial class IdeasBenchmark
{
    private const string AppId = BotApp.AppId;
    private const string Tenant = "6a0f3c2e-1b7d-4e9a-8c55-2b1c3d4e5f60";
    private const string TeamId = "19:bench-ideas-team@thread.tacv2";

    public static async Task<int> RunAsync(string[] args)
    {
        var concurrency = Option(args, "--concurrency", 100);
        var warmup = Option(args, "--warmup", 30);
        var warmRounds = 0;
        await using var rig = await AuthenticatedRig.StartAsync();
        var connector = rig.Connector;
        var http = rig.Http;
        var a = new Activities(connector.ServiceUrl);

        var admin = Guid.NewGuid().ToString();
        await PostAsync(http, a.Install(admin, personal: true));
        await PostAsync(http, a.Install(admin, personal: false));
        var ideas = new List<string>();
        var warmIdeas = warmup > 0 ? 50 : 0;
        for (var i = 0; i < 51 + warmIdeas; i++)
        {
            var body = await PostAsync(http, a.Execute(admin, "ideas.submit", new JsonObject
            {
                ["token"] = "bench-" + i, ["teamId"] = TeamId, ["problem"] = $"Problem {i}", ["proposal"] = $"Proposal {i}",
            }, channel: false));
            ideas.Add(JsonNode.Parse(body)!["value"]!["refresh"]!["action"]!["data"]!["ideaId"]!.GetValue<string>());
        }

        // Warm-up: a few votes on an idea the bursts do not use.
        await BurstAsync(http, [.. Enumerable.Range(0, 20).Select(_ => a.Vote(Guid.NewGuid().ToString(), ideas[0]))], 20);
        if (warmup > 0)
        {
            // A bot that has served a while: rounds of votes on ideas the bursts do not count, until a round makes the runtime
            // compile fewer than 20 methods (the vote path is then in the JIT's optimised tier, and V8 has optimised Azurite's),
            // at most --warmup rounds. The first votes after a start run unoptimised code: --warmup 0 measures that.
            for (var round = 1; ; round++)
            {
                var compiled = JitInfo.GetCompiledMethodCount();
                var warm = Enumerable.Range(0, 1000).Select(i => a.Vote(Guid.NewGuid().ToString(), ideas[51 + (i % warmIdeas)])).ToArray();
                await BurstAsync(http, warm, concurrency);
                await Task.Delay(TimeSpan.FromSeconds(1));
                var fresh = JitInfo.GetCompiledMethodCount() - compiled;
                Console.Error.WriteLine($"warm-up round {round}: 1,000 votes, {fresh} methods compiled");
                if (fresh < 20 || round >= warmup)
                {
                    warmRounds = round;
                    break;
                }
            }
        }

        Console.Error.WriteLine("burst 1: 100 simultaneous votes on one idea…");
        var one = await BurstAsync(http, [.. Enumerable.Range(0, 100).Select(_ => a.Vote(Guid.NewGuid().ToString(), ideas[1]))], 100);
        var oneCount = await CountAsync(http, a, ideas[1]);

        Console.Error.WriteLine($"burst 2: 1,000 votes over 50 ideas, {concurrency} in flight…");
        var spread = ideas.Skip(1).Take(50).SelectMany(id => Enumerable.Range(0, 20).Select(_ => (Voter: Guid.NewGuid().ToString(), Idea: id))).ToList();
        Shuffle(spread);
        var many = await BurstAsync(http, [.. spread.Select(v => a.Vote(v.Voter, v.Idea))], concurrency);
        var counts = await Task.WhenAll(ideas.Skip(2).Take(49).Select(id => CountAsync(http, a, id)));
        var firstAfter = await CountAsync(http, a, ideas[1]);

        Print(one, oneCount, many, counts, firstAfter, concurrency, warmRounds);
        var exact = oneCount == 100 && firstAfter == 120 && counts.All(c => c == 20);
        return one.Errors + many.Errors == 0 && exact ? 0 : 1;
    }

    private static async Task<Burst> BurstAsync(HttpClient http, string[] bodies, int concurrency)
    {
        var latencies = new double[bodies.Length];
        var errors = 0;
        using var gate = new SemaphoreSlim(concurrency);
        var cpu = new CpuMeter();
        var before = cpu.Read();
        var pausedBefore = GC.GetTotalPauseDuration();
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(bodies.Select(async (body, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("api/messages", content);
                var text = await response.Content.ReadAsStringAsync();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK || !text.Contains("Thanks for your vote.", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref errors);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var used = cpu.Read() - before;
        var gc = new GcSample(GC.GetTotalPauseDuration() - pausedBefore, GC.CollectionCount(0) - gcBefore[0], GC.CollectionCount(1) - gcBefore[1], GC.CollectionCount(2) - gcBefore[2]);
        Array.Sort(latencies);
        return new Burst(bodies.Length, errors, elapsed, latencies, used.Scale(1.0 / bodies.Length), gc);
    }

    /// <summary>The count as the card shows it to someone who refreshes.</summary>
    private static async Task<int> CountAsync(HttpClient http, Activities a, string ideaId)
    {
        var body = await PostAsync(http, a.Execute(Guid.NewGuid().ToString(), "ideas.refresh", new JsonObject { ["ideaId"] = ideaId }, channel: true));
        return int.Parse(Votes().Match(body).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/messages", content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? text : throw new InvalidOperationException($"setup request failed: {(int)response.StatusCode}");
    }

    private static void Shuffle<T>(List<T> list)
    {
        var random = new Random(42);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private static void Print(Burst one, int oneCount, Burst many, int[] counts, int firstAfter, int concurrency, int warmRounds)
    {
        static string Ms(double v) => v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
        static double P(Burst b, double q) => LatencyStats.Percentile(b.Latencies, q);
        static string Row(string name, Burst b) =>
            $"| {name} | {b.Total} | {b.Errors} | {(b.Total / b.Elapsed).ToString("0", CultureInfo.InvariantCulture)}/s | {Ms(P(b, 0.50))} | {Ms(P(b, 0.90))} | {Ms(P(b, 0.99))} | {Ms(b.Latencies[^1])} |";
        Console.WriteLine($"### Idea vote bursts ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release, Azurite, JWT on)");
        Console.WriteLine();
        Console.WriteLine(warmRounds == 0
            ? "Cold: no warm-up beyond 20 votes (the vote path runs unoptimised code at first)."
            : $"Warm: {warmRounds} warm-up round(s) of 1,000 votes on 50 other ideas, until a round compiled fewer than 20 methods.");
        Console.WriteLine();
        Console.WriteLine("| burst | votes | errors | throughput | p50 | p90 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(Row("100 at once on one idea", one));
        Console.WriteLine(Row($"1,000 over 50 ideas ({concurrency} in flight)", many));
        Console.WriteLine();
        static string Cpu(string name, Burst b) =>
            $"CPU per vote, {name}: bot and load generator {Ms(b.CpuPerVote.Bench.TotalMilliseconds)}, Azurite {Ms(b.CpuPerVote.Azurite.TotalMilliseconds)}, other processes {Ms(b.CpuPerVote.Others.TotalMilliseconds)}.";
        Console.WriteLine(Cpu("100 at once", one));
        Console.WriteLine(Cpu("1,000 over 50 ideas", many));
        static string Gc(string name, Burst b) =>
            $"Garbage collections in this process, {name}: {b.Gc.Gen0} gen0, {b.Gc.Gen1} gen1, {b.Gc.Gen2} gen2, pausing it {Ms(b.Gc.Paused.TotalMilliseconds)} in all ({(GCSettings.IsServerGC ? "server" : "workstation")} GC).";
        Console.WriteLine(Gc("100 at once", one));
        Console.WriteLine(Gc("1,000 over 50 ideas", many));
        Console.WriteLine();
        Console.WriteLine($"Final counts read back through the card: one idea {oneCount} (expected 100), then {firstAfter} after burst 2 (expected 120); " +
            $"the other 49 ideas {counts.Count(c => c == 20)} of 49 at exactly 20 (min {counts.Min()}, max {counts.Max()}).");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex(@"(\d+) votes?\b")]
    private static partial Regex Votes();

    /// <summary>A burst's outcome; <paramref name="CpuPerVote"/> is CPU time per vote: this process (bot and load generator), Azurite, and the rest of the machine.</summary>
    private sealed record Burst(int Total, int Errors, double Elapsed, double[] Latencies, CpuSample CpuPerVote, GcSample Gc);

    /// <summary>Garbage collections in this process (the bot and the load generator) during a burst, and the time they paused it.</summary>
    private sealed record GcSample(TimeSpan Paused, int Gen0, int Gen1, int Gen2);

    /// <summary>Teams-shaped activities for one tenant and team.</summary>
    private sealed class Activities(string serviceUrl)
    {
        private int _next;

        public string Install(string aad, bool personal)
        {
            var a = Common("installationUpdate", aad, personal);
            a["action"] = "add";
            return a.ToJsonString();
        }

        public string Vote(string aad, string ideaId) => Execute(aad, "ideas.vote", new JsonObject { ["ideaId"] = ideaId }, channel: true);

        public string Execute(string aad, string verb, JsonObject data, bool channel)
        {
            var a = Common("invoke", aad, !channel);
            a["name"] = "adaptiveCard/action";
            a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" };
            return a.ToJsonString();
        }

        private JsonObject Common(string type, string aad, bool personal) => new()
        {
            ["type"] = type,
            ["id"] = "bench-" + Interlocked.Increment(ref _next),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:" + aad, ["name"] = "Bench User", ["aadObjectId"] = aad },
            ["conversation"] = personal
                ? new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = "a:" + aad }
                : new JsonObject { ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant, ["id"] = TeamId },
            ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "CxBot" },
            ["channelData"] = personal
                ? new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } }
                : new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant }, ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Bench team" }, ["channel"] = new JsonObject { ["id"] = TeamId } },
        };
    }
}
