using System.Diagnostics.Metrics;
using CxBot.Protocol;
using CxBot.Testing;
using CxBot.Tests.Protocol;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Hosting;

/// <summary>
/// CxBot's own meter, read from the running app with a <c>MeterListener</c>: turns by kind and outcome, the send engine's
/// messages, 429s, pauses and leases, and the unfinished jobs gauge; no tag carries a tenant, a user or their text.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private const string TenantId = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";

    [Fact]
    public async Task Turns_InstallMessageAndCardAction_CountedByKindAndOutcome()
    {
        using var meters = Recorder();

        await App.PostAsync(TeamsFixtures.Personal("install-personal", Connector.ServiceUrl));
        var message = TeamsFixtures.Personal("message-personal", Connector.ServiceUrl);
        message["text"] = "help";
        await App.PostAsync(message);
        await App.PostAsync(message);
        var action = TeamsFixtures.Personal("invoke-action-execute", Connector.ServiceUrl);
        action["value"]!["action"]!["verb"] = "no.such.verb";
        await App.PostAsync(action);

        Assert.Equal(1, meters.Sum("cxbot.turns", ("kind", "install"), ("outcome", "ok")));
        Assert.Equal(2, meters.Sum("cxbot.turns", ("kind", "message"), ("outcome", "ok")));
        Assert.Equal(1, meters.Sum("cxbot.turns", ("kind", "card_action"), ("outcome", "ok")));
        Assert.Equal(4, meters.Sum("cxbot.turns"));
        var durations = meters.Of("cxbot.turn.duration");
        Assert.Equal(4, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 60));
        Assert.Equal("s", meters.Instruments["cxbot.turn.duration"].Unit);
        AssertNoIdentifiers(meters);
    }

    [Fact]
    public async Task Sending_WelcomeAfterA429_CountsTheThrottleThePauseTheLeaseAndTheMessageSent()
    {
        using var meters = Recorder();

        // The install's welcome is queued and sent by the send engine (the app answers once it was delivered); its first
        // attempt is refused with a 429, so the tenant's bulk pauses and the message goes on the second attempt.
        Connector.Enqueue(429, retryAfter: "0");
        await App.PostAsync(TeamsFixtures.Personal("install-personal", Connector.ServiceUrl));

        Assert.Equal(1, meters.Sum("cxbot.send.messages", ("outcome", "sent")));
        Assert.Empty(meters.Of("cxbot.send.messages", ("outcome", "failed")));
        Assert.Equal(1, meters.Sum("cxbot.connector.throttled", ("traffic", "bulk")));
        Assert.Equal(1, meters.Sum("cxbot.send.pauses"));
        Assert.Equal(1, meters.Sum("cxbot.send.lease.changes", ("change", "taken")));

        // Nothing more to send: the run hands the tenant's lease over after lingering, and the next poll finds no job.
        Assert.True(await Poll.UntilAsync(() => meters.Sum("cxbot.send.lease.changes", ("change", "released")) == 1, TimeSpan.FromSeconds(30)));
        Assert.True(await Poll.UntilAsync(() =>
        {
            meters.Observe();
            return meters.Of("cxbot.send.jobs.active").LastOrDefault()?.Value == 0;
        }, TimeSpan.FromSeconds(30)));
        Assert.Empty(meters.Of("cxbot.send.lease.changes", ("change", "lost")));
        AssertNoIdentifiers(meters);
    }

    [Fact]
    public void Meter_EveryInstrument_HasAUnitAndADescription()
    {
        using var meters = Recorder();

        string[] expected =
        [
            "cxbot.turns", "cxbot.turn.duration", "cxbot.send.messages", "cxbot.connector.throttled", "cxbot.send.pauses",
            "cxbot.send.lease.changes", "cxbot.send.jobs.active", "cxbot.scorecards.delivery.runs", "cxbot.scorecards.posted",
            "cxbot.scorecards.rollup.runs",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), meters.Instruments.Keys.Where(expected.Contains).Order(StringComparer.Ordinal));
        Assert.All(meters.Instruments.Values, i => Assert.False(string.IsNullOrEmpty(i.Unit) || string.IsNullOrEmpty(i.Description), i.Name));
    }

    private MeterRecorder Recorder()
    {
        // Resolving the instruments' owners creates them on the app's meter (the listener sees the ones that exist).
        var services = App.Services;
        _ = services.GetRequiredService<CxBot.Protocol.Routing.TurnMetrics>();
        _ = services.GetRequiredService<CxBot.Protocol.Sending.SendMetrics>();
        _ = services.GetRequiredService<CxBot.Features.Scorecards.ScorecardMetrics>();
        return new MeterRecorder(BotMeter.Of(services.GetRequiredService<IMeterFactory>()));
    }

    /// <summary>Tags are kinds and outcomes: never the tenant, a user, a conversation or what someone typed.</summary>
    private static void AssertNoIdentifiers(MeterRecorder meters)
    {
        Assert.NotEmpty(meters.Measurements);
        var values = meters.Measurements.SelectMany(m => m.Tags.Values).Distinct(StringComparer.Ordinal).ToList();
        Assert.All(values, v => Assert.Matches("^[a-z_]{1,20}$", v));
        Assert.DoesNotContain(TenantId, values);
    }
}
