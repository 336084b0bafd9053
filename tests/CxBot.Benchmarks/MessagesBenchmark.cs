using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Benchmarks;

/// <summary>
/// Message and invoke round trips through <c>/api/messages</c> on real Kestrel with JWT validation on (minted key), replies to a
/// local fake connector, references in a real Azurite; an open-loop load at a fixed rate.
/// Usage: <c>messages [--seconds 30] [--rate 200] [--warmup 3]</c>.
/// </summary>
internal static class MessagesBenchmark
{
    private const string AppId = BotApp.AppId;
    private const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 30);
        var rate = Option(args, "--rate", 200);
        var warmup = Option(args, "--warmup", 3);

        await using var rig = await AuthenticatedRig.StartAsync();
        var bot = rig.Bot;
        var connector = rig.Connector;
        var http = rig.Http;
        var bodies = Bodies(connector.ServiceUrl, users: 50);

        Console.Error.WriteLine($"warming up for {warmup} s at {rate}/s…");
        await LoadAsync(http, bodies, rate, warmup);
        var sentBefore = connector.Requests.Count;
        var gcBefore = GC.CollectionCount(0);
        Console.Error.WriteLine($"measuring for {seconds} s at {rate}/s…");
        var peak = new PeakWorkingSet();
        var result = await LoadAsync(http, bodies, rate, seconds, peak);
        await connector.WaitForRequestsAsync(sentBefore + result.Messages, TimeSpan.FromSeconds(10));

        Print(result, rate, seconds, connector.Requests.Count - sentBefore, peak.Peak, GC.CollectionCount(0) - gcBefore);
        return result.Errors == 0 ? 0 : 1;
    }

    private static async Task<LoadResult> LoadAsync(HttpClient http, (string Body, bool IsInvoke)[] bodies, int rate, int seconds, PeakWorkingSet? peak = null)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        var errors = 0;
        var messages = 0;
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (i % rate == 0)
            {
                peak?.Sample();
            }

            var (body, isInvoke) = bodies[i % bodies.Length];
            if (!isInvoke)
            {
                messages++;
            }

            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("api/messages", content);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        peak?.Sample();
        Array.Sort(latencies);
        return new LoadResult(total, errors, messages, elapsed, latencies);
    }

    private static (string Body, bool IsInvoke)[] Bodies(string serviceUrl, int users)
    {
        var list = new List<(string, bool)>();
        for (var u = 0; u < users; u++)
        {
            var from = new JsonObject { ["id"] = $"29:bench-user-{u}", ["name"] = "Bench User", ["aadObjectId"] = Guid.NewGuid().ToString() };
            var conversation = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = $"a:bench-conversation-{u}" };
            JsonObject Common(string type) => new()
            {
                ["type"] = type,
                ["id"] = "bench-" + u,
                ["serviceUrl"] = serviceUrl,
                ["channelId"] = "msteams",
                ["from"] = from.DeepClone(),
                ["conversation"] = conversation.DeepClone(),
                ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "CxBot" },
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            };
            var message = Common("message");
            message["text"] = "help";
            var invoke = Common("invoke");
            invoke["name"] = "adaptiveCard/action";
            invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "help.show", ["data"] = new JsonObject() }, ["trigger"] = "manual" };
            list.Add((message.ToJsonString(), false));
            list.Add((invoke.ToJsonString(), true));
        }

        return [.. list];
    }

    private static void Print(LoadResult r, int rate, int seconds, int connectorPosts, long peakWorkingSet, int gen0)
    {
        static string Ms(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        double P(double q) => LatencyStats.Percentile(r.Latencies, q);
        Console.WriteLine($"### /api/messages round trips ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release)");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| offered load | {rate} requests/s for {seconds} s (half `help` messages replying with a card to a fake connector, half `Action.Execute` invokes), JWT validation on |");
        Console.WriteLine($"| requests | {r.Total} ({r.Messages} messages, {r.Total - r.Messages} invokes) |");
        Console.WriteLine($"| throughput | {(r.Total / r.Elapsed).ToString("0.0", CultureInfo.InvariantCulture)} requests/s |");
        Console.WriteLine($"| latency p50 / p90 / p99 / max | {Ms(P(0.50))} / {Ms(P(0.90))} / {Ms(P(0.99))} / {Ms(r.Latencies[^1])} |");
        Console.WriteLine($"| errors (non-200) | {r.Errors} |");
        Console.WriteLine($"| replies received by the fake connector | {connectorPosts} |");
        Console.WriteLine($"| peak working set (whole benchmark process: bot + load generator + fakes) | {peakWorkingSet / (1024 * 1024)} MB |");
        Console.WriteLine($"| gen-0 GCs during the run | {gen0} |");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record LoadResult(int Total, int Errors, int Messages, double Elapsed, double[] Latencies);

    private sealed class PeakWorkingSet
    {
        public long Peak { get; private set; }

        public void Sample()
        {
            using var self = Process.GetCurrentProcess();
            Peak = Math.Max(Peak, self.WorkingSet64);
        }
    }
}
