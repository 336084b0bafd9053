using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using System.Runtime.InteropServices;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;
using CxBot.Testing;
using static System.FormattableString;

namespace CxBot.Benchmarks;

/// <summary>
/// The send engine at Teams' tenant limit: 10,000 recipients through the limited fake connector (50 requests per second
/// per tenant, the per-conversation windows, 429 on any breach), sent by two real bot processes sharing one Azurite.
/// Run A: no faults. Run B: 5 % injected 429s (no Retry-After) and 5 % injected 503s, and the sending process killed
/// (SIGKILL) half-way. Counts come from the fake's own records: each message carries its send key.
/// Options: <c>--recipients N</c>, <c>--rate R</c>, <c>--runs A,B</c>, <c>--retry-after</c> (injected 429s ask for 1 s),
/// <c>--latency-ms L --jitter-ms J</c> (the network each way), <c>--strict</c> (<c>Sending:StrictPacing</c>).
/// </summary>
internal static class SendingBenchmark
{
    private const string JobId = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var recipients = Option(args, "--recipients", 10_000);
        var rate = Option(args, "--rate", 50);
        var runs = (OptionText(args, "--runs") ?? "A,B").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var retryAfter = args.Contains("--retry-after");
        var latency = TimeSpan.FromMilliseconds(Option(args, "--latency-ms", 0));
        var jitter = TimeSpan.FromMilliseconds(Option(args, "--jitter-ms", 0));
        var strict = args.Contains("--strict");
        var startedAt = DateTimeOffset.UtcNow;
        await using var azurite = await AzuriteServer.StartAsync();
        var results = new List<RunResult>();
        foreach (var run in runs)
        {
            var faults = run == "B"
                ? new LimitedConnectorFaults { Share429 = 0.05, Share503 = 0.05, RetryAfter429 = retryAfter ? TimeSpan.FromSeconds(1) : null }
                : new LimitedConnectorFaults();
            results.Add(await RunOnceAsync(azurite, run, recipients, rate, faults, kill: run == "B", latency, jitter, strict));
        }

        Print(startedAt, recipients, rate, retryAfter, results);
        Console.WriteLine(Invariant($"- Network {latency.TotalMilliseconds:F0} ms each way ± {jitter.TotalMilliseconds:F0} ms; {(strict ? "strict pacing (Sending:StrictPacing)" : "estimated arrival (default)")}"));
        return results.All(r => r.Lost == 0) ? 0 : 1;
    }

    private static async Task<RunResult> RunOnceAsync(AzuriteServer azurite, string name, int count, int rate, LimitedConnectorFaults faults, bool kill, TimeSpan latency, TimeSpan jitter, bool strict)
    {
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage();
        void Progress(string what) => Console.Error.WriteLine(Invariant($"[{name} {clock.Elapsed.TotalSeconds,4:F0} s] {what}"));
        var prefix = TestTables.UniquePrefix();
        var tables = TestTables.CreateService(azurite.Endpoint, prefix);
        await using var connector = await LimitedConnector.StartAsync(new LimitedConnectorOptions { TenantPerSecond = rate, Latency = latency, Jitter = jitter });
        var users = await SendRig.SeedUsersAsync(tables, connector.ServiceUrl, count);
        var admin = (await SendRig.SeedUsersAsync(tables, connector.ServiceUrl, 1, "admin"))[0];
        (string, string?)[] settings = [("Sending:TenantRequestsPerSecond", rate.ToString(CultureInfo.InvariantCulture)), ("Sending:StrictPacing", strict ? "true" : "false")];
        await using var first = await BotProcess.StartAsync(azurite, prefix, settings);
        await using var second = await BotProcess.StartAsync(azurite, prefix, settings);
        Progress("two bot processes up; creating the job");

        var store = new SendJobStore(tables, TimeProvider.System);
        var request = new SendJobRequest(
            SendRig.Tenant,
            JobId,
            "Benchmark broadcast",
            new Activity { Type = ActivityTypes.Message, Text = "Benchmark message" },
            [.. users.Select(u => ProactiveTarget.User(SendRig.Tenant, u))],
            ProactiveTarget.User(SendRig.Tenant, admin));
        connector.Faults = faults;
        var wall = Stopwatch.StartNew();
        await store.CreateAsync(request, request.Recipients, CancellationToken.None);
        var created = wall.Elapsed;
        var createdAt = connector.Elapsed;
        Progress(Invariant($"job of {count} created in {created.TotalMilliseconds:F0} ms"));

        var killedAt = (TimeSpan?)null;
        SendJob? job;
        var nextReport = TimeSpan.FromSeconds(20);
        while ((job = await store.GetAsync(SendRig.Tenant, JobId, CancellationToken.None)) is not { State: JobStates.Done })
        {
            if (wall.Elapsed > TimeSpan.FromMinutes(15))
            {
                Progress("gave up after 15 min");
                break;
            }

            if (kill && killedAt is null && connector.AcceptedCount >= count / 2)
            {
                var holder = await SendRig.LeaseHolderAsync(tables) ?? "";
                var victim = holder.Contains(":" + first.Id + ":", StringComparison.Ordinal) ? first : second;
                await victim.KillAsync();
                killedAt = wall.Elapsed;
                Progress(Invariant($"killed the sending process (pid {victim.Id}) after {connector.AcceptedCount} messages"));
            }

            if (wall.Elapsed > nextReport)
            {
                nextReport += TimeSpan.FromSeconds(20);
                Progress(Invariant($"{connector.AcceptedCount} accepted, {connector.Breaches} breaches"));
            }

            await Task.Delay(100);
        }

        var took = wall.Elapsed;
        var doneAt = connector.Elapsed;
        var keys = connector.CountBySendKey();
        var jobKeys = keys.Where(k => k.Key.StartsWith(JobId + "/", StringComparison.Ordinal)).ToList();
        var messages = connector.Accepted.Where(m => m.SendKey is not null).Select(m => m.At).ToList();
        var gaps = messages.Zip(messages.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
        var result = new RunResult(
            name,
            kill,
            faults,
            count,
            jobKeys.Count,
            jobKeys.Sum(k => k.Value - 1),
            count - jobKeys.Count,
            took,
            created,
            messages.Count > 1 ? messages[^1] - messages[0] : TimeSpan.Zero,
            connector.Breaches,
            connector.Counts,
            job?.Counts,
            killedAt is null ? null : gaps,
            messages.Count > 0 ? (messages[0] - createdAt, doneAt - messages[^1]) : (TimeSpan.Zero, TimeSpan.Zero),
            loadBefore + " → " + LoadAverage())
        {
            Requests = connector.Requests,
        };
        Progress(Invariant($"done in {took.TotalSeconds:F1} s"));
        return result;
    }

    private static void Print(DateTimeOffset startedAt, int recipients, int rate, bool retryAfter, List<RunResult> results)
    {
        var ideal = TimeSpan.FromSeconds((double)recipients / rate);
        Console.WriteLine("## Sending benchmark");
        Console.WriteLine();
        Console.WriteLine(Invariant($"- Date: {startedAt:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"));
        Console.WriteLine(Invariant($"- {recipients:N0} recipients at {rate} requests/s per tenant; ideal {ideal.TotalSeconds:F0} s; two bot processes, one Azurite (in memory), one limited fake connector"));
        Console.WriteLine(Invariant($"- Run B: 5 % 429 ({(retryAfter ? "Retry-After 1 s" : "no Retry-After")}) and 5 % 503 injected on every request, sending process killed at half-way"));
        Console.WriteLine();
        Console.WriteLine("| Run | Delivered | Duplicates | Lost | Uncertain (engine) | Wall time | Achieved rate | Share of limit | × ideal | Breaches | Injected 429 / 503 | Progress updates | Longest pause |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var achieved = r.Delivered / r.Wall.TotalSeconds;
            Console.WriteLine(Invariant(
                $"| {r.Name}{(r.Killed ? " (kill)" : "")} | {r.Delivered:N0} | {r.Duplicates} | {r.Lost} | {r.Counts?.Uncertain.ToString(CultureInfo.InvariantCulture) ?? "?"} | {r.Wall.TotalSeconds:F1} s | {achieved:F2}/s | {achieved / rate:P1} | {r.Wall / ideal:F3} | {r.Breaches} ({(r.Requests == 0 ? 0 : (double)r.Breaches / r.Requests):P2}) | {r.Fake.Injected429} / {r.Fake.Injected503} | {r.Fake.Updates} | {(r.LongestPause is { } p ? p.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "-")} |"));
        }

        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine(Invariant($"- {r.Name}: job created in {r.Created.TotalMilliseconds:F0} ms; first message {r.Edges.First.TotalSeconds:F2} s after that, first to last message {r.SendSpan.TotalSeconds:F1} s ({r.Delivered / Math.Max(1, r.SendSpan.TotalSeconds):F2}/s), job seen done {r.Edges.Done.TotalSeconds:F2} s after the last; load average (1 min) {r.Load}"));
        }
    }

    /// <summary>The one-minute load average (Linux), so a run on a busy machine says so.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed record RunResult(
        string Name,
        bool Killed,
        LimitedConnectorFaults Faults,
        int Recipients,
        int Delivered,
        int Duplicates,
        int Lost,
        TimeSpan Wall,
        TimeSpan Created,
        TimeSpan SendSpan,
        int Breaches,
        (int Injected429, int Injected503, int Dropped, int Updates, int Created) Fake,
        JobCounts? Counts,
        TimeSpan? LongestPause,
        (TimeSpan First, TimeSpan Done) Edges,
        string Load)
    {
        public int Requests { get; init; }
    }
}
