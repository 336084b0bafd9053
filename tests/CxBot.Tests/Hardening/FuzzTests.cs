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
/// 10,000 malformed and hostile bodies at <c>/api/messages</c> (fixed seed), in local mode and with JWT validation on: no 5xx, no
/// Error or Critical log entry, the other tenants' rows untouched, every stored row decodes and passes its feature's rules, and
/// <c>/healthz</c> and <c>/readyz</c> still answer 200.
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
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated);
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
        var victimTenants = new[] { victimIncidents.T.Tenant, victimIdeas.T.Tenant };
        var before = VictimRows(await StoredRow.ReadAllAsync(app.Services), victimTenants);

        var routes = new BotRouteBuilder();
        foreach (var module in app.Services.GetServices<IBotRoutes>())
        {
            module.Map(routes);
        }

        var fuzzer = new ActivityFuzzer(seed, new FuzzTargets(
            bot.Connector.ServiceUrl, own.T.Tenant, [own.Admin, own.Manager, own.Reporter, own.Colleague], own.T.TeamId,
            victimTenants, [victimIncidents.T.TeamId, victimIdeas.T.TeamId], [victimIncidents.Manager, victimIncidents.Reporter, victimIdeas.Manager, victimIdeas.Member],
            [victimReference, victimIdea], [.. routes.Verbs.Keys], [.. routes.Commands.Keys],
            [(IncidentNames.Submit, own.Submission("valid")), ("ideas.submit", IdeaTeam.Form("valid", own.T.TeamId))]));
        var bodies = Enumerable.Range(0, Cases).Select(_ => fuzzer.Next()).ToArray();

        var statuses = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentQueue<string>();
        var client = app.CreateClient();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Cases), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            // With auth on, one case in ten carries a broken or missing token.
            var authorization = authenticated && i % 10 == 3 ? BrokenToken(i, bot.Authorization!) : bot.Authorization;
            var (status, _) = await bot.PostRawAsync(bodies[i], authorization, client);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500)
            {
                serverErrors.Enqueue($"{status}: {bodies[i][..Math.Min(bodies[i].Length, 2000)]}");
            }
        });
        var after = await StoredRow.ReadAllAsync(app.Services);
        output.WriteLine($"stored after fuzzing: {after.Count(r => r.Table == IncidentNames.IncidentsTable)} incident rows, {after.Count(r => r.Table == "Ideas")} idea rows, {after.Count} rows in all");
        output.WriteLine($"{Cases} cases in {clock.Elapsed.TotalSeconds:0.0} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");

        foreach (var failure in bot.Logs.Failures.GroupBy(f => f.Exception?.GetType().Name + " " + f.Exception?.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("CxBot", StringComparison.Ordinal))).Take(20))
        {
            output.WriteLine($"{failure.Count()}× {failure.Key} {failure.First().Exception?.Message}");
            if (Environment.GetEnvironmentVariable("FUZZ_STACKS") == "1")
            {
                output.WriteLine(failure.First().ToString());
            }
        }

        Assert.Contains(bot.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Debug || e.Level == Microsoft.Extensions.Logging.LogLevel.Trace); // the capture sees everything
        Assert.True(serverErrors.Count(e => !e.StartsWith("501", StringComparison.Ordinal)) == 0, $"{serverErrors.Count} 5xx answers, first: {serverErrors.FirstOrDefault()}");
        var failures = bot.Logs.Failures;
        Assert.True(failures.Count == 0, $"{failures.Count} error log entries, first: {failures.FirstOrDefault()}");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        Assert.Equal(before, VictimRows(after, victimTenants));
        var invalid = await StoredValidity.CheckAsync(app.Services, after);
        Assert.True(invalid.Count == 0, $"{invalid.Count} stored rows fail validation, first: {invalid.FirstOrDefault()}");
    }

    /// <summary>
    /// The other tenants' rows. Conversation references and the people record's person rows are left out: the fuzzer also
    /// forges the activity's own tenant and sender, which in local mode nothing authenticates (and with auth on only Teams can
    /// sign), and a forged sender only gets a reference to their own conversation and the name they send on their own row, never data.
    /// </summary>
    private static string[] VictimRows(IReadOnlyList<StoredRow> rows, string[] tenants) =>
        [.. rows.Where(r => r.Table != CxBot.Protocol.References.ConversationReferenceStore.TableName && r.Table != CxBot.Features.People.PeopleTables.Persons && tenants.Any(t => r.PartitionKey.Contains(TableKeys.ToSafeKey(t), StringComparison.Ordinal) || r.PartitionKey.Contains(t, StringComparison.Ordinal)))
            .Select(r => r.Text).Order(StringComparer.Ordinal)];

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
