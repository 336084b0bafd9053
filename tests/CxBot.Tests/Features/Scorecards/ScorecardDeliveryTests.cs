using CxBot.Features.Scorecards;
using CxBot.Protocol;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>Weekly posting with two instances sharing Azurite: exactly once per channel, week and scope; missed slots caught up.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScorecardDeliveryTests(AzuriteFixture azurite)
{
    /// <summary>The organisation and four teams to the all-teams channel, one team to the other: six cards a week.</summary>
    private const int CardsPerWeek = 6;

    [Fact]
    public async Task RunOnce_TwoInstancesAfterAMissedMonday_EachCardPostedOnceThenNothingUntilNextSlot()
    {
        var (a, b, sender, data) = await TwoInstancesAsync(new DateTimeOffset(2026, 10, 27, 12, 0, 0, TimeSpan.Zero)); // Tuesday: Monday's slot was missed

        var posted = await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default));
        var again = await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default));

        Assert.Equal(CardsPerWeek, posted.Sum());
        Assert.Equal(0, again.Sum());
        var cards = sender.Sent.Select(s => (s.Target.Id, Card: Text(s.Activity))).ToList();
        Assert.Equal(CardsPerWeek, cards.Count);
        Assert.All(cards, c => Assert.Contains("2026-W43", c.Card, StringComparison.Ordinal));
        Assert.Equal(5, cards.Count(c => c.Id == data.Setup.Leadership[0].ChannelId));
        Assert.Single(cards, c => c.Id == data.Setup.Leadership[0].ChannelId && c.Card.Contains("Standards scorecard · Acme", StringComparison.Ordinal));
        Assert.Single(cards, c => c.Id == data.Setup.Leadership[1].ChannelId && c.Card.Contains("Standards scorecard · Site 0", StringComparison.Ordinal));

        // The channel's notification line names the scorecard and its week, not "Sent a card".
        Assert.All(sender.Sent, s => Assert.StartsWith("Standards scorecard · ", s.Activity.Summary, StringComparison.Ordinal));
        Assert.Contains(sender.Sent, s => s.Activity.Summary!.StartsWith("Standards scorecard · Acme · Week 2026-W43", StringComparison.Ordinal));

        // Monday 2 November, London (GMT): nothing before 08:00, the next week's cards after.
        a.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 7, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default))).Sum());
        a.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 8, 1, 0, TimeSpan.Zero));
        Assert.Equal(CardsPerWeek, (await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default))).Sum());
        Assert.Equal(CardsPerWeek, sender.Sent.Select(s => Text(s.Activity)).Count(c => c.Contains("2026-W44", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunOnce_TwoInstances_EachCountsItsDeliveryRunAndCardsAndOneCountsTheRollup()
    {
        var (a, b, _, _) = await TwoInstancesAsync(new DateTimeOffset(2026, 10, 27, 12, 0, 0, TimeSpan.Zero));
        using var metersA = new MeterRecorder(BotMeter.Of(a.Meters));
        using var metersB = new MeterRecorder(BotMeter.Of(b.Meters));

        var posted = await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default));

        // One tenant with leadership channels: one delivery run on each instance, the cards each posted, one rollup refresh.
        foreach (var (meters, cards) in new[] { (metersA, posted[0]), (metersB, posted[1]) })
        {
            Assert.Equal(1, meters.Sum("cxbot.scorecards.delivery.runs", ("outcome", "ok")));
            Assert.Empty(meters.Of("cxbot.scorecards.delivery.runs", ("outcome", "failed")));
            Assert.Equal(cards, meters.Sum("cxbot.scorecards.posted"));
            Assert.Empty(meters.Of("cxbot.scorecards.rollup.runs", ("outcome", "failed")));
        }

        Assert.Equal(CardsPerWeek, metersA.Sum("cxbot.scorecards.posted") + metersB.Sum("cxbot.scorecards.posted"));
        Assert.Equal(1, metersA.Sum("cxbot.scorecards.rollup.runs", ("outcome", "ok")) + metersB.Sum("cxbot.scorecards.rollup.runs", ("outcome", "ok")));
    }

    [Fact]
    public async Task RunOnce_ClaimHeldByACrashedInstance_OthersWaitForItToExpireThenPostItOnce()
    {
        var (a, b, sender, data) = await TwoInstancesAsync(new DateTimeOffset(2026, 10, 26, 8, 30, 0, TimeSpan.Zero));
        var claims = new ScorecardClaims(a.Store);
        var key = ScorecardClaims.Key(data.Setup.Leadership[1].ChannelId, ScorecardData.Monday, "team0");

        // Instance "crashed" claimed the post and died before posting.
        Assert.NotNull(await claims.TryClaimAsync(data.Tenant, key, "crashed", a.Clock.GetUtcNow(), a.Clock.GetUtcNow().AddMinutes(10), default));
        Assert.Equal(CardsPerWeek - 1, await b.Delivery.RunOnceAsync(default));
        a.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default))).Sum());
        a.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await Task.WhenAll(a.Delivery.RunOnceAsync(default), b.Delivery.RunOnceAsync(default))).Sum());

        Assert.Equal(CardsPerWeek, sender.Sent.Count);
        Assert.True(await claims.IsPostedAsync(data.Tenant, key, default));
    }

    [Fact]
    public async Task RunOnce_ChannelSubscribedMidWeek_FirstCardIsThisWeekSoFar_NeverAWeekOverBeforeIt_ThenTheWeekOnMonday()
    {
        var (a, _, sender, data) = await TwoInstancesAsync(new DateTimeOffset(2026, 10, 28, 10, 0, 0, TimeSpan.Zero)); // Wednesday of W44
        var channel = new CxBot.Features.Setup.LeadershipChannel("19:new@thread.tacv2", "New leaders", false, ["team1"]) { Since = a.Clock.GetUtcNow() };
        await a.SaveSetupAsync(data.Tenant, data.Setup with { Leadership = [channel] });

        Assert.Equal(1, await a.Delivery.RunOnceAsync(default));
        Assert.Equal(0, await a.Delivery.RunOnceAsync(default));

        var first = Text(Assert.Single(sender.Sent).Activity);
        Assert.Contains("Standards scorecard · Site 1 Week 2026-W44", first, StringComparison.Ordinal);
        Assert.Contains("so far, as of Wed 28 Oct 10:00", first, StringComparison.Ordinal);
        Assert.DoesNotContain(sender.Sent, s => Text(s.Activity).Contains("2026-W43", StringComparison.Ordinal));

        // Monday 2 November after 08:00: the week it subscribed in, now over, comes as the weekly card.
        a.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 8, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, await a.Delivery.RunOnceAsync(default));
        var weekly = Text(sender.Sent.Last().Activity);
        Assert.Contains("Week 2026-W44", weekly, StringComparison.Ordinal);
        Assert.DoesNotContain("so far", weekly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnce_ChannelCxBotCannotReachYet_CardWaits_AdminsAreTold_PostedOnceItCan()
    {
        var (a, _, sender, data) = await TwoInstancesAsync(new DateTimeOffset(2026, 10, 26, 8, 30, 0, TimeSpan.Zero));
        var site0 = data.Setup.Leadership[1].ChannelId;
        sender.Unreachable[site0] = true;
        var attention = new ScorecardAttention(new ScorecardClaims(a.Store));

        Assert.Equal(CardsPerWeek - 1, await a.Delivery.RunOnceAsync(default));
        Assert.Equal(
            "Scorecards for the channel \u201cSite 0 leads\u201d are waiting: CxBot cannot post there yet. Add CxBot to that channel's team and say \u201cpost scorecards here\u201d in the channel; they follow within a minute.",
            Assert.Single(await attention.LinesAsync(data.Tenant, default)));
        a.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await a.Delivery.RunOnceAsync(default));

        // CxBot is added there: the next look posts the waiting card, and the admins' line goes.
        sender.Unreachable.TryRemove(site0, out _);
        a.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await a.Delivery.RunOnceAsync(default));
        Assert.Single(sender.Sent, s => s.Target.Id == site0 && Text(s.Activity).Contains("2026-W43", StringComparison.Ordinal));
        Assert.Empty(await attention.LinesAsync(data.Tenant, default));
    }

    [Fact]
    public async Task Posted_ALateResolve_LaterCardsOfTheWeekShowThePostedFigures_TheRollupTheCurrent()
    {
        var (a, _, sender, data) = await TwoInstancesAsync(new DateTimeOffset(2026, 10, 26, 8, 30, 0, TimeSpan.Zero));
        var site0 = data.Setup.Leadership[1].ChannelId;
        sender.Unreachable[site0] = true;
        Assert.Equal(CardsPerWeek - 1, await a.Delivery.RunOnceAsync(default));
        var posted = (await a.Store.ReadPostedAsync(data.Tenant, ScorecardData.Monday, default)).Single(w => w.TeamId == "team0");

        // An open incident of team 0's week is resolved after the cards were posted.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var open = data.Incidents.First(i => i.Incident.TeamId == "team0" && ScorecardWeek.MondayOf(i.Incident.LoggedAt, zone) == ScorecardData.Monday
            && i.History.Where(h => h.At <= a.Clock.GetUtcNow()).Last().Status is not (CxBot.Features.Incidents.IncidentStatus.Resolved or CxBot.Features.Incidents.IncidentStatus.Declined));
        var stored = (await a.Incidents.GetAsync(CxBot.Features.Incidents.IncidentKeys.Week(data.Tenant, "team0", open.Incident.LoggedAt, zone), open.Incident.Reference, default))!;
        a.Clock.Advance(TimeSpan.FromHours(2));
        var after = stored.Incident with { Status = CxBot.Features.Incidents.IncidentStatus.Resolved, Revision = stored.Incident.Revision + 1 };
        await a.Incidents.SaveAsync(stored, after, new CxBot.Features.Incidents.HistoryEntry(after.Revision, "resolve", "mgr0", a.Clock.GetUtcNow(), CxBot.Features.Incidents.IncidentStatus.Resolved, null), default);
        await a.Service.RollupAsync(data.Tenant, data.Setup, ScorecardData.Monday, default);

        sender.Unreachable.TryRemove(site0, out _);
        Assert.Equal(1, await a.Delivery.RunOnceAsync(default));

        var current = (await a.Store.ReadAsync(data.Tenant, ScorecardData.Monday, ScorecardData.Monday, default)).Single(w => w.TeamId == "team0");
        Assert.Equal(posted, (await a.Store.ReadPostedAsync(data.Tenant, ScorecardData.Monday, default)).Single(w => w.TeamId == "team0"), new JsonEquality());
        Assert.Equal(posted.Incidents.Resolved + 1, current.Incidents.Resolved);
        var cards = sender.Sent.Where(s => Text(s.Activity).Contains("Site 0 Week 2026-W43", StringComparison.Ordinal)).Select(s => s.Activity.Attachments![0].Content!.ToJsonString()).ToList();
        Assert.Equal(2, cards.Count);
        Assert.Equal(cards[0], cards[1]);
    }

    [Theory]
    [InlineData("2026-10-26T07:59:00Z", "Europe/London", "2026-10-12")]
    [InlineData("2026-10-26T08:00:00Z", "Europe/London", "2026-10-19")]
    [InlineData("2026-10-18T19:00:00Z", "Pacific/Auckland", "2026-10-12")] // Monday 08:00 in Auckland (NZDT, UTC+13)
    [InlineData("2026-10-18T18:59:00Z", "Pacific/Auckland", "2026-10-05")]
    public void DueWeek_AroundTheMondaySlot_IsThePreviousWeekOnceTheSlotPassed(string now, string zone, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), ScorecardDelivery.DueWeek(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone), TimeSpan.FromHours(8)));

    /// <summary>Two rollups are the same figures when their JSON is.</summary>
    private sealed class JsonEquality : IEqualityComparer<TeamWeek>
    {
        public bool Equals(TeamWeek? x, TeamWeek? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, ScorecardStore.Json) == System.Text.Json.JsonSerializer.Serialize(y, ScorecardStore.Json);

        public int GetHashCode(TeamWeek obj) => 0;
    }

    /// <summary>The card's title and period (its first two text blocks).</summary>
    private static string Text(CxBot.Protocol.Activity activity) =>
        $"{activity.Attachments![0].Content!["body"]![0]!["text"]} {activity.Attachments![0].Content!["body"]![1]!["text"]}";

    private async Task<(ScorecardHarness A, ScorecardHarness B, RecordingSender Sender, ScorecardData Data)> TwoInstancesAsync(DateTimeOffset now)
    {
        var prefix = TestTables.UniquePrefix();
        var clock = new FakeTimeProvider(now);
        var checkins = new MemoryCheckinResults();
        var sender = new RecordingSender();
        var a = new ScorecardHarness(azurite.Server, prefix, clock, checkins, sender);
        var b = new ScorecardHarness(azurite.Server, prefix, clock, checkins, sender);
        var data = new ScorecardData();
        await data.WriteAsync(a);
        data.WriteCheckins(checkins);
        return (a, b, sender, data);
    }
}
