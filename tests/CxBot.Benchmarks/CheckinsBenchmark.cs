using System.Globalization;
using CxBot.Features.Checkins;
using CxBot.Testing;

namespace CxBot.Benchmarks;

/// <summary>
/// Check-in answers on one team-week against Azurite: every answer changes the week's single summary row (ETag, retried on
/// 412), so a team answering at once queues on that row. Per round, a team of <c>--team</c> people is prompted and all answer
/// together (<c>--team</c> workers), then answer again (a changed answer). Checks that the summary equals the recomputation.
/// Usage: <c>checkins [--team 30] [--rounds 5]</c>.
/// </summary>
internal static class CheckinsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var teamSize = Option(args, "--team", 30);
        var roundCount = Option(args, "--rounds", 5);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var azurite = await AzuriteServer.StartAsync(timeout.Token);
        var store = new CheckinStore(TestTables.CreateService(azurite.Endpoint, "bench"));
        var cpu = new CpuMeter();
        var at = new DateTimeOffset(2026, 1, 5, 17, 0, 0, TimeSpan.Zero);
        var first = new List<RoundResult>();
        var changed = new List<RoundResult>();
        var exact = true;
        for (var round = -1; round < roundCount; round++)
        {
            // Round -1 warms up. Each round is its own team and week, so every round starts from an empty summary.
            var team = $"bench-team-{round + 1}";
            var monday = new DateOnly(2026, 1, 5).AddDays(7 * (round + 1));
            var people = Enumerable.Range(0, teamSize).Select(i => $"person-{i}").ToArray();
            await store.RecordPromptedAsync("bench", team, monday, people, at, timeout.Token);
            var a = await RoundResult.MeasureAsync(teamSize, teamSize, (i, ct) => AnswerAsync(store, team, monday, people[i], 1 + (i % 5), ct), cpu, timeout.Token);
            var b = await RoundResult.MeasureAsync(teamSize, teamSize, (i, ct) => AnswerAsync(store, team, monday, people[i], 5 - (i % 5), ct), cpu, timeout.Token);
            var week = await store.GetWeekAsync("bench", team, monday, timeout.Token);
            var recomputed = CheckinStore.Recompute(await store.GetAnswersAsync("bench", team, monday, timeout.Token));
            exact &= week.Answered == teamSize && recomputed.Answered == teamSize && week.Values["greet"] == recomputed.Values["greet"];
            if (round >= 0)
            {
                first.Add(a);
                changed.Add(b);
            }
        }

        Console.WriteLine($"| Check-in answers, a team of {teamSize} at once ({roundCount} rounds) | p50 ms | p99 ms | answers/s |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, rounds) in new[] { ("first answers", first), ("changed answers", changed) })
        {
            var s = LatencyStats.From(rounds, 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.P50Ms:F0} | {s.P99Ms:F0} | {s.Rate:F0} |"));
        }

        Console.WriteLine($"Summary equals recomputation in every round: {exact}");
        return exact ? 0 : 1;
    }

    private static async Task AnswerAsync(CheckinStore store, string team, DateOnly monday, string person, double value, CancellationToken cancellationToken)
    {
        if (!await store.AnswerAsync("bench", team, monday, person, new Dictionary<string, double> { ["greet"] = value, ["queue"] = 3 }, DateTimeOffset.UtcNow, cancellationToken))
        {
            throw new InvalidOperationException("A prompted person's answer was refused.");
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
