using CxBot.Features.Measures;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Measures;

/// <summary>The team-week row on real Azurite: concurrent saves from two instances, stale cards, redelivery, decimals.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MeasureStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Monday = new(2026, 11, 30);
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _team = "team/with#odd?chars~" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _prefix = TestTables.UniquePrefix();

    private MeasureStore NewStore() => new(TestTables.CreateService(azurite.Server.Endpoint, _prefix));

    [Fact]
    public async Task SaveAsync_SixManagersOnTwoInstancesAtOnce_EveryFigureKept()
    {
        MeasureStore[] instances = [NewStore(), NewStore()];
        var people = Enumerable.Range(0, 6).Select(i => (Id: Guid.NewGuid().ToString(), Standard: $"standard-{i}", Value: 90m + (i / 4m))).ToList();

        var saves = await Task.WhenAll(people.Select((p, i) => Task.Run(() =>
            instances[i % 2].SaveAsync(_tenant, _team, Monday, [new MeasureChange(p.Standard, p.Value, null)], p.Id, $"Manager {i}", At, default))));
        var week = await instances[0].GetWeekAsync(_tenant, _team, Monday.AddDays(3), default);

        Assert.All(saves, s => Assert.True(s.Saved));
        Assert.Equal(people.Select(p => (p.Standard, p.Value, p.Id)).Order(), week.Values.Select(m => (m.StandardId, m.Value, m.RecordedById)).Order());
    }

    [Fact]
    public async Task SaveAsync_FigureChangedSinceTheCardWasDrawn_RefusedAndNothingOfThatSaveWritten()
    {
        var store = NewStore();
        await store.SaveAsync(_tenant, _team, Monday, [new MeasureChange("slot-kept", 96.5m, null)], "mia", "Mia Manager", At, default);

        var stale = await store.SaveAsync(_tenant, _team, Monday, [new MeasureChange("slot-kept", 95m, null), new MeasureChange("first-time-fix", 90m, null)], "max", "Max Manager", At, default);
        var cleared = await store.SaveAsync(_tenant, _team, Monday, [new MeasureChange("slot-kept", null, 96.5m)], "max", "Max Manager", At.AddMinutes(1), default);
        var clearedAgain = await store.SaveAsync(_tenant, _team, Monday, [new MeasureChange("slot-kept", null, 96.5m)], "max", "Max Manager", At.AddMinutes(2), default);

        Assert.False(stale.Saved);
        Assert.Equal(["slot-kept"], stale.Conflicts);
        Assert.Equal(96.5m, stale.Latest["slot-kept"].Value);
        Assert.True(cleared.Saved);
        Assert.True(clearedAgain.Saved); // a redelivered clear: already so
        Assert.Empty(await store.GetWeekAsync(_tenant, _team, Monday, default));
    }

    [Fact]
    public async Task SaveAsync_DecimalsAndRedelivery_StoredAsTypedAndWrittenOnce()
    {
        var store = NewStore();
        var first = await store.SaveAsync(_tenant, _team, Monday, [new MeasureChange("a", 96.5m, null), new MeasureChange("b", 0.123456m, null), new MeasureChange("c", 1_000_000_000m, null)], "mia", null, At, default);
        var again = await store.SaveAsync(_tenant, _team, Monday, [new MeasureChange("a", 96.50m, null), new MeasureChange("b", 0.123456m, null), new MeasureChange("c", 1_000_000_000m, null)], "mia", null, At.AddHours(1), default);
        var week = await store.GetWeekAsync(_tenant, _team, Monday, default);

        Assert.True(first.Saved && again.Saved);
        Assert.Equal(["96.5", "0.123456", "1000000000"], new[] { "a", "b", "c" }.Select(id => MeasureStore.Format(week[id].Value)));
        Assert.All(week.Values, m => Assert.Equal(At, m.RecordedAt)); // the redelivery wrote nothing
        Assert.Empty(await store.GetWeekAsync(_tenant, _team, Monday.AddDays(7), default));
        Assert.Empty(await store.GetWeekAsync(Guid.NewGuid().ToString(), _team, Monday, default));
    }
}
