using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Setup;
using CxBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Benchmarks;

/// <summary>
/// Customers answering the survey: each answer is a GET of the page (for its form nonce) then the POST of the form, on real
/// Kestrel against Azurite, at a fixed open-loop rate, spread over many teams' links. Every request comes from 127.0.0.1, so the
/// per-client limits are raised for the run (<c>AnswersPerClient</c>, <c>PagesPerClient</c>); the per-link limit stays at its
/// default (600 in 10 minutes), and the links are enough that no link reaches it. Some answers are low scores with a comment and
/// consent, so their recovery card is queued on the send engine as in production. Server time is measured by a middleware in
/// front of the app. Usage: <c>survey [--rate 300] [--duration 60] [--teams 20]</c>.
/// </summary>
internal static partial class SurveyBenchmark
{
    private const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";
    private const int RecoveryPercent = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = Option(args, "--rate", 300);
        var seconds = Option(args, "--duration", 60);
        var teamCount = Option(args, "--teams", 20);
        var loadBefore = LoadAverage();

        var posts = new ConcurrentQueue<double>();
        var gets = new ConcurrentQueue<double>();
        await using var rig = await AuthenticatedRig.StartAsync(
            s => s.AddSingleton<IStartupFilter>(new ServerTiming(gets, posts)),
            ("CustomerVoice:SigningKey", "bench-signing-key-0123456789-abcdefghijklmnop"),
            ("CustomerVoice:PublicBaseUrl", "http://localhost:3978"),
            ("CustomerVoice:AnswersPerClient", "100000"),
            ("CustomerVoice:PagesPerClient", "100000"));
        var (paths, teams) = await SetUpAsync(rig, teamCount);
        Console.Error.WriteLine($"{paths.Count} links; warming up for 3 s…");
        var warm = await LoadAsync(rig.Http, paths, rate, rate * 3, 1);
        gets.Clear();
        posts.Clear();

        Console.Error.WriteLine($"measuring for {seconds} s at {rate}/s…");
        var run = await LoadAsync(rig.Http, paths, rate, rate * seconds, 2);
        var loadAfter = LoadAverage();

        var results = rig.Bot.Services.GetRequiredService<ICustomerVoiceResults>();
        var monday = CxBot.Cards.IsoWeeks.MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime));
        var stored = 0;
        foreach (var team in teams)
        {
            stored += (await results.GetWeekAsync(Tenant, team, monday, default)).Answers;
        }

        var posted = warm.Stored + run.Stored;
        var serverPosts = posts.ToArray();
        var serverGets = gets.ToArray();
        Array.Sort(serverPosts);
        Array.Sort(serverGets);
        Print(run, rate, seconds, paths.Count, teams.Count, serverGets, serverPosts, stored, posted, loadBefore, loadAfter);
        return run.Errors == 0 && warm.Errors == 0 && stored == posted ? 0 : 1;
    }

    private sealed record Result(int Answers, int Errors, int Stored, int Recovery, double Elapsed, double[] GetTrips, double[] PostTrips);

    /// <summary>A tenant of <paramref name="count"/> teams, each with a manager who has talked to the bot, three touchpoints of two soft standards each, and a live link per team and touchpoint.</summary>
    private static async Task<(List<string> Paths, List<string> Teams)> SetUpAsync(AuthenticatedRig rig, int count)
    {
        var from = new DateOnly(2020, 1, 1);
        Touchpoint[] journey = [new("welcome", 1, "Welcome", "At the door", "Stores"), new("checkout", 2, "Checkout", "At the till", "Stores"), new("delivery", 3, "Delivery", "At home", "Operations")];
        var standards = journey.SelectMany(t => new[] { "listened", "thanked" }.Select(s =>
            new Standard($"{t.Id}-{s}", t.Id, StandardKind.Soft, $"{t.Name}: {s}", null, null, null, false, $"At {t.Name}, were you {s}?", [new TargetVersion(from, 4)], null) { StaffQuestion = "How did we do?" })).ToList();
        var admin = Guid.NewGuid().ToString();
        var teams = Enumerable.Range(0, count).Select(i => new TeamSetup($"bench-team-{i}", $"Store {i}", null, "Europe/London", new TimeOnly(17, 0),
            [new TeamMember(Guid.NewGuid().ToString(), $"Manager {i}", TeamRole.Manager)], [])).ToList();
        var store = rig.Bot.Services.GetRequiredService<SetupStore>();
        await store.SaveAsync(await store.LoadAsync(Tenant, default), new TenantSetup(new Organisation("Bench Stores", "Europe/London", "GBP", [admin]), journey, standards, teams, []), admin, "bench.seed", DateTimeOffset.UtcNow, default);

        // Every manager has talked to the bot once, so a recovery card has somewhere to go.
        foreach (var manager in teams.SelectMany(t => t.Managers))
        {
            var hello = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "bench-" + Guid.NewGuid().ToString("N"),
                ["serviceUrl"] = rig.Connector.ServiceUrl,
                ["channelId"] = "msteams",
                ["from"] = new JsonObject { ["id"] = "29:" + manager, ["name"] = "Bench Manager", ["aadObjectId"] = manager },
                ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = "a:bench-" + manager },
                ["recipient"] = new JsonObject { ["id"] = "28:" + BotApp.AppId, ["name"] = "CxBot" },
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
                ["text"] = "help",
            };
            using var response = await rig.Http.PostAsync("api/messages", new StringContent(hello.ToJsonString(), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        var links = rig.Bot.Services.GetRequiredService<ISurveyLinks>();
        var paths = new List<string>();
        foreach (var team in teams)
        {
            foreach (var touchpoint in journey)
            {
                paths.Add(new Uri((await links.IssueAsync(Tenant, team.Id, touchpoint.Id, admin, default)).Url).AbsolutePath);
            }
        }

        return (paths, [.. teams.Select(t => t.Id)]);
    }

    private static async Task<Result> LoadAsync(HttpClient http, List<string> paths, int rate, int count, int seed)
    {
        var getTrips = new double[count];
        var postTrips = new double[count];
        var errors = 0;
        var stored = 0;
        var recovery = 0;
        var tasks = new Task[count];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var wait = (interval * i) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var path = paths[i % paths.Count];
            var low = random.Next(100) < RecoveryPercent;
            var (first, second) = low ? (1, random.Next(1, 6)) : (random.Next(3, 6), random.Next(1, 6));
            var comment = low || random.Next(100) < 30 ? $"Bench comment {i}: the queue was long & the card reader slow." : null;
            var index = i;
            if (low)
            {
                recovery++;
            }

            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    using var page = await http.GetAsync(path);
                    var html = await page.Content.ReadAsStringAsync();
                    getTrips[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var nonce = Nonce().Match(html);
                    var scores = Score().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
                    if (page.StatusCode != HttpStatusCode.OK || !nonce.Success || scores.Count != 2)
                    {
                        Interlocked.Increment(ref errors);
                        return;
                    }

                    List<KeyValuePair<string, string>> fields = [new("n", nonce.Groups[1].Value), new(scores[0], first.ToString(CultureInfo.InvariantCulture)), new(scores[1], second.ToString(CultureInfo.InvariantCulture))];
                    if (comment is not null)
                    {
                        fields.Add(new("comment", comment));
                    }

                    if (low)
                    {
                        fields.Add(new("consent", "yes"));
                        fields.Add(new("contact", "07700 900123"));
                    }

                    started = Stopwatch.GetTimestamp();
                    using var content = new FormUrlEncodedContent(fields);
                    using var answer = await http.PostAsync(path, content);
                    var thanks = await answer.Content.ReadAsStringAsync();
                    postTrips[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (answer.StatusCode != HttpStatusCode.OK || !thanks.Contains("Thank you", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref errors);
                        return;
                    }

                    Interlocked.Increment(ref stored);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(getTrips);
        Array.Sort(postTrips);
        return new Result(count, errors, stored, recovery, elapsed, getTrips, postTrips);
    }

    private static void Print(Result r, int rate, int seconds, int links, int teams, double[] gets, double[] posts, int stored, int posted, string loadBefore, string loadAfter)
    {
        static string Ms(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        static double P(double[] a, double q) => LatencyStats.Percentile(a, q);
        Console.WriteLine($"### Customer survey answers under load ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release, Production, server GC, Azurite)");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| offered load | {rate} answers/s for {seconds} s (each a GET of the page, then the POST), one tenant, {teams} teams × 3 touchpoints = {links} links, per-client limits raised (one client address) |");
        Console.WriteLine($"| answers | {r.Answers} ({r.Recovery} low scores with a comment and consent, each queueing a recovery card) |");
        Console.WriteLine($"| throughput | {(r.Answers / r.Elapsed).ToString("0.0", CultureInfo.InvariantCulture)} answers/s |");
        Console.WriteLine($"| POST server time p50 / p90 / p99 / max | {Ms(P(posts, 0.5))} / {Ms(P(posts, 0.9))} / {Ms(P(posts, 0.99))} / {Ms(posts.Length == 0 ? double.NaN : posts[^1])} |");
        Console.WriteLine($"| POST round trip p50 / p99 (client side) | {Ms(P(r.PostTrips, 0.5))} / {Ms(P(r.PostTrips, 0.99))} |");
        Console.WriteLine($"| GET (page) server time p50 / p99 | {Ms(P(gets, 0.5))} / {Ms(P(gets, 0.99))} |");
        Console.WriteLine($"| GET (page) round trip p50 / p99 (client side) | {Ms(P(r.GetTrips, 0.5))} / {Ms(P(r.GetTrips, 0.99))} |");
        Console.WriteLine($"| errors (not 200, no form, or no thank-you) | {r.Errors} |");
        Console.WriteLine($"| answers stored / thanked (warm-up included) | {stored} / {posted} |");
        Console.WriteLine($"| load average before / after (1, 5, 15 min) | {loadBefore} / {loadAfter} |");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex("name=\"n\" value=\"([^\"]+)\"")]
    private static partial Regex Nonce();

    [GeneratedRegex("name=\"(q_[^\"]+)\"")]
    private static partial Regex Score();

    /// <summary>Times each survey request inside the server, before anything else runs.</summary>
    private sealed class ServerTiming(ConcurrentQueue<double> gets, ConcurrentQueue<double> posts) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var started = Stopwatch.GetTimestamp();
                await following(context);
                if (context.Request.Path.StartsWithSegments("/s"))
                {
                    (Microsoft.AspNetCore.Http.HttpMethods.IsPost(context.Request.Method) ? posts : gets).Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            });
            next(app);
        };
    }
}
