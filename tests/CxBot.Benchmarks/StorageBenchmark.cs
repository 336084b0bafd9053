using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using CxBot.Storage;
using CxBot.Testing;
using static System.FormattableString;

namespace CxBot.Benchmarks;

/// <summary>
/// Table client against a bare HttpClient, on one Azurite, in one run: single inserts (sequential and 16 in parallel)
/// and batched inserts. Client and bare calls alternate (call by call when sequential, in rounds A B, B A, … when parallel)
/// on tables of their own, so Azurite's warm-up, garbage collection and other load on the machine fall on both alike;
/// rates are the median of the rounds.
/// Before that, the client-side cost of one insert is measured without a server.
/// Option: <c>--scale 0.2</c> multiplies every count (for a quick check; not a result).
/// </summary>
internal sealed class StorageBenchmark
{
    private const double ClientShareTarget = 0.90;
    private const double BatchRateTarget = 5_000;
    private const int BatchSize = TableBatch.MaxActions;
    private const int ParallelInserts = 16;
    private const int ParallelBatches = 4;

    private readonly TableServiceClient _service;
    private readonly BareTableInserts _bare;
    private readonly CpuMeter _cpu = new();
    private readonly CancellationToken _cancellationToken;

    private StorageBenchmark(TableServiceClient service, BareTableInserts bare, CancellationToken cancellationToken)
    {
        _service = service;
        _bare = bare;
        _cancellationToken = cancellationToken;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = args is ["--scale", var factor] ? double.Parse(factor, CultureInfo.InvariantCulture) : 1.0;
        int Scaled(int perRound, int multipleOf) => Math.Max(multipleOf, (int)(perRound * scale) / multipleOf * multipleOf);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var clock = Stopwatch.StartNew();
        void Progress(string what) => Console.Error.WriteLine(Invariant($"[{clock.Elapsed.TotalSeconds,3:F0} s] {what}"));

        Progress("client-side cost, no server…");
        var overhead = await ClientOverhead.MeasureAsync(Scaled(50_000, 100), rounds: 10, timeout.Token);

        await using var azurite = await AzuriteServer.StartAsync(timeout.Token);
        var service = TestTables.CreateService(azurite.Endpoint, "bench");
        using var bare = new BareTableInserts(azurite.Endpoint, TableConnection.DevelopmentAccountName, Convert.FromBase64String(TableConnection.DevelopmentAccountKey));
        var bench = new StorageBenchmark(service, bare, timeout.Token);
        var startedAt = DateTimeOffset.UtcNow;

        Progress("warm-up…");
        await bench.SingleInsertsAsync("WarmSeq", Scaled(500, 1), rounds: 4, parallelism: 1);
        await bench.SingleInsertsAsync("WarmPar", Scaled(2_000, ParallelInserts), rounds: 4, parallelism: ParallelInserts);
        await bench.BatchesAsync("Warm", Scaled(50, 1), rounds: 2);

        Progress("single inserts, sequential…");
        var sequential = await bench.SingleInsertsAsync("Seq", Scaled(200, 1), rounds: 80, parallelism: 1);
        Progress(Invariant($"single inserts, {ParallelInserts} in parallel…"));
        var parallel = await bench.SingleInsertsAsync("Par", Scaled(800, ParallelInserts), rounds: 80, parallelism: ParallelInserts);
        Progress("batched inserts…");
        var batches = await bench.BatchesAsync("Batch", Scaled(50, 1), rounds: 10);
        Progress("done");

        PrintMachine(startedAt, clock.Elapsed, scale, bench._cpu.SeesAzurite);
        PrintResults(sequential, parallel, batches, overhead);
        return 0;
    }

    /// <summary>
    /// The same rows inserted one per call through the client and through the bare HttpClient, each into its own table.
    /// With one call in flight the two alternate call by call; with several they alternate round by round (A B, B A, …),
    /// since calls in flight together would share the server.
    /// </summary>
    private async Task<(LatencyStats Client, LatencyStats Bare)> SingleInsertsAsync(string name, int perRound, int rounds, int parallelism)
    {
        var clientTable = await TableAsync(name + "Cli");
        var bareTable = await TableAsync(name + "Raw");
        var rows = SampleRow.Create(perRound * rounds, i => "p" + (i % 16).ToString("D2", CultureInfo.InvariantCulture));
        var client = new List<RoundResult>();
        var bare = new List<RoundResult>();
        for (var round = 0; round < rounds; round++)
        {
            var offset = round * perRound;
            Task ClientInsert(int i, CancellationToken ct) => clientTable.AddEntityAsync(rows[offset + i].ToEntity(), ct);
            Task BareInsert(int i, CancellationToken ct) => _bare.InsertAsync(bareTable.Name, rows[offset + i], ct);
            if (parallelism == 1)
            {
                var (c, b) = await RoundResult.MeasureInterleavedAsync(perRound, ClientInsert, BareInsert, _cpu, _cancellationToken);
                client.Add(c);
                bare.Add(b);
            }
            else
            {
                await Alternate(
                    round,
                    async () => client.Add(await MeasureAsync(perRound, parallelism, ClientInsert)),
                    async () => bare.Add(await MeasureAsync(perRound, parallelism, BareInsert)));
            }
        }

        PrintRounds(name, ("client", client, 1), ("bare", bare, 1));
        await DropAsync(clientTable, bareTable);
        return (LatencyStats.From(client, 1), LatencyStats.From(bare, 1));
    }

    /// <summary>Transactions of 100 inserts, one partition each, sequential and <see cref="ParallelBatches"/> at a time, each mode on its own table.</summary>
    private async Task<(LatencyStats Sequential, LatencyStats Parallel)> BatchesAsync(string name, int batchesPerRound, int rounds)
    {
        var sequentialTable = await TableAsync(name + "Seq");
        var parallelTable = await TableAsync(name + "Par");
        var rows = SampleRow.Create(batchesPerRound * rounds * BatchSize, i => "b" + (i / BatchSize).ToString("D5", CultureInfo.InvariantCulture));
        var sequential = new List<RoundResult>();
        var parallel = new List<RoundResult>();
        for (var round = 0; round < rounds; round++)
        {
            var first = round * batchesPerRound;
            await Alternate(
                round,
                async () => sequential.Add(await MeasureAsync(batchesPerRound, 1, (b, ct) => sequentialTable.SubmitTransactionAsync(Actions(rows, first + b), ct))),
                async () => parallel.Add(await MeasureAsync(batchesPerRound, ParallelBatches, (b, ct) => parallelTable.SubmitTransactionAsync(Actions(rows, first + b), ct))));
        }

        PrintRounds(name, ("sequential", sequential, BatchSize), ("parallel", parallel, BatchSize));
        await DropAsync(sequentialTable, parallelTable);
        return (LatencyStats.From(sequential, BatchSize), LatencyStats.From(parallel, BatchSize));

        static IEnumerable<TableTransactionAction> Actions(SampleRow[] rows, int batch) =>
            rows.Skip(batch * BatchSize).Take(BatchSize).Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.ToEntity()));
    }

    /// <summary>Even rounds run A then B, odd rounds B then A.</summary>
    private static async Task Alternate(int round, Func<Task> a, Func<Task> b)
    {
        await (round % 2 == 0 ? a : b)();
        await (round % 2 == 0 ? b : a)();
    }

    private Task<RoundResult> MeasureAsync(int count, int parallelism, Func<int, CancellationToken, Task> operation) =>
        RoundResult.MeasureAsync(count, parallelism, operation, _cpu, _cancellationToken);

    private async Task<TableClient> TableAsync(string name)
    {
        var table = _service.GetTableClient(name);
        await table.CreateIfNotExistsAsync(_cancellationToken);
        return table;
    }

    /// <summary>Drops a phase's tables so Azurite's heap (and its garbage collector) does not grow from phase to phase.</summary>
    private async Task DropAsync(params TableClient[] tables)
    {
        foreach (var table in tables)
        {
            await _service.DeleteTableAsync(table.Name, _cancellationToken);
        }
    }

    /// <summary>The spread of the rounds' rates behind each median, on standard error.</summary>
    private static void PrintRounds(string phase, params (string Side, List<RoundResult> Rounds, int Items)[] sides)
    {
        foreach (var (side, rounds, items) in sides)
        {
            var rates = rounds.Select(r => r.Rate(items)).Order().ToArray();
            Console.Error.WriteLine(Invariant(
                $"      {phase} {side}: {rates.Length} rounds, min {rates[0]:N0}, q1 {LatencyStats.Percentile(rates, 0.25):N0}, median {LatencyStats.Median(rates):N0}, q3 {LatencyStats.Percentile(rates, 0.75):N0}, max {rates[^1]:N0} /s"));
        }
    }

    private static void PrintMachine(DateTimeOffset startedAt, TimeSpan took, double scale, bool cpuOfAzurite)
    {
        Console.WriteLine("## Storage benchmark");
        Console.WriteLine();
        Console.WriteLine(Invariant($"- Date: {startedAt:yyyy-MM-dd HH:mm} UTC; the run took {took.TotalSeconds:F0} s"));
        Console.WriteLine(Invariant($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})"));
        Console.WriteLine(Invariant($"- Runtime: {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; Azurite {AzuriteVersion()} in memory on node {NodeVersion()}"));
        Console.WriteLine(Invariant($"- Client: {nameof(TableClient)} on Azure.Data.Tables (SharedKey signing, the SDK's retries and timeouts); bare: {nameof(HttpClient)} with hand-written JSON and inline SharedKeyLite signing, sending the same entity"));
        if (scale != 1.0)
        {
            Console.WriteLine(Invariant($"- Counts scaled by {scale}: a quick check, not a result"));
        }

        if (!cpuOfAzurite)
        {
            Console.WriteLine("- CPU columns need Linux /proc; they read 0 here");
        }

        Console.WriteLine();
    }

    private static void PrintResults(
        (LatencyStats Client, LatencyStats Bare) sequential,
        (LatencyStats Client, LatencyStats Bare) parallel,
        (LatencyStats Sequential, LatencyStats Parallel) batches,
        (ClientOverhead.Cost Client, ClientOverhead.Cost Bare) overhead)
    {
        var sequentialShare = sequential.Client.Rate / sequential.Bare.Rate;
        var parallelShare = parallel.Client.Rate / parallel.Bare.Rate;
        Console.WriteLine("| Phase | Path | Calls | p50 ms | p99 ms | Entities/s | Client / bare | CPU bench | CPU Azurite | CPU other |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("Single inserts, sequential", "TableClient", sequential.Client, sequentialShare);
        Row("Single inserts, sequential", "bare HttpClient", sequential.Bare, null);
        Row(Invariant($"Single inserts, {ParallelInserts} parallel"), "TableClient", parallel.Client, parallelShare);
        Row(Invariant($"Single inserts, {ParallelInserts} parallel"), "bare HttpClient", parallel.Bare, null);
        Row(Invariant($"Batches of {BatchSize}, sequential"), "TableClient", batches.Sequential, null);
        Row(Invariant($"Batches of {BatchSize}, {ParallelBatches} parallel"), "TableClient", batches.Parallel, null);
        Console.WriteLine();
        Console.WriteLine(
            "p50/p99: latency of one call (an insert, or a whole batch of 100) over all rounds. Entities/s: median of the rounds' rates; " +
            "sequential client and bare calls alternate call by call (a round's rate: its calls over their summed latency), parallel ones alternate round by round (calls over the round's wall time). " +
            "CPU: core-seconds per second (1.00 = one core busy) of this process, of Azurite (node; one thread serves requests), and of everything else on the machine.");
        Console.WriteLine();
        Console.WriteLine("| Client-side cost of one insert, no server | µs | bytes allocated |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Invariant($"| TableClient | {overhead.Client.Micros:F1} | {overhead.Client.Bytes:N0} |"));
        Console.WriteLine(Invariant($"| bare HttpClient | {overhead.Bare.Micros:F1} | {overhead.Bare.Bytes:N0} |"));
        Console.WriteLine();

        Console.WriteLine("### Targets");
        Console.WriteLine();
        Target("Client keeps ≥ 90 % of the bare HttpClient rate, sequential", sequentialShare >= ClientShareTarget, Invariant($"{sequentialShare:P1}"));
        Target(Invariant($"Client keeps ≥ 90 % of the bare HttpClient rate, {ParallelInserts} parallel"), parallelShare >= ClientShareTarget, Invariant($"{parallelShare:P1}"));
        Target("Batched inserts ≥ 5,000 entities/s, sequential batches", batches.Sequential.Rate >= BatchRateTarget, Invariant($"{batches.Sequential.Rate:N0}/s"));
        Target(Invariant($"Batched inserts ≥ 5,000 entities/s, {ParallelBatches} batches in parallel"), batches.Parallel.Rate >= BatchRateTarget, Invariant($"{batches.Parallel.Rate:N0}/s"));

        static void Row(string phase, string path, LatencyStats s, double? share) =>
            Console.WriteLine(Invariant($"| {phase} | {path} | {s.Operations:N0} | {s.P50Ms:F2} | {s.P99Ms:F2} | {s.Rate:N0} | {(share is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "")} | {s.BenchCpu:F2} | {s.AzuriteCpu:F2} | {s.OtherCpu:F2} |"));

        static void Target(string what, bool met, string actual) =>
            Console.WriteLine(Invariant($"- {what}: {actual} — {(met ? "met" : "NOT met")}"));
    }

    private static string AzuriteVersion()
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.NodeModules, "azurite", "package.json")));
            return doc.RootElement.GetProperty("version").GetString() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string NodeVersion()
    {
        using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
        if (node is null)
        {
            return "?";
        }

        var version = node.StandardOutput.ReadToEnd().Trim();
        node.WaitForExit();
        return version;
    }
}
