using CxBot.Features.Incidents;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Incidents;

/// <summary>
/// The store's summary rows against real Azurite: the reporter's list row (<c>my incidents</c> by one point read) and the
/// recent history kept in the incident row (the card drawn without reading history rows), both with rows from earlier versions.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentStoreTests(AzuriteFixture azurite)
{
    private const string Tenant = "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f";
    private const string Reporter = "5b0a4c1e-0000-4000-8000-00000000a001";
    private static readonly DateTimeOffset Logged = new(2026, 3, 4, 9, 30, 0, TimeSpan.Zero);

    private readonly TableServiceClient _tables = TestTables.CreateService(azurite.Server.Endpoint, TestTables.UniquePrefix());

    [Fact]
    public async Task Claim_NewReporter_ListRowPointsAtIncidentNewestFirst()
    {
        var store = new IncidentStore(_tables);
        var first = await ClaimAsync(store, 1, "a");
        var second = await ClaimAsync(store, 2, "b");

        var list = await Index().GetEntityIfExistsAsync(IncidentKeys.Tenant(Tenant), IncidentKeys.ReporterList(Reporter), default);
        var pointers = await store.ReporterPointersAsync(Tenant, Reporter, 20, default);

        Assert.NotNull(list);
        Assert.Equal([second.Reference, first.Reference], pointers.Select(p => p.Reference));
        Assert.All(pointers, p => Assert.Equal(Pk, p.Pk));
        Assert.Equal([second.Reference, first.Reference], (await store.ByReporterAsync(Tenant, Reporter, 20, default)).Select(s => s.Incident.Reference));
    }

    [Fact]
    public async Task ReporterPointers_RowsFromBeforeListRows_ReadByQueryThenMigratedByNextClaim()
    {
        var store = new IncidentStore(_tables);
        var index = Index();
        await index.CreateIfNotExistsAsync(default);

        // What an earlier version left: pointer rows per reporter, no list row.
        string[] old = [Reference(1), Reference(2)];
        foreach (var reference in old)
        {
            await index.AddEntityAsync(new TableEntity(IncidentKeys.Tenant(Tenant), IncidentKeys.ByReporter(Reporter, reference)) { ["Pk"] = Pk }, default);
        }

        var before = await store.ReporterPointersAsync(Tenant, Reporter, 20, default);
        var added = await ClaimAsync(store, 3, "new");
        var list = await index.GetEntityIfExistsAsync(IncidentKeys.Tenant(Tenant), IncidentKeys.ReporterList(Reporter), default);
        var after = await store.ReporterPointersAsync(Tenant, Reporter, 20, default);

        Assert.Equal([old[1], old[0]], before.Select(p => p.Reference));
        Assert.NotNull(list);
        Assert.Equal([added.Reference, old[1], old[0]], after.Select(p => p.Reference));
    }

    [Fact]
    public async Task Claim_SameReporterConcurrently_EveryClaimListedOnce()
    {
        var store = new IncidentStore(_tables);
        await ClaimAsync(store, 1, "seed");

        var claims = await Task.WhenAll(Enumerable.Range(2, 12).Select(n => store.ClaimAsync(Incident(n), Pk, "parallel-" + n, default)));
        var claimed = Enumerable.Range(2, 12).Select(Incident).ToList();
        var redelivered = await store.ClaimAsync(Incident(2), Pk, "parallel-2", default);
        var pointers = await store.ReporterPointersAsync(Tenant, Reporter, 100, default);

        Assert.All(claims, Assert.Null);
        Assert.NotNull(redelivered);
        Assert.Equal(Reference(2), redelivered.Reference);
        Assert.Equal(13, pointers.Count);
        Assert.Equal(claimed.Select(c => c.Reference).Append(Reference(1)).OrderByDescending(r => r, StringComparer.Ordinal), pointers.Select(p => p.Reference));
    }

    [Fact]
    public async Task Claim_SameReporterSixtyAtOnce_NoneAskedToRetryAndEveryClaimListedOnce()
    {
        // Under a backlog one reporter's submissions arrive together. With the list row rewritten over its ETag, each round of
        // them let one through, and the rest were answered "busy" after 16 tries; now each claim merges its own property.
        using var transactions = new TableRequestCounter();
        var (store, tables) = await SeededStoreAsync(transactions);

        var before = transactions.Batches;
        var claims = await Task.WhenAll(Enumerable.Range(2, 60).Select(n => store.ClaimAsync(Incident(n), Pk, "burst-" + n, default)));
        var burstTransactions = transactions.Batches - before;
        var afterBurst = await store.ReporterPointersAsync(Tenant, Reporter, 100, default);
        for (var n = 62; n <= 161; n++)
        {
            await ClaimAsync(store, n, "after-" + n);
        }

        var listed = await store.ReporterPointersAsync(Tenant, Reporter, 100, default);
        var row = await tables.GetTableClient(IncidentNames.IndexTable).GetEntityIfExistsAsync(IncidentKeys.Tenant(Tenant), IncidentKeys.ReporterList(Reporter), default);

        Assert.All(claims, Assert.Null);
        // One each, plus at most one redone per claim that read the row past the fold threshold (the last 10) and met a merge.
        Assert.InRange(burstTransactions, 60, 70);
        Assert.Equal(Enumerable.Range(1, 61).Reverse().Select(Reference), afterBurst.Select(p => p.Reference));
        Assert.Equal(Enumerable.Range(62, 100).Reverse().Select(Reference), listed.Select(p => p.Reference));
        Assert.All(listed, p => Assert.Equal(Pk, p.Pk));
        Assert.InRange(row!.Keys.Count(), 1, 60); // folded again: one property per claim since the last fold, not one per claim ever
    }

    [Fact]
    public async Task Create_FortyIncidentsOfOneWeekAtOnce_OneTransactionEachAndTheCountersAddUp()
    {
        // Under a backlog, incidents of one team-week collided on the week's 8 counters shards: each refused transaction was
        // read again and redone (35,437 refusals in a 10-minute load). This instance's writers of one shard now take turns.
        using var requests = new TableRequestCounter();
        var (store, _) = await SeededStoreAsync(requests);
        var incidents = Enumerable.Range(2, 40).Select(Incident).ToList();

        var (before, beforeAll) = (requests.Batches, requests.Total);
        var created = await Task.WhenAll(incidents.Select(i => store.CreateAsync(i, Pk, new HistoryEntry(1, "logged", Reporter, Logged, IncidentStatus.New, null), default)));
        var transactions = requests.Batches - before;
        var reads = requests.Total - beforeAll - transactions;
        var counters = await store.CountersAsync(Pk, default);

        Assert.Equal(incidents.Select(i => i.Reference), created.Select(c => c.Incident.Reference));
        Assert.Equal(40, transactions);
        Assert.InRange(reads, 0, IncidentKeys.CounterShards); // each shard read once at most, then remembered (40 reads before)
        Assert.Equal(41, counters.Logged);
    }

    [Fact]
    public async Task Create_TwoInstancesWriteOneWeekInTurn_RememberedShardsGiveWayToTheOtherAndCountersAddUp()
    {
        // Each instance remembers the shards it wrote; the other's writes make its memory stale, which the ETag must catch.
        var first = new IncidentStore(_tables);
        var second = new IncidentStore(_tables);
        await ClaimAsync(first, 1, "seed");

        for (var n = 2; n <= 41; n++)
        {
            var store = n % 3 == 0 ? second : first;
            await store.CreateAsync(Incident(n), Pk, new HistoryEntry(1, "logged", Reporter, Logged, IncidentStatus.New, null), default);
        }

        var stored = await Task.WhenAll(Enumerable.Range(42, 20).Select(n => (n % 2 == 0 ? first : second).CreateAsync(Incident(n), Pk, new HistoryEntry(1, "logged", Reporter, Logged, IncidentStatus.New, null), default)));
        var counters = await second.CountersAsync(Pk, default);

        Assert.Equal(20, stored.Length);
        Assert.Equal(61, counters.Logged);
    }

    [Fact]
    public async Task NextReference_FirstCallerGivesUpWhileTheBlockIsReserved_NextCallerGetsThatBlock()
    {
        // Under a backlog, callers whose requests were cancelled dropped the reservation they waited for, and each next caller
        // reserved again beside it: reservations raced on the counter row (tens of thousands of 412s in a 10-minute load).
        var faults = new StorageFaults { Latency = TimeSpan.FromMilliseconds(300) };
        using var slow = faults.CreateHandler();
        slow.InnerHandler = new SocketsHttpHandler();
        var store = new IncidentStore(TestTables.CreateService(azurite.Server.Endpoint, TestTables.UniquePrefix(), inner: slow));
        await store.NextReferenceAsync(Tenant, 2025, default); // the table exists: a reservation is now a read, then a write
        using var givesUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.NextReferenceAsync(Tenant, 2026, givesUp.Token));
        var next = await store.NextReferenceAsync(Tenant, 2026, default);

        Assert.Equal(Reference(1), next);
    }

    [Fact]
    public async Task ReporterList_MoreClaimsThanItKeeps_ListKeepsNewestAndLongerReadsQuery()
    {
        var store = new IncidentStore(_tables);
        var count = IncidentStore.ReporterListSize + 3;
        for (var n = 1; n <= count; n++)
        {
            await ClaimAsync(store, n, "t" + n);
        }

        var listed = await store.ReporterPointersAsync(Tenant, Reporter, IncidentStore.ReporterListSize, default);
        var all = await store.ReporterPointersAsync(Tenant, Reporter, int.MaxValue, default);

        Assert.Equal(Enumerable.Range(4, IncidentStore.ReporterListSize).Reverse().Select(Reference), listed.Select(p => p.Reference));
        Assert.Equal(count, all.Count);
    }

    [Fact]
    public async Task Save_ManyChanges_RecentKeepsLastEntriesClippedAndHistoryKeepsAll()
    {
        var store = new IncidentStore(_tables);
        var incident = Incident(1);
        await store.ClaimAsync(incident, Pk, "h", default);
        var stored = await store.CreateAsync(incident, Pk, new HistoryEntry(1, "logged", Reporter, Logged, IncidentStatus.New, null), default);
        var created = stored.Incident.Recent;
        var longNote = new string('n', 500);
        for (var rev = 2; rev <= 11; rev++)
        {
            var after = stored.Incident with { Revision = rev };
            stored = await store.SaveAsync(stored, after, new HistoryEntry(rev, "note", "mgr", Logged.AddMinutes(rev), IncidentStatus.New, longNote), default);
        }

        var reread = (await store.GetAsync(Pk, incident.Reference, default))!;
        var recent = await store.RecentHistoryAsync(reread, default);
        var history = await store.HistoryAsync(reread, default);

        Assert.Equal(["logged"], created!.Select(h => h.Action));
        Assert.Equal(Enumerable.Range(4, IncidentStore.RecentEntries), recent.Select(h => h.Revision));
        Assert.All(recent, h => Assert.True(h.Text!.Length < longNote.Length));
        Assert.Equal(11, history.Count);
        Assert.Equal(longNote, history[^1].Text);
        Assert.Equal(reread.ETag, stored.ETag);
    }

    [Fact]
    public async Task RecentHistory_RowWrittenBeforeRecent_ReadFromHistoryRowsThenKeptByNextSave()
    {
        var store = new IncidentStore(_tables);
        var incidents = _tables.GetTableClient(IncidentNames.IncidentsTable);
        await incidents.CreateIfNotExistsAsync(default);
        await Index().CreateIfNotExistsAsync(default);
        var incident = Incident(1) with { Revision = 2 };

        // What an earlier version left: the incident row without recent entries, and its history rows.
        await incidents.AddEntityAsync(IncidentStore.IncidentRow(incident, Pk), default);
        await incidents.AddEntityAsync(IncidentStore.HistoryRow(incident.Reference, Pk, new HistoryEntry(1, "logged", Reporter, Logged, IncidentStatus.New, null)), default);
        await incidents.AddEntityAsync(IncidentStore.HistoryRow(incident.Reference, Pk, new HistoryEntry(2, "acknowledge", "mgr", Logged.AddMinutes(5), IncidentStatus.Acknowledged, null)), default);

        var legacy = (await store.GetAsync(Pk, incident.Reference, default))!;
        var fallback = await store.RecentHistoryAsync(legacy, default);
        var saved = await store.SaveAsync(legacy, legacy.Incident with { Revision = 3 }, new HistoryEntry(3, "note", "mgr", Logged.AddMinutes(9), IncidentStatus.Acknowledged, "called"), default);
        var migrated = (await store.GetAsync(Pk, incident.Reference, default))!;

        Assert.Null(legacy.Incident.Recent);
        Assert.Equal(["logged", "acknowledge"], fallback.Select(h => h.Action));
        Assert.Equal(["logged", "acknowledge", "note"], migrated.Incident.Recent!.Select(h => h.Action));
        Assert.Equal(saved.Incident.Recent!.Select(h => h.Action), migrated.Incident.Recent!.Select(h => h.Action));
    }

    private static string Pk => IncidentKeys.WeekOf(Tenant, "19:team@thread.tacv2", DateOnly.FromDateTime(Logged.UtcDateTime));

    private static string Reference(int n) => IncidentKeys.Reference(2026, n);

    private static Incident Incident(int n) => new(
        Reference(n), Tenant, "19:team@thread.tacv2", "Team", Reporter, "Reporter", "what", Logged.AddHours(-1), null, null,
        Severity.Low, RootCause.Tools, false, null, null, "GBP", IncidentStatus.New, null, Logged, Logged.AddHours(2), Logged.AddDays(1), null, 1, [], []);

    private static async Task<Incident> ClaimAsync(IncidentStore store, int n, string token)
    {
        var incident = Incident(n);
        Assert.Null(await store.ClaimAsync(incident, Pk, token, default));
        await store.CreateAsync(incident, Pk, new HistoryEntry(1, "logged", Reporter, Logged, IncidentStatus.New, null), default);
        return incident;
    }

    /// <summary>A store on fresh tables whose requests go through <paramref name="requests"/>, with the reporter's first incident written.</summary>
    private async Task<(IncidentStore Store, TableServiceClient Tables)> SeededStoreAsync(TableRequestCounter requests)
    {
        var tables = TestTables.CreateService(azurite.Server.Endpoint, TestTables.UniquePrefix(), inner: requests);
        var store = new IncidentStore(tables);
        await ClaimAsync(store, 1, "seed");
        return (store, tables);
    }

    private TableClient Index() => _tables.GetTableClient(IncidentNames.IndexTable);
}
