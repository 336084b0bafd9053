using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Features.Setup;
using CxBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Benchmarks;

/// <summary>
/// Incident logging under load: card submissions (<c>Action.Execute</c>) through <c>/api/messages</c> on real Kestrel with
/// JWT validation on, against Azurite, at a fixed open-loop rate; some are redelivered to check that each stores one incident.
/// Server time is measured by a middleware in front of the app. Usage: <c>incidents [--seconds 60] [--rate 50] [--teams 5] [--redeliver 5]</c>.
/// </summary>
internal static class IncidentsBenchmark
{
    private const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 60);
        var rate = Option(args, "--rate", 50);
        var teamCount = Option(args, "--teams", 5);
        var redeliverPercent = Option(args, "--redeliver", 5);

        var serverTimes = new ConcurrentQueue<double>();
        await using var rig = await AuthenticatedRig.StartAsync(s => s.AddSingleton<IStartupFilter>(new ServerTiming(serverTimes)));
        var bot = rig.Bot;
        var connector = rig.Connector;
        var http = rig.Http;

        var teams = await SetUpAsync(bot.Services, http, connector.ServiceUrl, teamCount);
        var warm = Submissions(connector.ServiceUrl, teams, rate * 3, 0, "warm");
        Console.Error.WriteLine("warming up for 3 s…");
        await LoadAsync(http, warm, rate);
        serverTimes.Clear();

        var plan = Submissions(connector.ServiceUrl, teams, rate * seconds, redeliverPercent, "run");
        Console.Error.WriteLine($"measuring for {seconds} s at {rate}/s…");
        var result = await LoadAsync(http, plan, rate);

        // Duplicates: every reporter's incidents, counted against the distinct submissions sent.
        var store = bot.Services.GetRequiredService<IncidentStore>();
        var stored = new List<string>();
        foreach (var reporter in teams.SelectMany(t => t.Reporters))
        {
            stored.AddRange((await store.ByReporterAsync(Tenant, reporter, int.MaxValue, default)).Select(s => s.Incident.Reference));
        }

        var expected = warm.Select(p => p.Token).Concat(plan.Select(p => p.Token)).Distinct().Count();
        var duplicates = stored.Count - expected;
        var times = serverTimes.ToArray();
        Array.Sort(times);
        Print(result, rate, seconds, teamCount, plan.Count(p => p.Redelivery), times, stored.Count, expected, stored.Distinct().Count() != stored.Count);
        return result.Errors == 0 && duplicates == 0 ? 0 : 1;
    }

    private sealed record Team(string Id, string Manager, string[] Reporters);

    private sealed record Planned(string Body, string Token, bool Redelivery);

    private static async Task<Team[]> SetUpAsync(IServiceProvider services, HttpClient http, string serviceUrl, int count)
    {
        var setup = services.GetRequiredService<SetupService>();
        var teams = new List<Team>();
        for (var t = 0; t < count; t++)
        {
            var teamId = $"19:bench-team-{t}@thread.tacv2";
            var manager = new Caller(Tenant, Guid.NewGuid().ToString(), $"Manager {t}");
            var reporters = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString()).ToArray();
            await setup.ApplyAsync(manager, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, manager, teamId, $"Site {t}"), default);
            await setup.ApplyAsync(manager, "team.members", (s, _) => TeamChanges.SyncMembers(s, teamId, [.. reporters.Select((r, i) => new TeamMember(r, $"Reporter {t}.{i}", TeamRole.FrontLine))], []), default);

            // Everyone has talked to the bot once, so the manager's card and the reporter's updates have somewhere to go.
            foreach (var person in reporters.Append(manager.UserId))
            {
                var hello = Activity("message", serviceUrl, person);
                hello["text"] = "my incidents";
                using var response = await http.PostAsync("api/messages", new StringContent(hello.ToJsonString(), Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }

            teams.Add(new Team(teamId, manager.UserId, reporters));
        }

        return [.. teams];
    }

    private static List<Planned> Submissions(string serviceUrl, Team[] teams, int count, int redeliverPercent, string prefix)
    {
        var plan = new List<Planned>();
        var random = new Random(42);
        var severities = new[] { "low", "medium", "high", "critical" };
        for (var i = 0; plan.Count < count; i++)
        {
            var team = teams[i % teams.Length];
            var reporter = team.Reporters[i / teams.Length % team.Reporters.Length];
            var token = $"{prefix}-{i}";
            var invoke = Activity("invoke", serviceUrl, reporter);
            invoke["name"] = "adaptiveCard/action";
            var occurred = DateTime.UtcNow.AddMinutes(-random.Next(5, 600));
            invoke["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = IncidentNames.Submit,
                    ["data"] = new JsonObject
                    {
                        ["token"] = token,
                        ["teamId"] = team.Id,
                        ["what"] = "Bench: delivery missed its slot and the customer waited in.",
                        ["date"] = occurred.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["time"] = occurred.ToString("HH:mm", CultureInfo.InvariantCulture),
                        ["severity"] = severities[random.Next(severities.Length)],
                        ["rootCause"] = "tools",
                        ["recovered"] = "false",
                        ["cost"] = random.Next(0, 200).ToString(CultureInfo.InvariantCulture),
                    },
                },
                ["trigger"] = "manual",
            };
            var body = invoke.ToJsonString();
            plan.Add(new Planned(body, token, false));
            if (random.Next(100) < redeliverPercent && plan.Count < count)
            {
                plan.Add(new Planned(body, token, true)); // Teams redelivers the same invoke (or the user double-clicks)
            }
        }

        return plan;
    }

    private static JsonObject Activity(string type, string serviceUrl, string aad) => new()
    {
        ["type"] = type,
        ["id"] = "bench-" + Guid.NewGuid().ToString("N"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:" + aad, ["name"] = "Bench User", ["aadObjectId"] = aad },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = "a:bench-" + aad },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotApp.AppId, ["name"] = "CxBot" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    };

    private static async Task<(int Total, int Errors, double Elapsed, double[] RoundTrips)> LoadAsync(HttpClient http, List<Planned> plan, int rate)
    {
        var latencies = new double[plan.Count];
        var errors = 0;
        var tasks = new Task[plan.Count];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < plan.Count; i++)
        {
            var wait = (interval * i) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var (body, index) = (plan[i].Body, i);
            tasks[i] = Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("api/messages", content);
                    var answer = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || !answer.Contains("INC-", StringComparison.Ordinal))
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
        Array.Sort(latencies);
        return (plan.Count, errors, clock.Elapsed.TotalSeconds, latencies);
    }

    private static void Print((int Total, int Errors, double Elapsed, double[] RoundTrips) r, int rate, int seconds, int teams, int redelivered, double[] server, int stored, int expected, bool sharedReference)
    {
        static string Ms(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        static double P(double[] a, double q) => LatencyStats.Percentile(a, q);
        Console.WriteLine($"### Incident logging under load ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release, Azurite)");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| offered load | {rate} submissions/s for {seconds} s, one tenant, {teams} teams × 10 reporters, JWT validation on |");
        Console.WriteLine($"| requests | {r.Total} ({redelivered} of them redeliveries of an earlier submission) |");
        Console.WriteLine($"| throughput | {(r.Total / r.Elapsed).ToString("0.0", CultureInfo.InvariantCulture)} requests/s |");
        Console.WriteLine($"| server time p50 / p90 / p99 / max | {Ms(P(server, 0.5))} / {Ms(P(server, 0.9))} / {Ms(P(server, 0.99))} / {Ms(server.Length == 0 ? double.NaN : server[^1])} |");
        Console.WriteLine($"| round trip p50 / p99 (client side) | {Ms(P(r.RoundTrips, 0.5))} / {Ms(P(r.RoundTrips, 0.99))} |");
        Console.WriteLine($"| errors (non-200 or no reference in the answer) | {r.Errors} |");
        Console.WriteLine($"| incidents stored / distinct submissions (warm-up included) | {stored} / {expected} |");
        Console.WriteLine($"| duplicates (stored − distinct; or a reference used twice) | {stored - expected}{(sharedReference ? " (a reference was used twice!)" : "")} |");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Times each request to <c>/api/messages</c> inside the server, before anything else runs.</summary>
    private sealed class ServerTiming(ConcurrentQueue<double> times) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var started = Stopwatch.GetTimestamp();
                await following(context);
                if (context.Request.Path.StartsWithSegments("/api/messages"))
                {
                    times.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            });
            next(app);
        };
    }
}
