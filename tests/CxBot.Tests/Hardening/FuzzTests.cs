using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Protocol.Routing;
using CxBot.Storage;
using CxBot.Tests.Features.Ideas;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxBot.Tests.Hardening;

/// <summary>
/// 10,000 malformed and hostile bodies at <c>/api/messages</c>, written as raw bytes (fixed seed; see <see cref="ActivityFuzzer"/>),
/// in local mode and with JWT validation on: no 5xx but the 501 for invoke names the bot does not handle, no Error or Critical
/// log entry, the other tenants' rows untouched, every stored row decodes and passes its feature's rules, no stored value is one
/// a card could not produce (<see cref="StoredText"/>), and <c>/healthz</c> and <c>/readyz</c> still answer 200.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class FuzzTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    public const int Cases = 10_000;
    private const int Parallelism = 16;

    [Theory]
    [InlineData(false, 20261122)]
    [InlineData(true, 20261123)]
    public async Task PostMessages_TenThousandHostileBodies_NoServerErrorNothingInvalidStoredStillHealthy(bool authenticated, int seed)
    {
        // Without the check-in loop: at a victim team's shift end (wall-clock time) it would write their prompts during the run,
        // which is the scheduler's work, not the fuzzer's, and made the comparison below fail every evening.
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated, WithoutCheckinLoop);
        var app = bot.App;

        // Victims: another tenant's team with an incident, and a third tenant's team with an idea.
        var victimIncidents = await new IncidentFlow(app, bot.Connector, bot.Authorization).SetUpAsync();
        var confirmation = await victimIncidents.InvokeCardAsync(victimIncidents.T.Execute(victimIncidents.Reporter, IncidentNames.Submit, victimIncidents.Submission("victim-1")));
        var victimReference = Reference().Match(confirmation).Value;
        var victimIdeas = await new IdeaTeam(app, bot.Connector, bot.Authorization).SetUpAsync();
        var victimIdea = IdeaTeam.IdeaIdOf(await victimIdeas.SubmitAsync(victimIdeas.Member, IdeaTeam.Form("victim-idea", victimIdeas.T.TeamId)));

        // The fuzzer's own tenant, fully set up so crafted submissions reach deep into each feature.
        var own = await new IncidentFlow(app, bot.Connector, bot.Authorization).SetUpAsync();
        await own.InvokeAsync(own.T.Execute(own.Admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));

        // A team far from UTC, so dates at the calendar's edge cross it when converted (Auckland is ahead, New York behind).
        var zone = authenticated ? "America/New_York" : "Pacific/Auckland";
        await own.InvokeAsync(own.T.Execute(own.Manager, "setup.team.save", new JsonObject { ["timeZone"] = zone, ["shiftEnd"] = "17:30", ["managers"] = own.Manager }, inChannel: true));
        var victimTenants = new[] { victimIncidents.T.Tenant, victimIdeas.T.Tenant };
        var before = VictimRows(await StoredRow.ReadAllAsync(app.Services), victimTenants, authenticated);

        var routes = new BotRouteBuilder();
        foreach (var module in app.Services.GetServices<IBotRoutes>())
        {
            module.Map(routes);
        }

        var fuzzer = new ActivityFuzzer(seed, new FuzzTargets(
            bot.Connector.ServiceUrl, own.T.Tenant, [own.Admin, own.Manager, own.Reporter, own.Colleague], own.T.TeamId,
            victimTenants, [victimIncidents.T.TeamId, victimIdeas.T.TeamId], [victimIncidents.Manager, victimIncidents.Reporter, victimIdeas.Manager, victimIdeas.Member],
            [victimReference, victimIdea], [.. routes.Verbs.Keys], [.. routes.Commands.Keys],
            [(IncidentNames.Submit, own.Submission("valid")), ("ideas.submit", IdeaTeam.Form("valid", own.T.TeamId))],
            [.. CardInputs.Actions(app.Services.GetRequiredService<CxBot.Cards.CardTemplates>())]));
        Assert.InRange(fuzzer.SweepSize, 500, Cases / 2); // every card input out of range once, and room for the random cases
        var bodies = Enumerable.Range(0, Cases).Select(_ => fuzzer.Next()).ToArray();

        var statuses = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentQueue<string>();
        var client = app.CreateClient();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Cases), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            // With auth on, one case in ten carries a broken or missing token.
            var authorization = authenticated && i % 10 == 3 ? BrokenToken(i, bot.Authorization!) : bot.Authorization;
            var status = await bot.PostBytesAsync(bodies[i], authorization, client);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500)
            {
                var text = System.Text.Encoding.UTF8.GetString(bodies[i]);
                serverErrors.Enqueue($"{status} (case {i}): {text[..Math.Min(text.Length, 2000)]}");
            }
        });
        var after = await StoredRow.ReadAllAsync(app.Services);
        output.WriteLine($"stored after fuzzing: {after.Count(r => r.Table == IncidentNames.IncidentsTable)} incident rows, {after.Count(r => r.Table == "Ideas")} idea rows, {after.Count} rows in all");
        output.WriteLine($"{Cases} cases ({fuzzer.SweepSize} card inputs out of range) in {clock.Elapsed.TotalSeconds:0.0} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");

        foreach (var failure in bot.Logs.Failures.GroupBy(f => f.Exception?.GetType().Name + " " + f.Exception?.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("CxBot", StringComparison.Ordinal))).Take(20))
        {
            output.WriteLine($"{failure.Count()}× {failure.Key} {failure.First().Exception?.Message}");
            if (Environment.GetEnvironmentVariable("FUZZ_STACKS") == "1")
            {
                output.WriteLine(failure.First().ToString());
            }
        }

        Assert.Contains(bot.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Debug || e.Level == Microsoft.Extensions.Logging.LogLevel.Trace); // the capture sees everything
        var stored = StoredText.Check(after, DateTimeOffset.UtcNow);
        foreach (var problem in stored.Take(20))
        {
            output.WriteLine("stored: " + problem);
        }

        var errors = serverErrors.Where(e => !e.StartsWith("501", StringComparison.Ordinal)).ToList();
        foreach (var error in errors.Take(5))
        {
            output.WriteLine("5xx: " + error[..Math.Min(error.Length, 600)]);
        }

        Assert.True(errors.Count == 0, $"{errors.Count} 5xx answers, first: {errors.FirstOrDefault()}");
        var failures = bot.Logs.Failures;
        Assert.True(failures.Count == 0, $"{failures.Count} error log entries, first: {failures.FirstOrDefault()}");
        Assert.True(stored.Count == 0, $"{stored.Count} stored values no card could produce, first: {stored.FirstOrDefault()}");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        Assert.Equal(before, VictimRows(after, victimTenants, authenticated));
        var invalid = await StoredValidity.CheckAsync(app.Services, after);
        Assert.True(invalid.Count == 0, $"{invalid.Count} stored rows fail validation, first: {invalid.FirstOrDefault()}");
    }

    /// <summary>
    /// The other tenants' rows. Conversation references and people's names are left out: the fuzzer also forges the activity's
    /// own tenant and sender, which in local mode nothing authenticates (and with auth on only Teams can sign), and a forged
    /// sender only gets a reference to their own conversation and their own name recorded, never data. In local mode (no
    /// token, so nothing vouches for the tenant or the team) a forged message from a team's channel also records the sender
    /// as a member of that team (the roster and team rows); with auth on, only Teams can say so, and those rows are compared too.
    /// The sending budget's heartbeat rows (<c>SendBudgets</c>) are left out: they are this instance's share, rewritten every second.
    /// </summary>
    private static string[] VictimRows(IReadOnlyList<StoredRow> rows, string[] tenants, bool authenticated) =>
        [.. rows.Where(r => r.Table != CxBot.Protocol.References.ConversationReferenceStore.TableName && r.Table != CxBot.Features.People.PeopleTables.Persons && r.Table != CxBot.Protocol.Sending.BudgetShares.Table
                && (authenticated || r.Table is not (CxBot.Features.People.PeopleTables.Roster or CxBot.Features.People.PeopleTables.Teams))
                && tenants.Any(t => r.PartitionKey.Contains(TableKeys.ToSafeKey(t), StringComparison.Ordinal) || r.PartitionKey.Contains(t, StringComparison.Ordinal)))
            .Select(r => r.Text).Order(StringComparer.Ordinal)];

    private static void WithoutCheckinLoop(IServiceCollection services)
    {
        var loop = services.Single(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType == typeof(CxBot.Features.Checkins.CheckinLoop));
        services.Remove(loop);
    }

    private static string? BrokenToken(int i, string valid) => (i / 10 % 5) switch
    {
        0 => null,
        1 => valid[..^5],
        2 => "Bearer " + new string('A', 5000),
        3 => "Basic dXNlcjpwYXNz",
        _ => valid.Replace('.', '!'),
    };

    [GeneratedRegex(@"INC-\d{4}-\d{6}")]
    private static partial Regex Reference();
}
