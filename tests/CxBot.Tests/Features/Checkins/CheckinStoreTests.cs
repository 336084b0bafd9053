using CxBot.Features.Checkins;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Checkins;

/// <summary>The week summary against the answers it is kept from, on real Azurite, under concurrency and redelivery.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 1, 7, 17, 0, 0, TimeSpan.Zero);
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _team = "19:" + Guid.NewGuid().ToString("N") + "@thread.tacv2";

    private readonly string _prefix = TestTables.UniquePrefix();

    private CheckinStore NewStore() => new(TestTables.CreateService(azurite.Server.Endpoint, _prefix));

    [Fact]
    public void AddCheckinResults_OnItsOwnWithTheTables_ResolvesTheStoreItselfAndTwiceRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TestTables.CreateService(azurite.Server.Endpoint, _prefix));
        services.AddCheckinResults().AddCheckinResults();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Same(provider.GetRequiredService<CheckinStore>(), provider.GetRequiredService<ICheckinResults>());
        Assert.Single(services, d => d.ServiceType == typeof(CheckinStore));
        Assert.Single(services, d => d.ServiceType == typeof(ICheckinResults));
    }

    [Fact]
    public async Task AnswerAsync_ConcurrentAnswersChangesAndRedeliveriesOnTwoInstances_SummaryEqualsRecomputation()
    {
        // Two stores stand for two bot instances: each queues its own writers, and the summary's ETag settles the races between them.
        var store = NewStore();
        CheckinStore[] instances = [store, NewStore()];
        var monday = new DateOnly(2026, 1, 5);
        var people = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var date in new[] { monday, monday.AddDays(2), monday.AddDays(6) })
        {
            await store.RecordPromptedAsync(_tenant, _team, date, people, At, default);
        }

        var writes = people.SelectMany((p, i) => new[]
        {
            (Person: p, Date: monday, Values: new Dictionary<string, double> { ["greet"] = 1 + (i % 5), ["queue"] = i * 0.5 }),
            (Person: p, Date: monday, Values: new Dictionary<string, double> { ["greet"] = 5 - (i % 5) }), // changed
            (Person: p, Date: monday.AddDays(2), Values: new Dictionary<string, double> { ["queue"] = 3.25 }),
            (Person: p, Date: monday.AddDays(2), Values: new Dictionary<string, double> { ["queue"] = 3.25 }), // redelivered
        }).ToList();
        await Task.WhenAll(people.Select((p, i) => Task.Run(async () =>
        {
            foreach (var w in writes.Where(w => w.Person == p))
            {
                Assert.True(await instances[i % 2].AnswerAsync(_tenant, _team, w.Date, w.Person, w.Values, At, default));
            }
        })));

        var week = await store.GetWeekAsync(_tenant, _team, monday, default);
        var recomputed = CheckinStore.Recompute(await store.GetAnswersAsync(_tenant, _team, monday, default));

        Assert.Equal((36, 24), (week.Prompted, week.Answered));
        Assert.Equal((recomputed.Prompted, recomputed.Answered), (week.Prompted, week.Answered));
        Assert.Equal(recomputed.Values.OrderBy(v => v.Key), week.Values.OrderBy(v => v.Key));
        Assert.Equal(new ValueTotal(people.Select((_, i) => 5.0 - (i % 5)).Sum(), 12), week.Values["greet"]);
        Assert.Equal(new ValueTotal(12 * 3.25, 12), week.Values["queue"]);
    }

    [Fact]
    public async Task RecordPromptedAsync_Repeated_CountsEachPersonDayOnce()
    {
        var store = NewStore();
        var date = new DateOnly(2026, 1, 6);
        var people = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid().ToString()).ToList();

        await Task.WhenAll(store.RecordPromptedAsync(_tenant, _team, date, people, At, default), store.RecordPromptedAsync(_tenant, _team, date, people[..80], At, default));
        await store.RecordPromptedAsync(_tenant, _team, date, people, At, default);

        var week = await store.GetWeekAsync(_tenant, _team, new DateOnly(2026, 1, 5), default);
        Assert.Equal((150, 0), (week.Prompted, week.Answered));
        Assert.Equal(150, (await store.UnansweredAsync(_tenant, _team, date, default)).Count);
    }

    [Fact]
    public async Task AnswerAsync_NotPrompted_FalseAndNothingWritten()
    {
        var store = NewStore();
        var date = new DateOnly(2026, 1, 6);
        await store.RecordPromptedAsync(_tenant, _team, date, ["someone-else"], At, default);

        var stored = await store.AnswerAsync(_tenant, _team, date, Guid.NewGuid().ToString(), new Dictionary<string, double> { ["greet"] = 3 }, At, default);

        Assert.False(stored);
        Assert.Equal((1, 0), ((await store.GetWeekAsync(_tenant, _team, date, default)).Prompted, (await store.GetWeekAsync(_tenant, _team, date, default)).Answered));
    }

    [Fact]
    public async Task GetWeekAsync_WeekKeysFollowTheLocalIsoWeek_SundayAndNextMondayApart()
    {
        var store = NewStore();
        await store.RecordPromptedAsync(_tenant, _team, new DateOnly(2026, 1, 11), ["a"], At, default);
        await store.RecordPromptedAsync(_tenant, _team, new DateOnly(2026, 1, 12), ["a", "b"], At, default);

        Assert.Equal(1, (await store.GetWeekAsync(_tenant, _team, new DateOnly(2026, 1, 5), default)).Prompted);
        Assert.Equal(2, (await store.GetWeekAsync(_tenant, _team, new DateOnly(2026, 1, 12), default)).Prompted);
        Assert.Equal(CheckinWeek.Empty.Prompted, (await store.GetWeekAsync(_tenant, _team, new DateOnly(2026, 1, 19), default)).Prompted);
    }
}
