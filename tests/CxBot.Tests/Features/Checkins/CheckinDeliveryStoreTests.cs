using CxBot.Features.Checkins;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Checkins;

/// <summary>Delivery outcomes on the person-day rows and the week's summary, on real Azurite: redelivered, concurrent, answered, and rows from before delivery was recorded.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinDeliveryStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 1, 7, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Monday = new(2026, 1, 5);
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _team = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";
    private readonly string _prefix = TestTables.UniquePrefix();

    private CheckinStore NewStore() => new(TestTables.CreateService(azurite.Server.Endpoint, _prefix));

    private static (int Prompted, int Delivered, int Answered, int Awaiting, string NotReached) Figures(CheckinWeek w) =>
        (w.Prompted, w.Delivered, w.Answered, w.Awaiting, string.Join("; ", w.NotReached.Select(p => $"{p.UserId} {p.Reason} {p.Days}")));

    private async Task<(CheckinWeek Stored, CheckinWeek Recomputed)> WeekAsync(CheckinStore store) =>
        (await store.GetWeekAsync(_tenant, _team, Monday, default), CheckinStore.Recompute(await store.GetAnswersAsync(_tenant, _team, Monday, default)));

    [Fact]
    public async Task RecordDeliveryAsync_RedeliveredAndConcurrentOnTwoInstances_EachPersonDayCountedOnce()
    {
        var store = NewStore();
        CheckinStore[] instances = [store, NewStore()];
        var people = Enumerable.Range(0, 30).Select(i => $"p{i:D2}-" + Guid.NewGuid().ToString("N")[..6]).ToList();
        DateOnly[] days = [Monday, Monday.AddDays(2)];
        foreach (var day in days)
        {
            await store.RecordPromptedAsync(_tenant, _team, day, people, At, default);
        }

        // Everyone is reached but the last five: two never opened CxBot, three blocked it; the last one is not told at all.
        List<DeliveryOutcome> Outcomes() => [.. people.Take(24).Select(DeliveryOutcome.Delivered),
            .. people.Skip(24).Take(2).Select(p => new DeliveryOutcome(p, NotReachedReason.NeverOpened)),
            .. people.Skip(26).Take(3).Select(p => new DeliveryOutcome(p, NotReachedReason.Blocked))];
        var writes = days.SelectMany(d => Enumerable.Range(0, 3).Select(n => (Day: d, Instance: instances[n % 2]))).ToList();
        await Task.WhenAll(writes.Select(w => Task.Run(() => w.Instance.RecordDeliveryAsync(_tenant, _team, w.Day, Outcomes(), default))));
        // A late contradiction (a reminder that failed for someone reached) changes nothing: delivered is final.
        var contradiction = await store.RecordDeliveryAsync(_tenant, _team, Monday, [new DeliveryOutcome(people[0], NotReachedReason.Failed)], default);
        var (stored, recomputed) = await WeekAsync(store);

        Assert.Equal(0, contradiction);
        var notReached = string.Join("; ", people.Skip(24).Take(5).Select((p, i) => $"{p} {(i < 2 ? "NeverOpened" : "Blocked")} 2"));
        Assert.Equal((60, 48, 0, 2, notReached), Figures(stored));
        Assert.Equal(Figures(recomputed), Figures(stored));
        Assert.Equal(CheckinDelivery.Pending, (await store.GetAsync(_tenant, _team, Monday, people[29], default))?.Delivery);
    }

    [Fact]
    public async Task AnswerAsync_NotReachedOrStillPending_AnswerProvesDeliveryAndTheLatestReasonRemains()
    {
        var store = NewStore();
        var (missed, pending) = ("missed", "pending");
        foreach (var day in new[] { Monday, Monday.AddDays(1) })
        {
            await store.RecordPromptedAsync(_tenant, _team, day, [missed, pending], At, default);
        }

        await store.RecordDeliveryAsync(_tenant, _team, Monday, [new DeliveryOutcome(missed, NotReachedReason.NeverOpened)], default);
        await store.RecordDeliveryAsync(_tenant, _team, Monday.AddDays(1), [new DeliveryOutcome(missed, NotReachedReason.Blocked)], default);
        var bothDays = (await WeekAsync(store)).Stored;

        // The Monday prompt reached them after all (the engine could not tell): their answer counts it delivered.
        Assert.True(await store.AnswerAsync(_tenant, _team, Monday, missed, new Dictionary<string, double> { ["greet"] = 3 }, At, default));
        Assert.True(await store.AnswerAsync(_tenant, _team, Monday, pending, new Dictionary<string, double> { ["greet"] = 5 }, At, default));
        var (stored, recomputed) = await WeekAsync(store);
        var row = await store.GetAsync(_tenant, _team, Monday, missed, default);

        Assert.Equal((4, 0, 0, 2, "missed Blocked 2"), Figures(bothDays));
        Assert.Equal("blocked or removed CxBot", bothDays.NotReached[0].Label);
        Assert.Equal((4, 2, 2, 1, "missed Blocked 1"), Figures(stored));
        Assert.Equal(Figures(recomputed), Figures(stored));
        Assert.Equal((CheckinDelivery.Delivered, (NotReachedReason?)null), (row?.Delivery, row?.NotReachedReason));
    }

    [Fact]
    public async Task GetWeekAsync_RowsWrittenBeforeDeliveryWasRecorded_EveryPromptedDayCountsDeliveredAndNewDaysAddUp()
    {
        // What the store wrote before it recorded delivery: no Delivery on the rows, no Delivered on the summary.
        var tables = TestTables.CreateService(azurite.Server.Endpoint, _prefix);
        var table = tables.GetTableClient(CheckinNames.CheckinsTable);
        await table.CreateIfNotExistsAsync(default);
        var pk = CheckinKeys.Week(_tenant, _team, Monday);
        foreach (var (user, answered) in new[] { ("old-a", true), ("old-b", false) })
        {
            var row = new TableEntity(pk, CheckinKeys.Answer(Monday, user)) { ["TeamId"] = _team, ["UserId"] = user, ["Date"] = CheckinKeys.Date(Monday), ["PromptedAt"] = At };
            if (answered)
            {
                row["AnsweredAt"] = At;
                row["Values"] = "{\"greet\":4}";
            }

            await table.AddEntityAsync(row, default);
        }

        await table.AddEntityAsync(new TableEntity(pk, CheckinKeys.Summary) { ["Prompted"] = 2, ["Answered"] = 1, ["Values"] = "{\"greet\":[4,1]}" }, default);
        var store = NewStore();
        var (oldStored, oldRecomputed) = await WeekAsync(store);
        var oldRows = await store.GetAnswersAsync(_tenant, _team, Monday, default);

        await store.RecordPromptedAsync(_tenant, _team, Monday.AddDays(1), ["old-a", "new-c"], At, default);
        await store.RecordDeliveryAsync(_tenant, _team, Monday.AddDays(1), [DeliveryOutcome.Delivered("old-a"), new DeliveryOutcome("new-c", NotReachedReason.NotInDirectory)], default);
        // An outcome for an old row changes nothing: it was counted delivered then.
        var old = await store.RecordDeliveryAsync(_tenant, _team, Monday, [new DeliveryOutcome("old-b", NotReachedReason.Failed)], default);
        var (stored, recomputed) = await WeekAsync(store);

        Assert.Equal((2, 2, 1, 0, ""), Figures(oldStored));
        Assert.Equal(Figures(oldRecomputed), Figures(oldStored));
        Assert.All(oldRows, r => Assert.Equal(CheckinDelivery.Delivered, r.Delivery));
        Assert.Equal(0, old);
        Assert.Equal((4, 3, 1, 0, "new-c NotInDirectory 1"), Figures(stored));
        Assert.Equal(Figures(recomputed), Figures(stored));
        Assert.Equal(new ValueTotal(4, 1), stored.Values["greet"]);
    }

    [Fact]
    public void CheckinWeek_BuiltWithoutDeliveryFigures_DeliveredIsPromptedAndNobodyNotReached()
    {
        // Code that predates delivery (and the scorecards' own fakes) keeps compiling and reads as before.
        var week = new CheckinWeek(5, 3, new Dictionary<string, ValueTotal>());
        var answer = new CheckinAnswer("team", "user", Monday, null, new Dictionary<string, double>());

        Assert.Equal((5, 5, 0, 0), (week.Prompted, week.Delivered, week.NotReached.Count, week.Awaiting));
        Assert.Equal((CheckinDelivery.Delivered, (NotReachedReason?)null), (answer.Delivery, answer.NotReachedReason));
    }
}
