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
/// <c>--outage 0</c> (s of storage down in the middle of the run; acknowledged incidents are then checked against storage).
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
        var faults = new StorageFaults();
        await using var rig = await AuthenticatedRig.StartAsync(s => s.AddHttpClient(StorageSetup.HttpClientName).AddHttpMessageHandler(faults.CreateHandler));
        var serviceUrl = rig.Connector.ServiceUrl;
        var (team, manager, people, reference, ideaId) = await SetUpAsync(rig, serviceUrl);
        faults.Latency = TimeSpan.FromMilliseconds(latency);

        var total = duration * rate;
        var latencies = Kinds.ToDictionary(k => k, _ => new ConcurrentQueue<double>());
        var errors = Kinds.ToDictionary(k => k, _ => 0);
        var friendly = 0;
        var acknowledged = new ConcurrentDictionary<string, string>();
        var memory = new List<(double Seconds, double Mb)>();
        var tasks = new List<Task>(total);
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
                memory.Add((clock.Elapsed.TotalSeconds, self.WorkingSet64 / 1048576.0));
                nextSample += TimeSpan.FromSeconds(5);
            }

            if (outage > 0)
            {
                var at = clock.Elapsed.TotalSeconds;
                faults.Down = at >= (duration - outage) / 2.0 && at < ((duration - outage) / 2.0) + outage;
            }

            var kind = Kinds[i % Kinds.Length];
            var person = people[i % people.Length];
            var token = "load-" + i.ToString(CultureInfo.InvariantCulture);
            var body = kind switch
            {
                "message" => Message(serviceUrl, person, i % 2 == 0 ? "help" : "my incidents"),
                "card action" => Execute(serviceUrl, manager, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }),
                "vote" => Execute(serviceUrl, person, i % 8 == 2 ? "ideas.vote" : "ideas.unvote", new JsonObject { ["ideaId"] = ideaId }, team),
                _ => Execute(serviceUrl, person, IncidentNames.Submit, Submission(team, token)),
            };
            tasks.Add(Task.Run(async () =>
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

                latencies[kind].Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }));
        }

        await Task.WhenAll(tasks);
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

        Print(duration, rate, latency, outage, elapsed, latencies, errors, friendly, acknowledged.Count, lost, memory);
        return errors.Values.Sum() == 0 && lost == 0 ? 0 : 1;
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
        int friendly, int acknowledged, int lost, List<(double Seconds, double Mb)> memory)
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
        Console.WriteLine($"| incidents acknowledged / lost | {acknowledged} / {lost} |");
        var mb = memory.Select(m => m.Mb).ToArray();
        var slope = Slope(memory.Where(m => m.Seconds >= elapsed / 2).ToList());
        Console.WriteLine($"| working set first / max / last (MB) | {mb.FirstOrDefault():0} / {(mb.Length == 0 ? 0 : mb.Max()):0} / {mb.LastOrDefault():0} |");
        Console.WriteLine($"| working set trend over the second half | {slope:+0.0;-0.0} MB/min |");
        Console.WriteLine($"| working set every 5 s (MB) | {string.Join(' ', mb.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))} |");
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
