using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Incidents;

/// <summary>Chasing overdue incidents on a virtual clock, in tables of their own so other tests' incidents never count.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentChaseTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeConnector _connector = null!;
    private BotApp _app = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", ""), ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", TestTables.UniquePrefix())]))
        {
            TestServices = s =>
            {
                s.AddSingleton<TimeProvider>(_clock);

                // The test runs the chaser itself; the loop would race it whenever the clock moves.
                s.Remove(s.Single(d => d.ImplementationType == typeof(IncidentChaseLoop)));
            },
        };
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _app);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task RunOnce_OverdueIncident_ChasedOncePerPeriodThenWithItsOwnerUntilResolved()
    {
        var f = await new IncidentFlow(_app, _connector).SetUpAsync();
        var reference = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("chase")))).Value;
        await f.WaitForAsync("POST", "\"Acknowledge\"");
        var chaser = _app.Services.GetRequiredService<IncidentChaser>();
        var unacknowledged = $"Reminder: incident {reference} (high severity, Store 42 – Leeds) has not been acknowledged";

        var beforeDue = await chaser.RunOnceAsync(default);
        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var pastDue = await chaser.RunOnceAsync(default);
        await f.WaitForAsync("POST", unacknowledged);
        _clock.Advance(TimeSpan.FromHours(1));
        var sameperiod = await chaser.RunOnceAsync(default);
        _clock.Advance(TimeSpan.FromHours(3));
        var nextPeriod = await chaser.RunOnceAsync(default);

        Assert.Equal((0, 1, 0, 1), (beforeDue, pastDue, sameperiod, nextPeriod));
        Assert.Equal(2, _connector.Requests.Count(r => IncidentFlow.Decoded(r).Contains(unacknowledged, StringComparison.Ordinal)));

        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Assign, new JsonObject { ["reference"] = reference, ["rev"] = 1, ["assignee"] = f.Colleague }));
        _clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(1, await chaser.RunOnceAsync(default));
        var toOwner = await f.WaitForAsync("POST", $"Reminder: incident {reference} (high severity, Store 42 – Leeds) has not been resolved");
        var owner = await _app.Services.GetRequiredService<CxBot.Protocol.References.ConversationReferenceStore>().GetAsync(CxBot.Protocol.References.ProactiveTarget.User(f.T.Tenant, f.Colleague), default);
        Assert.Contains(owner!.ConversationId, toOwner.PathAndQuery, StringComparison.Ordinal);

        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Resolve, new JsonObject { ["reference"] = reference, ["rev"] = 2, ["text"] = "sorted" }));
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await chaser.RunOnceAsync(default));
    }

    [Fact]
    public async Task TryTake_TwoInstances_OnlyOneHoldsTheLeaseUntilItExpires()
    {
        var lease = _app.Services.GetRequiredService<IncidentLease>();
        var now = _clock.GetUtcNow();
        var name = "test-" + Guid.NewGuid().ToString("N");

        var first = await lease.TryTakeAsync(name, "a", now, now.AddMinutes(10), default);
        var second = await lease.TryTakeAsync(name, "b", now.AddMinutes(5), now.AddMinutes(15), default);
        var renewed = await lease.TryTakeAsync(name, "a", now.AddMinutes(6), now.AddMinutes(16), default);
        var afterExpiry = await lease.TryTakeAsync(name, "b", now.AddMinutes(17), now.AddMinutes(27), default);
        var racing = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => lease.TryTakeAsync(name + "-race", "r" + i, now, now.AddMinutes(1), default)));

        Assert.Equal((true, false, true, true), (first, second, renewed, afterExpiry));
        Assert.Single(racing, won => won);
    }

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();
}
