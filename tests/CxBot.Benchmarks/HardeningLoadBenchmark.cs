using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Benchmarks;

/// <summary>
/// The hardening load: a mix of typed messages, card actions (incident refresh), idea votes and incident submissions through
/// <c>/api/messages</c> (JWT validation on, Kestrel, Azurite) at a fixed open-loop rate, with the working set sampled every 5 s.
/// Options: <c>--duration 300</c> (s), <c>--rate 200</c>, <c>--latency 0</c> (ms added to every storage request),
/// <c>--outage 0</c> (s of storage down in the middle of the run; acknowledged incidents are then checked against storage),
/// <c>--profile 50</c> (requests of each kind sent alone first, to count the storage requests each kind makes; 0 skips it).
/// Usage: <c>load [--duration 300] [--rate 200] [--latency 20]</c>; <c>storage-outage</c> is <c>load --outage 30 --duration 90</c>.
/// </summary>
internal static class HardeningLoadBenchmark
{
    private const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";
    private static readonly string[] Kinds = ["message", "card action", "vote", "incident"];

    public static Task<int> OutageAsync(string[] args) => RunAsync(["--outage", "30", "--duration", "90", .. args]);

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = Option(args, "--duration", 300);
        var rate = Option(args, "--rate", 200);
        var latency = Option(args, "--latency", 0);
        var outage = Option(args, "--outage", 0);
        var profile = Option(args, "--profile", 50);
        var faults = new StorageFaults();
        var counter = new StorageRequestCounter();
        await using var rig = await AuthenticatedRig.StartAsync(s => s.AddHttpClient(StorageSetup.HttpClientName)
            .AddHttpMessageHandler(faults.CreateHandler).AddHttpMessageHandler(counter.CreateHandler));

        counter.Prefix = rig.Bot.TablePrefix;

        // The connector would otherwise keep every card the bot sends, and the rig's memory would grow with the load.
        rig.Connector.Record = false;
        var serviceUrl = rig.Connector.ServiceUrl;
        var (team, manager, people, reference, ideaId) = await SetUpAsync(rig, serviceUrl);
        var perKind = profile > 0 ? await ProfileAsync(rig, counter, profile, Body) : [];
        faults.Latency = TimeSpan.FromMilliseconds(latency);

        var total = duration * rate;
        var latencies = Kinds.ToDictionary(k => k, _ => new ConcurrentQueue<double>());
        var errors = Kinds.ToDictionary(k => k, _ => 0);
        var friendly = 0;
        var busy = 0;
        var acknowledged = new ConcurrentDictionary<string, string>();
        var memory = new List<(double Seconds, double Mb, double HeapMb)>();

        // Finished requests are not kept: the generator counts those in flight and waits for the last one to signal.
        var outstanding = 1;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heapAfterWarmUp = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        var storageBefore = counter.Total;
        var refusalsBefore = counter.Refusals();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var nextSample = TimeSpan.Zero;
        Console.Error.WriteLine($"load: {rate}/s for {duration} s, storage latency {latency} ms, outage {outage} s…");
        for (var i = 0; i < total; i++)
        {
            var wait = (interval * i) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (clock.Elapsed >= nextSample)
            {
                using var self = Process.GetCurrentProcess();
                memory.Add((clock.Elapsed.TotalSeconds, self.WorkingSet64 / 1048576.0, GC.GetTotalMemory(forceFullCollection: false) / 1048576.0));
                nextSample += TimeSpan.FromSeconds(5);
            }

            if (outage > 0)
            {
                var at = clock.Elapsed.TotalSeconds;
                faults.Down = at >= (duration - outage) / 2.0 && at < ((duration - outage) / 2.0) + outage;
            }

            var kind = Kinds[i % Kinds.Length];
            var token = "load-" + i.ToString(CultureInfo.InvariantCulture);
            var body = Body(kind, i, token);
            Interlocked.Increment(ref outstanding);
            _ = Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await rig.Http.PostAsync("api/messages", content);
                    var answer = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        lock (errors)
                        {
                            if (errors.Values.Sum() == 0)
                            {
                                Console.Error.WriteLine($"first error: {kind} {(int)response.StatusCode} {answer[..Math.Min(300, answer.Length)]}");
                            }

                            errors[kind]++;
                        }
                    }
                    else if (answer.Contains("try again in a minute", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref friendly);
                    }
                    else if (answer.Contains(IncidentRoutes.Busy, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref busy);
                    }
                    else if (kind == "incident" && answer.IndexOf("INC-", StringComparison.Ordinal) is var at and >= 0)
                    {
                        acknowledged[token] = answer.Substring(at, 15);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // TaskCanceledException: the client's 100 s timeout, when the backlog outgrows the bot.
                    lock (errors)
                    {
                        errors[kind]++;
                    }
                }
                finally
                {
                    latencies[kind].Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (Interlocked.Decrement(ref outstanding) == 0)
                    {
                        allDone.SetResult();
                    }
                }
            });
        }

        if (Interlocked.Decrement(ref outstanding) == 0)
        {
            allDone.SetResult();
        }

        await allDone.Task;
        var storageRequests = counter.Total - storageBefore;

        string Body(string kind, int i, string token)
        {
            // Each kind comes every Kinds.Length requests: its own round r picks the person, so every person does every kind
            // (incidents from all 40, not 10), messages alternate help / my incidents, and each person votes on one round through
            // the people and takes the vote back on the next, so every vote and take-back changes something.
            var r = i / Kinds.Length;
            var person = people[r % people.Length];
            return kind switch
            {
                "help" => Message(serviceUrl, person, "help"),
                "my incidents" => Message(serviceUrl, person, "my incidents"),
                "message" => Message(serviceUrl, person, r % 2 == 0 ? "help" : "my incidents"),
                "card action" => Execute(serviceUrl, manager, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }),
                "idea vote" => Execute(serviceUrl, person, "ideas.vote", new JsonObject { ["ideaId"] = ideaId }, team),
                "idea unvote" => Execute(serviceUrl, person, "ideas.unvote", new JsonObject { ["ideaId"] = ideaId }, team),
                "vote" => Execute(serviceUrl, person, (r / people.Length) % 2 == 0 ? "ideas.vote" : "ideas.unvote", new JsonObject { ["ideaId"] = ideaId }, team),
                _ => Execute(serviceUrl, person, IncidentNames.Submit, Submission(team, token)),
            };
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        faults.Down = false;
        faults.Latency = TimeSpan.Zero;

        var store = rig.Bot.Services.GetRequiredService<IncidentStore>();
        var lost = 0;
        foreach (var reported in acknowledged.Values.Distinct())
        {
            if (await store.FindAsync(Tenant, reported, default) is null)
            {
                lost++;
            }
        }

        var heapAtEnd = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        Print(duration, rate, latency, outage, elapsed, latencies, errors, friendly, busy, acknowledged.Count, lost, memory, (heapAfterWarmUp, heapAtEnd), storageRequests);
        PrintPerKind(perKind, profile);
        PrintRefusals(refusalsBefore, counter.Refusals(), counter.RefusalSamples());
        return errors.Values.Sum() == 0 && lost == 0 ? 0 : 1;
    }

    /// <summary>Storage answers other than 2xx during the timed load: conflicts (409/412) show contention and its retries.</summary>
    private static void PrintRefusals(Dictionary<string, int> before, Dictionary<string, int> after, Dictionary<string, string> samples)
    {
        var during = after.Select(p => (Shape: p.Key, Count: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Count > 0).OrderByDescending(p => p.Count).ToList();
        Console.WriteLine();
        Console.WriteLine("Storage answers other than 2xx during the timed load (a transaction's inner status included): " + (during.Count == 0 ? "none" : string.Join(", ", during.Select(p => $"{p.Shape} ×{p.Count}"))));
        foreach (var (shape, _) in during.Take(3))
        {
            Console.WriteLine($"  last {shape}: {samples.GetValueOrDefault(shape)}");
        }
    }

    // Incidents first, so "my incidents" then lists people who have some (and their first claim's one-off work shows apart).
    private static readonly string[] ProfiledKinds = ["incident", "help", "my incidents", "card action", "idea vote", "idea unvote"];

    /// <summary>
    /// Sends <paramref name="count"/> requests of each kind alone, one at a time, and counts the storage requests each kind
    /// makes (background work such as notifications included: it waits until storage and connector are quiet).
    /// </summary>
    private static async Task<List<(string Kind, Dictionary<string, int> Shapes)>> ProfileAsync(AuthenticatedRig rig, StorageRequestCounter counter, int count,
        Func<string, int, string, string> body)
    {
        var result = new List<(string, Dictionary<string, int>)>();
        var n = 1_000_000;
        foreach (var kind in ProfiledKinds)
        {
            await QuietAsync(rig, counter);
            var before = counter.Snapshot();
            for (var j = 0; j < count; j++, n++)
            {
                await PostAsync(rig, body(kind, n * Kinds.Length, "profile-" + n.ToString(CultureInfo.InvariantCulture)));
            }

            await QuietAsync(rig, counter);
            var after = counter.Snapshot();
            result.Add((kind, after.Select(p => (p.Key, p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Item2 > 0).ToDictionary(p => p.Key, p => p.Item2)));
        }

        return result;
    }

    /// <summary>Waits (at most 10 s) until neither storage nor the connector saw a request for 600 ms: background work is done.</summary>
    private static async Task QuietAsync(AuthenticatedRig rig, StorageRequestCounter counter)
    {
        var deadline = Stopwatch.StartNew();
        var last = (counter.Total, rig.Connector.Received);
        var quiet = 0;
        while (quiet < 3 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(200);
            var now = (counter.Total, rig.Connector.Received);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private static void PrintPerKind(List<(string Kind, Dictionary<string, int> Shapes)> perKind, int count)
    {
        if (perKind.Count == 0)
        {
            return;
        }

        static string Per(int n, int count) => ((double)n / count).ToString("0.0#", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine($"#### Storage requests per request ({count} of each kind alone, before the timed load; background work included)");
        Console.WriteLine();
        Console.WriteLine("| kind | storage requests | queries | by shape (per request) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (kind, shapes) in perKind)
        {
            var queries = shapes.Where(p => p.Key.Contains(" query ", StringComparison.Ordinal)).Sum(p => p.Value);
            var by = string.Join(", ", shapes.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {Per(p.Value, count)}"));
            Console.WriteLine($"| {kind} | {Per(shapes.Values.Sum(), count)} | {Per(queries, count)} | {by} |");
        }
    }

    private static async Task<(string Team, string Manager, string[] People, string Reference, string IdeaId)> SetUpAsync(AuthenticatedRig rig, string serviceUrl)
    {
        var setup = rig.Bot.Services.GetRequiredService<SetupService>();
        var team = "19:load-team@thread.tacv2";
        var manager = new Caller(Tenant, Guid.NewGuid().ToString(), "Load Manager");
        var people = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await setup.ApplyAsync(manager, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, manager, team, "Load site"), default);
        await setup.ApplyAsync(manager, "team.members", (s, _) => TeamChanges.SyncMembers(s, team, [.. people.Select((p, i) => new TeamMember(p, $"Person {i}", TeamRole.FrontLine))], []), default);
        foreach (var person in people.Append(manager.UserId))
        {
            await PostAsync(rig, Message(serviceUrl, person, "help"));
        }

        var first = await PostAsync(rig, Execute(serviceUrl, people[0], IncidentNames.Submit, Submission(team, "setup-incident")));
        var reference = first.Substring(first.IndexOf("INC-", StringComparison.Ordinal), 15);
        var idea = await PostAsync(rig, Execute(serviceUrl, people[1], "ideas.submit", new JsonObject
        {
            ["token"] = "setup-idea", ["teamId"] = team, ["problem"] = "Load: late slots cause calls.", ["proposal"] = "Text customers when late.",
        }, team));
        var ideaId = JsonNode.Parse(idea)?["value"]?["refresh"]?["action"]?["data"]?["ideaId"]?.GetValue<string>() ?? "none";
        return (team, manager.UserId, people, reference, ideaId);
    }

    private static async Task<string> PostAsync(AuthenticatedRig rig, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await rig.Http.PostAsync("api/messages", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static JsonObject Submission(string team, string token)
    {
        var occurred = DateTime.UtcNow.AddMinutes(-30);
        return new JsonObject
        {
            ["token"] = token, ["teamId"] = team, ["what"] = "Load: delivery missed its slot.",
            ["date"] = occurred.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["time"] = occurred.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["severity"] = "low", ["rootCause"] = "tools", ["recovered"] = "false", ["cost"] = "10",
        };
    }

    private static string Message(string serviceUrl, string aad, string text)
    {
        var a = Activity("message", serviceUrl, aad, null);
        a["text"] = text;
        return a.ToJsonString();
    }

    private static string Execute(string serviceUrl, string aad, string verb, JsonObject data, string? team = null)
    {
        var a = Activity("invoke", serviceUrl, aad, team);
        a["name"] = "adaptiveCard/action";
        a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" };
        return a.ToJsonString();
    }

    private static JsonObject Activity(string type, string serviceUrl, string aad, string? team) => new()
    {
        ["type"] = type,
        ["id"] = "load-" + Guid.NewGuid().ToString("N"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:" + aad, ["name"] = "Load User", ["aadObjectId"] = aad },
        ["conversation"] = team is null
            ? new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = "a:load-" + aad }
            : new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = Tenant, ["id"] = team + ";messageid=1" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotApp.AppId, ["name"] = "CxBot" },
        ["channelData"] = team is null
            ? new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } }
            : new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant }, ["team"] = new JsonObject { ["id"] = team }, ["channel"] = new JsonObject { ["id"] = team } },
    };

    private static void Print(int duration, int rate, int latency, int outage, double elapsed, Dictionary<string, ConcurrentQueue<double>> latencies, Dictionary<string, int> errors,
        int friendly, int busy, int acknowledged, int lost, List<(double Seconds, double Mb, double HeapMb)> memory, (double AfterWarmUp, double AtEnd) heap, long storageRequests)
    {
        static string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
        var all = latencies.Values.SelectMany(q => q).ToArray();
        Array.Sort(all);
        Console.WriteLine($"### Hardening load ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release, Azurite, JWT on)");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| offered | {rate}/s for {duration} s (messages, card actions, votes, incident submissions in equal parts); storage latency +{latency} ms; storage outage {outage} s |");
        Console.WriteLine($"| achieved | {(all.Length / elapsed).ToString("0.0", CultureInfo.InvariantCulture)} requests/s ({all.Length} in {elapsed:0.0} s) |");
        Console.WriteLine($"| round trip p50 / p99 (all) | {Ms(LatencyStats.Percentile(all, 0.5))} / {Ms(LatencyStats.Percentile(all, 0.99))} |");
        foreach (var (kind, queue) in latencies)
        {
            var sorted = queue.ToArray();
            Array.Sort(sorted);
            Console.WriteLine($"| {kind} p50 / p99, errors | {Ms(LatencyStats.Percentile(sorted, 0.5))} / {Ms(LatencyStats.Percentile(sorted, 0.99))}, {errors[kind]} |");
        }

        Console.WriteLine($"| friendly try-again answers (storage down) | {friendly} |");
        Console.WriteLine($"| incidents answered \"busy, press Submit again\" (contended, nothing stored) | {busy} |");
        Console.WriteLine($"| incidents acknowledged / lost | {acknowledged} / {lost} |");
        Console.WriteLine($"| storage requests | {storageRequests} ({(storageRequests / elapsed).ToString("0", CultureInfo.InvariantCulture)}/s) |");
        var mb = memory.Select(m => m.Mb).ToArray();
        var slope = Slope([.. memory.Where(m => m.Seconds >= elapsed / 2).Select(m => (m.Seconds, m.Mb))]);
        var heapSlope = Slope([.. memory.Where(m => m.Seconds >= elapsed / 2).Select(m => (m.Seconds, m.HeapMb))]);
        Console.WriteLine($"| working set first / max / last (MB) | {mb.FirstOrDefault():0} / {(mb.Length == 0 ? 0 : mb.Max()):0} / {mb.LastOrDefault():0} |");
        Console.WriteLine($"| working set trend over the second half | {slope:+0.0;-0.0} MB/min |");
        Console.WriteLine($"| working set every 5 s (MB) | {string.Join(' ', mb.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))} |");
        Console.WriteLine($"| GC heap after a full collection: after warm-up / at the end (MB) | {heap.AfterWarmUp:0.0} / {heap.AtEnd:0.0} |");
        Console.WriteLine($"| GC heap (no collection) trend over the second half | {heapSlope:+0.0;-0.0} MB/min |");
    }

    /// <summary>Least-squares slope in MB per minute.</summary>
    private static double Slope(List<(double Seconds, double Mb)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }

        var mx = points.Average(p => p.Seconds);
        var my = points.Average(p => p.Mb);
        var den = points.Sum(p => (p.Seconds - mx) * (p.Seconds - mx));
        return den == 0 ? 0 : points.Sum(p => (p.Seconds - mx) * (p.Mb - my)) / den * 60;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.LastIndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
