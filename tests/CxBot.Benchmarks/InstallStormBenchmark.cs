using System.Globalization;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Testing;
using static System.FormattableString;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace CxBot.Benchmarks;

/// <summary>
/// An install storm (an admin pushes the app to everyone through a setup policy): N personal installs posted to real bot
/// processes (local mode, one Azurite) within a few seconds, every welcome going to the limited fake connector (Teams'
/// 50 requests/s per tenant, 429 + Retry-After on a breach), optionally across a simulated network. Measures how fast each
/// install is answered, and counts, from the fake's own record, the welcomes delivered, lost and duplicated and the
/// requests Teams refused.
/// Options: <c>--installs 2000</c>, <c>--seconds 20</c>, <c>--instances 2</c>, <c>--rate 50</c>, <c>--latency-ms 0</c>,
/// <c>--jitter-ms 0</c>, <c>--quiet-s 30</c> (how long without a new welcome ends the wait), <c>--setting Key=Value</c>,
/// <c>--log-dir DIR</c> (each bot process's output, written to <c>DIR/bot-N.log</c> when it ends).
/// </summary>
internal static class InstallStormBenchmark
{
    private const string Tenant = SendRig.Tenant;
    private const string FirstAdminLine = "You are the first CxBot admin";

    public static async Task<int> RunAsync(string[] args)
    {
        var installs = Option(args, "--installs", 2_000);
        var seconds = Option(args, "--seconds", 20);
        var instances = Option(args, "--instances", 2);
        var rate = Option(args, "--rate", 50);
        var latency = TimeSpan.FromMilliseconds(Option(args, "--latency-ms", 0));
        var jitter = TimeSpan.FromMilliseconds(Option(args, "--jitter-ms", 0));
        var quiet = TimeSpan.FromSeconds(Option(args, "--quiet-s", 30));
        var logDir = StringOption(args, "--log-dir");
        var extra = args.Select((a, i) => (a, i)).Where(p => p.a == "--setting" && p.i + 1 < args.Length)
            .Select(p => args[p.i + 1].Split('=', 2)).Select(kv => (kv[0], (string?)kv[1])).ToList();
        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        void Progress(string what) => Console.Error.WriteLine(Invariant($"[{clock.Elapsed.TotalSeconds,5:F0} s] {what}"));

        await using var azurite = await AzuriteServer.StartAsync();
        var prefix = TestTables.UniquePrefix();
        await using var connector = await LimitedConnector.StartAsync(new LimitedConnectorOptions { TenantPerSecond = rate, Latency = latency, Jitter = jitter });
        (string, string?)[] settings = [("Sending:TenantRequestsPerSecond", rate.ToString(CultureInfo.InvariantCulture)), .. extra];
        var bots = new List<BotProcess>();
        for (var i = 0; i < instances; i++)
        {
            bots.Add(await BotProcess.StartAsync(azurite, prefix, logDir is null ? ProcessOutput.DefaultMaxLines : 1_000_000, settings));
        }

        try
        {
            Progress(Invariant($"{instances} bot process(es) up; warming up"));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromMinutes(2) };

            // One install per process first, so the storm meets warm processes (their first request compiles the routes).
            for (var i = 0; i < bots.Count; i++)
            {
                await PostAsync(http, bots[i], Install(connector.ServiceUrl, "warm-" + i.ToString(CultureInfo.InvariantCulture)));
            }

            await connector.WaitForAcceptedAsync(bots.Count, TimeSpan.FromSeconds(30));
            var warm = connector.Accepted.Count;
            var requestsBefore = connector.Requests;
            var breachesBefore = connector.Breaches;
            Progress(Invariant($"storm: {installs} installs in {seconds} s"));

            var answers = new double[installs];
            var statuses = new int[installs];
            var storm = Stopwatch.StartNew();
            var stormStart = connector.Elapsed;
            var posts = new List<Task>(installs);
            for (var i = 0; i < installs; i++)
            {
                var due = TimeSpan.FromSeconds(seconds * (double)i / installs);
                if (due > storm.Elapsed)
                {
                    await Task.Delay(due - storm.Elapsed);
                }

                var index = i;
                posts.Add(Task.Run(async () =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    statuses[index] = await PostAsync(http, bots[index % bots.Count], Install(connector.ServiceUrl, "user-" + index.ToString("D6", CultureInfo.InvariantCulture)));
                    answers[index] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }));
            }

            await Task.WhenAll(posts);
            var postedIn = storm.Elapsed;
            Progress(Invariant($"all installs answered after {postedIn.TotalSeconds:F1} s; waiting for the welcomes"));

            var last = connector.Accepted.Count;
            var lastChange = Stopwatch.StartNew();
            while (Welcomes(connector, warm).Distinct < installs && lastChange.Elapsed < quiet && storm.Elapsed < TimeSpan.FromMinutes(20))
            {
                await Task.Delay(200);
                var now = connector.Accepted.Count;
                if (now != last)
                {
                    (last, lastChange) = (now, Stopwatch.StartNew());
                }
            }

            var (distinct, total, lastAt) = Welcomes(connector, warm);
            var requests = connector.Requests - requestsBefore;
            var breaches = connector.Breaches - breachesBefore;
            Array.Sort(answers);
            var result = new StormResult(
                installs, seconds, instances, latency, jitter, statuses.Count(s => s == 200),
                Percentile(answers, 0.50), Percentile(answers, 0.99), answers[^1], postedIn,
                distinct, total - distinct, installs - distinct, requests, breaches,
                lastAt is { } l ? l - stormStart : null, loadBefore + " → " + LoadAverage());
            Print(startedAt, rate, extra, result);
            return distinct == installs ? 0 : 1;
        }
        finally
        {
            for (var i = 0; i < bots.Count; i++)
            {
                await bots[i].DisposeAsync();
                if (logDir is not null)
                {
                    Directory.CreateDirectory(logDir);
                    await File.WriteAllTextAsync(Path.Combine(logDir, Invariant($"bot-{i}.log")), bots[i].Output);
                }
            }
        }
    }

    /// <summary>Welcomes to the storm's people (not the warm-up's, not the first admin's line): distinct people, messages, when the last arrived.</summary>
    private static (int Distinct, int Total, TimeSpan? LastAt) Welcomes(LimitedConnector connector, int warm)
    {
        var welcomes = connector.Accepted.Skip(warm)
            .Where(m => m.ConversationId.StartsWith("a:storm-user-", StringComparison.Ordinal) && m.Summary?.StartsWith(FirstAdminLine, StringComparison.Ordinal) != true)
            .ToList();
        return (welcomes.Select(m => m.ConversationId).Distinct(StringComparer.Ordinal).Count(), welcomes.Count, welcomes.Count > 0 ? welcomes.Max(m => m.At) : null);
    }

    private static async Task<int> PostAsync(HttpClient http, BotProcess bot, JsonObject activity)
    {
        try
        {
            using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{bot.Port}/api/messages"), content);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>A personal install (Teams' <c>installationUpdate</c>, action add) for one person, in their own chat.</summary>
    private static JsonObject Install(string serviceUrl, string user) => new()
    {
        ["type"] = "installationUpdate",
        ["id"] = "f:install-" + user,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = "Person " + user, ["aadObjectId"] = Guid.NewGuid().ToString() },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = "a:storm-" + user },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "CxBot" },
        ["locale"] = "en-GB",
        ["action"] = "add",
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    };

    private static void Print(DateTimeOffset startedAt, int rate, List<(string, string?)> extra, StormResult r)
    {
        Console.WriteLine("## Install storm benchmark");
        Console.WriteLine();
        Console.WriteLine(Invariant($"- Date: {startedAt:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average (1 min) {r.Load}"));
        Console.WriteLine(Invariant($"- {r.Installs:N0} personal installs in {r.Seconds} s over {r.Instances} bot process(es), one Azurite, limited fake connector at {rate}/s per tenant; network {r.Latency.TotalMilliseconds:F0} ms each way ± {r.Jitter.TotalMilliseconds:F0} ms{(extra.Count > 0 ? "; settings " + string.Join(", ", extra.Select(e => e.Item1 + "=" + e.Item2)) : "")}"));
        Console.WriteLine();
        Console.WriteLine("| installs answered 200 | answer p50 | answer p99 | answer max | welcomes delivered | lost | duplicates | requests to the connector | breaches (429 for a limit) | share of requests | last welcome after the first install |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Invariant(
            $"| {r.Answered:N0} | {r.P50:F0} ms | {r.P99:F0} ms | {r.Max:F0} ms | {r.Delivered:N0} / {r.Installs:N0} | {r.Lost} | {r.Duplicates} | {r.Requests:N0} | {r.Breaches:N0} | {(r.Requests == 0 ? 0 : (double)r.Breaches / r.Requests):P2} | {(r.LastAt is { } l ? l.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "-")} |"));
        if (r.LastAt is { } at && r.Delivered > 0)
        {
            Console.WriteLine();
            Console.WriteLine(Invariant($"- Welcomes at {r.Delivered / at.TotalSeconds:F1}/s from the first install to the last welcome ({r.Delivered / at.TotalSeconds / rate:P1} of the limit); installs posted over {r.PostedIn.TotalSeconds:F1} s."));
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string? StringOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record StormResult(
        int Installs,
        int Seconds,
        int Instances,
        TimeSpan Latency,
        TimeSpan Jitter,
        int Answered,
        double P50,
        double P99,
        double Max,
        TimeSpan PostedIn,
        int Delivered,
        int Duplicates,
        int Lost,
        int Requests,
        int Breaches,
        TimeSpan? LastAt,
        string Load);
}
