using System.Diagnostics;
using System.Globalization;

namespace CxBot.Benchmarks;

/// <summary>One timed run of <c>count</c> operations with a fixed number of workers: each operation's latency, the wall time, and the CPU each process used.</summary>
internal sealed record RoundResult(double[] LatenciesMs, TimeSpan Elapsed, CpuSample Cpu)
{
    public double Rate(int itemsPerOperation) => LatenciesMs.Length * itemsPerOperation / Elapsed.TotalSeconds;

    /// <summary>Runs <paramref name="operation"/> for indexes 0 to count-1, <paramref name="parallelism"/> at a time, timing each call.</summary>
    public static async Task<RoundResult> MeasureAsync(int count, int parallelism, Func<int, CancellationToken, Task> operation, CpuMeter cpu, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        var cpuBefore = cpu.Read();
        var start = Stopwatch.GetTimestamp();
        var workers = new Task[parallelism];
        for (var w = 0; w < parallelism; w++)
        {
            workers[w] = Worker();
        }

        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new RoundResult(latencies, elapsed, cpu.Read() - cpuBefore);

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Stopwatch.GetTimestamp();
                await operation(i, cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="a"/> and <paramref name="b"/> for indexes 0 to count-1, one call at a time, alternating call by call
    /// (a b, b a, …) so both see the same moment. Each side's elapsed time is the sum of its own calls; the round's CPU is shared in that proportion.
    /// </summary>
    public static async Task<(RoundResult A, RoundResult B)> MeasureInterleavedAsync(
        int count, Func<int, CancellationToken, Task> a, Func<int, CancellationToken, Task> b, CpuMeter cpu, CancellationToken cancellationToken)
    {
        var latenciesA = new double[count];
        var latenciesB = new double[count];
        var cpuBefore = cpu.Read();
        for (var i = 0; i < count; i++)
        {
            var aFirst = i % 2 == 0;
            await Time(aFirst ? a : b, i, aFirst ? latenciesA : latenciesB);
            await Time(aFirst ? b : a, i, aFirst ? latenciesB : latenciesA);
        }

        var used = cpu.Read() - cpuBefore;
        var elapsedA = TimeSpan.FromMilliseconds(latenciesA.Sum());
        var elapsedB = TimeSpan.FromMilliseconds(latenciesB.Sum());
        var shareA = elapsedA / (elapsedA + elapsedB);
        return (new RoundResult(latenciesA, elapsedA, used.Scale(shareA)), new RoundResult(latenciesB, elapsedB, used.Scale(1 - shareA)));

        async Task Time(Func<int, CancellationToken, Task> operation, int i, double[] latencies)
        {
            var t0 = Stopwatch.GetTimestamp();
            await operation(i, cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
    }
}

/// <summary>The figures of one side of a phase over all its rounds.</summary>
/// <param name="Operations">Calls made (single inserts or batches).</param>
/// <param name="P50Ms">Median latency of one call, over all rounds' calls.</param>
/// <param name="P99Ms">99th percentile latency of one call, over all rounds' calls.</param>
/// <param name="Rate">Median over rounds of items (entities) per second.</param>
/// <param name="BenchCpu">This process's CPU time over the side's wall time (1.0 = one core busy).</param>
/// <param name="AzuriteCpu">Azurite's CPU time over the side's wall time (1.0 = one core busy).</param>
/// <param name="OtherCpu">Every other process's CPU time over the side's wall time: load this benchmark does not control.</param>
internal sealed record LatencyStats(int Operations, double P50Ms, double P99Ms, double Rate, double BenchCpu, double AzuriteCpu, double OtherCpu)
{
    public static LatencyStats From(IReadOnlyList<RoundResult> rounds, int itemsPerOperation)
    {
        var all = rounds.SelectMany(r => r.LatenciesMs).ToArray();
        Array.Sort(all);
        var wall = rounds.Sum(r => r.Elapsed.TotalSeconds);
        return new LatencyStats(
            all.Length,
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            Median([.. rounds.Select(r => r.Rate(itemsPerOperation))]),
            rounds.Sum(r => r.Cpu.Bench.TotalSeconds) / wall,
            rounds.Sum(r => r.Cpu.Azurite.TotalSeconds) / wall,
            rounds.Sum(r => r.Cpu.Others.TotalSeconds) / wall);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}

/// <summary>CPU time used so far by this process, by the Azurite (node) child process, and by the whole machine.</summary>
internal readonly record struct CpuSample(TimeSpan Bench, TimeSpan Azurite, TimeSpan Machine)
{
    /// <summary>What neither this process nor Azurite used (other work on a shared machine); zero where /proc is missing.</summary>
    public TimeSpan Others => Machine > Bench + Azurite ? Machine - Bench - Azurite : TimeSpan.Zero;

    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Bench - b.Bench, a.Azurite - b.Azurite, a.Machine - b.Machine);

    public CpuSample Scale(double factor) => new(Bench * factor, Azurite * factor, Machine * factor);
}

/// <summary>Reads CPU time of this process, of its child processes (Azurite is the only one) and of the machine, from /proc on Linux.</summary>
internal sealed class CpuMeter
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux.

    public bool SeesAzurite => OperatingSystem.IsLinux() && ChildStatFiles().Any();

    public CpuSample Read() => new(Environment.CpuUsage.TotalTime, ChildrenCpu(), MachineCpu());

    private static TimeSpan ChildrenCpu()
    {
        double ticks = 0;
        foreach (var stat in ChildStatFiles())
        {
            var fields = StatFields(stat);
            if (fields is not null)
            {
                ticks += Number(fields[11]) + Number(fields[12]);
            }
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Busy time of all CPUs: /proc/stat's first line less idle and iowait.</summary>
    private static TimeSpan MachineCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        // cpu user nice system idle iowait irq softirq steal …
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = fields.Skip(1).Take(8).Select(Number).Sum() - Number(fields[4]) - Number(fields[5]);
        return TimeSpan.FromSeconds(busy / ClockTicksPerSecond);
    }

    private static IEnumerable<string> ChildStatFiles()
    {
        if (!OperatingSystem.IsLinux())
        {
            yield break;
        }

        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !name.All(char.IsAsciiDigit))
            {
                continue;
            }

            var stat = Path.Combine(dir, "stat");
            if (StatFields(stat) is { } fields && fields[1] == self)
            {
                yield return stat;
            }
        }
    }

    /// <summary>The fields after the command name: [0] state, [1] parent pid, … [11] utime, [12] stime.</summary>
    private static string[]? StatFields(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // The process ended.
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
