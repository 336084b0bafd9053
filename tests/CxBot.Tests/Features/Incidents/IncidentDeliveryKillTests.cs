using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CxBot.Tests.Features.Incidents;

/// <summary>
/// "Your manager will get it" survives a crash: two bot processes on one Azurite and one fake connector that answers like a
/// real network (100 ms); 200 submissions are sent at once and the process taking them is killed (SIGKILL) 300 ms later, with
/// submissions still in flight (the attack of issue 22, F6). Every incident it acknowledged still reaches the manager, from
/// the other process's sweep of owed deliveries; the ones cut off were never acknowledged, so the reporter knows to resend.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentDeliveryKillTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Submissions = 200;
    private static readonly TimeSpan KillAfter = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Deliver_200InFlightProcessKilledAt300ms_EveryAcknowledgedManagerCardDeliveredByTheOtherProcess()
    {
        var prefix = TestTables.UniquePrefix();
        await using var connector = await FakeConnector.StartAsync();
        (string, string?)[] settings =
        [
            ("Incidents:DeliveryGrace", "00:00:03"),
            ("Incidents:DeliverySweepEvery", "00:00:01"),
            ("Bot:ConnectorRetryDelay", "00:00:00.050"),
        ];
        await using var first = await BotProcess.StartAsync(azurite.Server, prefix, settings);
        await using var second = await BotProcess.StartAsync(azurite.Server, prefix, settings);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var t = new SetupActivities(connector.ServiceUrl, Guid.NewGuid().ToString());
        var (admin, manager, reporter) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        t.Named(admin, "Ada Admin").Named(manager, "Mona Manager").Named(reporter, "Rita Reporter");
        async Task<JsonNode?> PostAsync(BotProcess bot, JsonObject activity)
        {
            using var response = await http.PostAsJsonAsync($"http://127.0.0.1:{bot.Port}/api/messages", activity);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStringAsync();
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }

        var tenant = new TestTenant(t, a => PostAsync(first, a));
        await tenant.InstallAsync(admin, manager, reporter);
        await tenant.TeamAsync(manager, [reporter], saveSettings: true);

        // Teams is not instant: with every answer 100 ms away, deliveries are still queued or in flight when the kill comes.
        connector.Latency = TimeSpan.FromMilliseconds(100);
        var acknowledged = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var cutOff = 0;
        var busy = 0;
        var when = DateTime.UtcNow.AddMinutes(-30);
        var sending = Parallel.ForEachAsync(Enumerable.Range(0, Submissions), new ParallelOptions { MaxDegreeOfParallelism = Submissions }, async (i, _) =>
        {
            var data = new JsonObject
            {
                ["token"] = "kill-" + i.ToString(CultureInfo.InvariantCulture), ["teamId"] = t.TeamId, ["what"] = "Delivery came 3 hours late.",
                ["date"] = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["time"] = when.ToString("HH:mm", CultureInfo.InvariantCulture),
                ["severity"] = "medium", ["rootCause"] = "tools", ["recovered"] = "false",
            };
            JsonNode? answer;
            try
            {
                answer = await PostAsync(first, t.Execute(reporter, IncidentNames.Submit, data));
            }
            catch (HttpRequestException)
            {
                // In flight when the process died: never acknowledged, so nothing was promised.
                Interlocked.Increment(ref cutOff);
                return;
            }

            var reference = Reference().Match(answer?.ToJsonString() ?? "").Value;
            if (reference.Length == 0)
            {
                // Answered "busy, press Submit again" (one reporter's 200 at once contend on their list): nothing promised either.
                Interlocked.Increment(ref busy);
                return;
            }

            lock (acknowledged)
            {
                acknowledged[reference] = DateTimeOffset.UtcNow;
            }
        });
        // Killed 300 ms in, or once the first submission was acknowledged if the machine is slower than that.
        await Task.Delay(KillAfter);
        await Poll.UntilAsync(() => { lock (acknowledged) { return acknowledged.Count > 0; } }, TimeSpan.FromSeconds(30));
        var cardsAtKill = ManagerCards(connector).Count;
        await first.KillAsync();
        await sending;

        var delivered = await Poll.UntilAsync(() => acknowledged.Keys.All(ManagerCards(connector).ContainsKey), TimeSpan.FromSeconds(60));
        var cards = ManagerCards(connector);
        var missing = acknowledged.Keys.Where(r => !cards.ContainsKey(r)).ToList();
        var duplicates = cards.Values.Count(c => c.Count > 1);
        var waits = acknowledged.Where(a => cards.ContainsKey(a.Key)).Select(a => (cards[a.Key].Min() - a.Value).TotalSeconds).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"acknowledged {acknowledged.Count}, cut off in flight {cutOff}, answered busy {busy}; manager cards delivered before the kill {cardsAtKill}; delivered in all {cards.Count}; lost {missing.Count}; duplicates {duplicates}; time to deliver p50 {Percentile(waits, 0.5):F1} s, max {(waits.Count > 0 ? waits[^1] : 0):F1} s"));

        Assert.True(delivered, $"{missing.Count} incidents never reached the manager: {string.Join(", ", missing)}\n{second.Output}");
        Assert.Equal(Submissions, acknowledged.Count + cutOff + busy);
        Assert.True(cutOff > 0, "every submission was answered before the kill, so none was in flight: kill sooner");
        Assert.True(cardsAtKill < acknowledged.Count, "every card was delivered before the kill, so the kill proved nothing: slow the connector");
    }

    [Fact]
    public async Task Sweep_AfterTheFastPathDelivered_TheTenantsHintIsRemovedSoTheSweepReadsNoPartitionForIt()
    {
        // The sweep reads one small partition of tenants that may owe deliveries, never the whole index; a hint outlives its
        // deliveries only until the next sweep after the grace.
        await using var app = BotApp.Local(azurite.Server, ("Storage:TablePrefix", TestTables.UniquePrefix()), ("Incidents:DeliveryGrace", "00:00:01"), ("Incidents:DeliverySweepEvery", "00:00:01"));
        await using var connector = await FakeConnector.StartAsync();
        var f = await new IncidentFlow(app, connector).SetUpAsync();
        var index = app.Services.GetRequiredService<CxBot.Storage.TableServiceClient>().GetTableClient(IncidentNames.IndexTable);
        async Task<bool> HintedAsync() => await index.GetEntityIfExistsAsync(IncidentKeys.OwedTenants, IncidentKeys.Tenant(f.T.Tenant), default) is not null;

        var reference = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("hint")))).Value;
        var hintedAtFirst = await HintedAsync();
        await f.DeliveredAsync(reference);

        Assert.True(hintedAtFirst);
        Assert.True(await Poll.UntilAsync(async () => !await HintedAsync(), TimeSpan.FromSeconds(10)), "the hint of a tenant that owes nothing was never removed");
        Assert.Empty(await app.Services.GetRequiredService<IncidentDeliveries>().OwedAsync(default));
    }

    [Fact]
    public async Task Sweep_OwedForADayWithoutItsIncident_DroppedWhileARecentOneStays()
    {
        // A claim whose incident write never happened (the orphan case) is retried, but not forever.
        await using var app = BotApp.Local(azurite.Server, ("Storage:TablePrefix", TestTables.UniquePrefix()), ("Incidents:DeliveryGrace", "00:00:01"));
        var tables = app.Services.GetRequiredService<CxBot.Storage.TableServiceClient>();
        var index = tables.GetTableClient(IncidentNames.IndexTable);
        await index.CreateIfNotExistsAsync(default);
        await tables.GetTableClient(IncidentNames.IncidentsTable).CreateIfNotExistsAsync(default);
        var tenant = Guid.NewGuid().ToString();
        var pk = IncidentKeys.Tenant(tenant);
        var now = DateTimeOffset.UtcNow;
        // Both were last taken by a sweep seconds ago (which moves "Since"); only the first was owed for more than a day.
        foreach (var (reference, loggedAt) in new[] { ("INC-2026-000001", now.AddDays(-2)), ("INC-2026-000002", now.AddMinutes(-5)) })
        {
            await index.UpsertEntityAsync(new CxBot.Storage.TableEntity(pk, IncidentKeys.Deliver(reference)) { ["Pk"] = pk + "|nowhere", ["TenantId"] = tenant, ["Since"] = now.AddSeconds(-5), ["LoggedAt"] = loggedAt }, CxBot.Storage.TableUpdateMode.Replace, default);
        }

        // The hint last, as a day-old one: written first, the app's own sweep could find it with no rows yet and remove it
        // (a real claim writes it with the current time, so the grace keeps it), and then no sweep would see either row.
        await index.UpsertEntityAsync(new CxBot.Storage.TableEntity(IncidentKeys.OwedTenants, pk) { ["TenantId"] = tenant, ["Since"] = now.AddDays(-2) }, CxBot.Storage.TableUpdateMode.Replace, default);

        var deliveries = app.Services.GetRequiredService<IncidentDeliveries>();
        await deliveries.SweepAsync(default);

        // The app's own sweep loop may have taken the old one first (then this sweep's claim met its ETag): wait for whichever.
        async Task<string[]> LeftAsync() => [.. (await deliveries.OwedAsync(default)).Where(d => d.TenantId == tenant).Select(d => d.Reference)];
        Assert.True(await Poll.UntilAsync(async () => (await LeftAsync()).SequenceEqual(["INC-2026-000002"]), TimeSpan.FromSeconds(10)), string.Join(", ", await LeftAsync()));
    }

    /// <summary>Each incident's card posts to the manager's chat (the card with triage buttons), by reference, with arrival times.</summary>
    private static Dictionary<string, List<DateTimeOffset>> ManagerCards(FakeConnector connector) =>
        connector.Requests
            .Where(r => r.Method == "POST" && r.Body.Contains("\"Acknowledge\"", StringComparison.Ordinal))
            .GroupBy(r => Reference().Match(r.Body).Value)
            .ToDictionary(g => g.Key, g => g.Select(r => r.At).ToList(), StringComparer.Ordinal);

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();
}
